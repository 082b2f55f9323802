"""The engine cache: plain JSON that runs no code, private to the user, checked before use, never stale."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import threading
import time
from pathlib import Path

import pytest

from chatbot import Bot
from chatbot import bot as bot_module
from chatbot.bot import load_engine
from chatbot.errors import DataError
from chatbot.knowledge import cache, schema
from chatbot.knowledge.cache import DISABLE_VARIABLE, cached, fingerprint
from chatbot.knowledge.paths import bundled_dir
from chatbot.knowledge.plain import from_plain, to_plain
from chatbot.knowledge.schema import Skill

OTHER_USER = 12345  # an uid that is not ours, for files "owned by another user" (needs root to chown)
as_root = pytest.mark.skipif(os.getuid() != 0, reason="chown to another user needs root")


@pytest.fixture()
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(DISABLE_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bot_module._engine.cache_clear()
    yield tmp_path / "cache" / "careerbot"
    bot_module._engine.cache_clear()


def _data_copy(tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(bundled_dir("knowledge"), tmp_path / "knowledge")
    shutil.copytree(bundled_dir("intents"), tmp_path / "intents")
    return tmp_path / "knowledge", tmp_path / "intents"


def _entry(cache_home: Path) -> Path:
    entries = list(cache_home.glob("engine-*.json"))
    assert len(entries) == 1, entries
    return entries[0]


# --- the engine through the cache --------------------------------------------------------------------


def test_second_load_comes_from_the_cache(cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The first start stores the engine, private to the user; the next loads it without any YAML."""
    knowledge, intents = _data_copy(tmp_path)
    first = load_engine(knowledge, intents)
    entry = _entry(cache_home)
    assert cache_home.stat().st_mode & 0o777 == 0o700 and entry.stat().st_mode & 0o777 == 0o600
    assert entry.read_bytes().startswith(cache.MAGIC)
    bot_module._engine.cache_clear()
    monkeypatch.setattr(bot_module, "_build_engine", lambda *_: pytest.fail("rebuilt despite the cache"))
    second = load_engine(knowledge, intents)
    assert second is not first and second.kb == first.kb and second.intents == first.intents


MESSAGES = [
    "what does a medcal biler do",
    "how much do coders make",
    "and phlebotomists?",
    "PA vs NP",
    "which nurse pays more",
    "2",
    "jobs with no degree where i can work from home",
    "which job fits me",
    "stop",
    "what certification does a CMA need",
    "is there demand for lab techs",
    "I want to be a pharmacist",
    "my bill is wrong",
    "thanks, bye",
]


def test_the_cached_engine_answers_as_the_built_one(cache_home: Path, tmp_path: Path) -> None:
    """An engine read back from the cache gives the same replies, turn for turn, as one built from YAML."""
    knowledge, intents = _data_copy(tmp_path)
    built = Bot(knowledge, intents, use_cache=False)
    load_engine(knowledge, intents)  # stores it: every part of the engine is plain data the cache can hold
    assert _entry(cache_home).stat().st_size > 100_000
    bot_module._engine.cache_clear()
    from_cache = Bot(knowledge, intents)
    assert from_cache.engine is not built.engine
    for message in MESSAGES:
        assert from_cache.reply(message).to_dict() == built.reply(message).to_dict(), message


def test_an_edited_data_file_is_noticed(cache_home: Path, tmp_path: Path) -> None:
    """Changing a knowledge file makes the cached engine unusable: the new figure is served."""
    knowledge, intents = _data_copy(tmp_path)
    load_engine(knowledge, intents)
    bot_module._engine.cache_clear()
    _raise_phlebotomist_pay(knowledge / "roles" / "phlebotomist.yaml")
    assert load_engine(knowledge, intents).kb.role("phlebotomist").salary.median_annual == 43661


