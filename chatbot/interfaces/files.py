"""Writing a file the user named (/save) so that a failure can never cost them the old one.

The text is written to a temporary file in the same folder and renamed over the target only once it
is complete and on disk: a full disk, a size limit or an interrupt leaves the old file untouched and
no empty or half-written new one (the temporary is removed in `finally`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def save_text(path: Path, text: str, *, replace: bool) -> None:
    """Write `text` to `path` whole or not at all; FileExistsError if it appeared and `replace` is False."""
    data = text.encode("utf-8")
    mode = stat.S_IMODE(path.stat().st_mode) if replace else None
    temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(temporary, flags, 0o600 if replace else 0o666)  # a new file: 0666 minus the umask
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())  # on disk before the rename, or a crash could leave it empty
        if mode is not None:
            os.chmod(temporary, mode)  # the replaced file keeps its permissions
            os.replace(temporary, path)  # atomic: the old text or the new, never half of either
        else:
            _link_new(temporary, path)
    finally:
        try:
            temporary.unlink(missing_ok=True)  # after a rename it is gone; after a link, a second name
        except OSError:
            pass


def _link_new(temporary: Path, path: Path) -> None:
    """Put the file at `path` only if nothing is there (a file that appeared since the check is kept)."""
    try:
        os.link(temporary, path)  # fails with FileExistsError instead of replacing
    except (PermissionError, NotImplementedError):  # a file system without hard links: rename, carefully
        if path.exists():
            raise FileExistsError(17, "the file appeared in the meantime", str(path)) from None
        os.rename(temporary, path)