def _raise_phlebotomist_pay(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "median_annual: 43660" in text
    path.write_text(text.replace("median_annual: 43660", "median_annual: 43661"), encoding="utf-8")


def test_an_edit_in_a_symlinked_roles_folder_is_noticed(cache_home: Path, tmp_path: Path) -> None:
    """roles/ as a symlink to a folder elsewhere: its files are in the fingerprint like any others."""
    knowledge, intents = _data_copy(tmp_path)
    (knowledge / "roles").rename(tmp_path / "real_roles")
    (knowledge / "roles").symlink_to(tmp_path / "real_roles")
    load_engine(knowledge, intents)
    bot_module._engine.cache_clear()
    _raise_phlebotomist_pay(tmp_path / "real_roles" / "phlebotomist.yaml")
    assert load_engine(knowledge, intents).kb.role("phlebotomist").salary.median_annual == 43661


@pytest.mark.parametrize("target", ["nowhere.yaml", "loop.yaml"], ids=["dangling", "looping"])
def test_a_broken_symlink_means_no_cache_and_a_clear_problem(cache_home: Path, tmp_path: Path, target: str):
    """A file whose stat() fails is no crash: no cache is used and the loader names the file."""
    knowledge, intents = _data_copy(tmp_path)
    (knowledge / "roles" / "loop.yaml").symlink_to(knowledge / "roles" / target)
    assert fingerprint((knowledge, intents)) is None
    with pytest.raises(DataError, match="loop.yaml: cannot read the file"):
        load_engine(knowledge, intents)
    assert not cache_home.exists() or not list(cache_home.iterdir())


def test_a_folder_symlink_loop_ends(tmp_path: Path) -> None:
    """A folder that links back to its parent is walked once, not forever."""
    (tmp_path / "data" / "sub").mkdir(parents=True)
    (tmp_path / "data" / "sub" / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "data" / "sub" / "back").symlink_to(tmp_path / "data")
    key = fingerprint((tmp_path / "data",))
    assert key is not None and key.count("a.yaml") == 1


def test_invalid_data_is_never_cached(cache_home: Path, tmp_path: Path) -> None:
    """Broken data raises its DataError every time; nothing is stored for it."""
    knowledge, intents = _data_copy(tmp_path)
    (knowledge / "roles" / "phlebotomist.yaml").write_text("id: [", encoding="utf-8")
    with pytest.raises(DataError):
        load_engine(knowledge, intents)
    assert not list(cache_home.glob("engine-*"))


def test_a_planted_pickle_is_never_run(cache_home: Path, tmp_path: Path) -> None:
    """A pickle put where the entry is (or where old versions kept one) is data that fails to load."""
    knowledge, intents = _data_copy(tmp_path)
    load_engine(knowledge, intents)
    marker = tmp_path / "code-was-run"
    planted = pickle.dumps(_Planted(str(marker)))
    _entry(cache_home).write_bytes(planted)
    (cache_home / "engine-0123abcd.pickle").write_bytes(planted)
    bot_module._engine.cache_clear()
    assert load_engine(knowledge, intents).kb.role("medical_coder").id == "medical_coder"
    assert not marker.exists()
    assert not (cache_home / "engine-0123abcd.pickle").exists()  # an old entry of ours, removed
    assert _entry(cache_home).read_bytes().startswith(cache.MAGIC)  # replaced by a good entry


class _Planted:
    """Unpickling this creates the marker file: proof that the cache ran code."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (open, (self.marker, "w"))


# --- the file and its folder, with a cheap object in place of the engine -----------------------------


class Counter:
    """A stand-in for building the engine: counts the builds, returns a small object of the schema."""

    def __init__(self) -> None:
        self.builds = 0

    def __call__(self) -> Skill:
        self.builds += 1
        return Skill("reading", "visit notes")


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    return tmp_path / "data"


def _cached(data: Path, folder: Path, build: Counter) -> object:
    return cached((data,), build, kinds=(schema,), directory=folder)


def test_a_hit_needs_no_build(data: Path, tmp_path: Path) -> None:
    """The second call reads the entry the first one wrote."""
    build = Counter()
    first, second = _cached(data, tmp_path / "c", build), _cached(data, tmp_path / "c", build)
    assert first == second == Skill("reading", "visit notes") and build.builds == 1


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x80\x05\x95" + b"\xff" * 7 + b"\x7e", b"not a cache", cache.MAGIC + b"\n\n\n{}"],
    ids=["empty", "overflowing-pickle", "garbage", "header-only"],
)
def test_a_damaged_entry_is_a_miss_and_is_replaced(data: Path, tmp_path: Path, damage: bytes) -> None:
    """Whatever the bytes, reading them is a miss (never an exception): built again and stored again."""
    build = Counter()
    _cached(data, tmp_path / "c", build)
    entry = _entry(tmp_path / "c")
    entry.write_bytes(damage)
    assert _cached(data, tmp_path / "c", build) == Skill("reading", "visit notes")
    assert build.builds == 2 and entry.read_bytes().startswith(cache.MAGIC)


def test_every_flipped_byte_is_caught_by_the_digest(data: Path, tmp_path: Path) -> None:
    """No single changed byte, in the header or the data, is ever decoded into a (different) object."""
    build = Counter()
    _cached(data, tmp_path / "c", build)
    entry = _entry(tmp_path / "c")
    good = entry.read_bytes()
    for position in range(len(good)):
        for flip in (0x01, 0x80):
            damaged = bytearray(good)
            damaged[position] ^= flip
            entry.write_bytes(bytes(damaged))
            before = build.builds
            assert _cached(data, tmp_path / "c", build) == Skill("reading", "visit notes")
            assert build.builds == before + 1, f"byte {position} ^ {flip:#x} was accepted"


def test_the_entry_holds_only_plain_data(data: Path, tmp_path: Path) -> None:
    """The stored body is JSON; a class outside the allowed modules is refused when reading."""
    _cached(data, tmp_path / "c", Counter())
    size, _, body = _entry(tmp_path / "c").read_bytes().split(b"\n", 4)[2:]
    plain = json.loads(body[: int(size)])
    assert plain["table"][0][0] == "chatbot.knowledge.schema:Skill"
    plain["table"][0][0] = "os:system"
    with pytest.raises(ValueError, match="unexpected class"):
        from_plain(plain, (schema,))
    with pytest.raises(TypeError):
        to_plain(threading.Lock(), (schema,))


def test_plain_data_round_trips_exactly() -> None:
    """Numbers in bulk (array.array), defaultdicts, sets, shared objects and tuple keys come back equal."""
    import array
    import collections

    shared = Skill("reading", "visit notes")
    counts: collections.defaultdict[str, float] = collections.defaultdict(float, {"a": 0.1})
    value = {
        ("tuple", "key"): [shared, shared],
        "vectors": array.array("d", [0.1, -2.5e-300, 1e300]),
        "counts": counts,
        "words": frozenset({"coder", "biller"}),
        "weights": {index: tuple((n, n / 7) for n in range(index)) for index in range(5)},
        "rows": tuple((n, float(n)) for n in range(100)),
        "postings": {"a": array.array("i", [1, 2]), "b": array.array("i", [])},
        "lists": [array.array("d", [0.5]), array.array("d", [1.5, 2.5])],
        "mixed": {1: ((1, "x"),), 2: ((2, 0.5),)},
    }
    plain, numbers = to_plain(value, (schema,))
    back = from_plain(json.loads(json.dumps(plain)), (schema,), numbers)
    assert back == value and back["counts"].default_factory is float
    assert [type(cell) for cell in back["rows"][3]] == [int, float]
    assert back[("tuple", "key")][0] is back[("tuple", "key")][1]


def test_a_folder_open_to_others_is_tightened(data: Path, tmp_path: Path) -> None:
    """The user's own cache folder left 0777 (by hand, by an old version) is made 0700 before use."""
    folder = tmp_path / "c"
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)
    _cached(data, folder, Counter())
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_symlinked_cache_folder_is_not_used_and_its_target_untouched(data: Path, tmp_path: Path) -> None:
    """A cache folder that is a symlink is refused: nothing is read, written or deleted in the target."""
    target = tmp_path / "someone-elses"
    target.mkdir()
    theirs = target / "engine-0123456789abcdef.json"
    theirs.write_text("not ours", encoding="utf-8")
    (tmp_path / "c").symlink_to(target)
    build = Counter()
    _cached(data, tmp_path / "c", build)
    _cached(data, tmp_path / "c", build)
    assert build.builds == 2
    assert sorted(p.name for p in target.iterdir()) == [theirs.name] and theirs.read_text() == "not ours"


@pytest.mark.parametrize("how", ["group-writable", "symlink"])
def test_an_entry_others_could_have_written_is_not_read(data: Path, tmp_path: Path, how: str) -> None:
    """An entry writable by others, or a symlink in its place, is a miss; the entry is rewritten."""
    build = Counter()
    _cached(data, tmp_path / "c", build)
    entry = _entry(tmp_path / "c")
    if how == "group-writable":
        entry.chmod(0o664)
    else:
        moved = tmp_path / "elsewhere.json"
        entry.rename(moved)
        entry.symlink_to(moved)
    _cached(data, tmp_path / "c", build)
    assert build.builds == 2 and not entry.is_symlink() and entry.stat().st_mode & 0o777 == 0o600


@as_root
def test_a_folder_or_entry_of_another_user_is_refused(data: Path, tmp_path: Path) -> None:
    """Another user's folder is never used (even 0777); another user's entry is never read."""
    folder = tmp_path / "c"
    build = Counter()
    _cached(data, folder, build)
    entry = _entry(folder)
    os.chown(entry, OTHER_USER, OTHER_USER)
    _cached(data, folder, build)
    assert build.builds == 2 and entry.stat().st_uid == os.getuid()  # replaced by our own
    os.chown(folder, OTHER_USER, OTHER_USER)
    folder.chmod(0o777)
    _cached(data, folder, build)
    _cached(data, folder, build)
    assert build.builds == 4 and folder.stat().st_mode & 0o777 == 0o777  # not ours: left alone


def test_a_fifo_in_place_of_the_entry_is_no_hang(data: Path, tmp_path: Path) -> None:
    """Opening the entry never waits for a writer: a FIFO there is a miss, then replaced."""
    build = Counter()
    _cached(data, tmp_path / "c", build)
    entry = _entry(tmp_path / "c")
    entry.unlink()
    os.mkfifo(entry, 0o600)
    worker = threading.Thread(target=_cached, args=(data, tmp_path / "c", build), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "reading the cache waited on a FIFO"
    assert build.builds == 2 and entry.is_file()


def test_a_failed_write_leaves_no_temporary_file(data: Path, tmp_path: Path, monkeypatch) -> None:
    """A full disk (here: the rename fails) costs the cache, never a leftover file; the object still comes."""

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", full)
    assert _cached(data, tmp_path / "c", Counter()) == Skill("reading", "visit notes")
    assert list((tmp_path / "c").iterdir()) == []


def test_an_interrupted_write_leaves_no_temporary_file(data: Path, tmp_path: Path, monkeypatch) -> None:
    """Ctrl-C or SIGTERM (SystemExit in main) in the middle of a write: the temporary goes in `finally`."""

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cache.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _cached(data, tmp_path / "c", Counter())
    assert list((tmp_path / "c").iterdir()) == []


def test_only_our_own_old_files_are_removed(data: Path, tmp_path: Path) -> None:
    """Stale temporaries and entries beyond the newest few go; fresh temporaries and other files stay."""
    folder = tmp_path / "c"
    folder.mkdir(mode=0o700)
    stale, fresh = folder / ".engine-00000000000000aa.tmp", folder / ".engine-00000000000000bb.tmp"
    old_entries = [folder / f"engine-{index:016x}.json" for index in range(cache.KEEP_ENTRIES + 2)]
    other = folder / "notes.txt"
    for path in (stale, fresh, *old_entries, other):
        path.write_text("x", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    for index, path in enumerate((stale, *old_entries)):
        os.utime(path, (an_hour_ago + index, an_hour_ago + index))
    _cached(data, folder, Counter())
    left = {path.name for path in folder.iterdir()}
    assert stale.name not in left and {fresh.name, other.name} <= left
    assert len([name for name in left if cache.ENTRY_NAME.fullmatch(name)]) == cache.KEEP_ENTRIES


def test_no_cache_folder_means_building(data: Path) -> None:
    """CAREERBOT_NO_CACHE (directory None) builds every time."""
    build = Counter()
    cached((data,), build, kinds=(schema,), directory=None)
    cached((data,), build, kinds=(schema,), directory=None)
    assert build.builds == 2
