"""`python -m chatbot` and the `careerbot` script: the command line, Ctrl-C caught from the first moment.

The command line's modules are imported inside `run`, so an interrupt during start-up ends the program
with exit code 130 and one short line instead of a traceback from the middle of an import.
"""

import sys

INTERRUPTED = 130  # ExitStatus.INTERRUPTED, which cannot be imported before the interrupt is caught


def run() -> None:
    """Run `careerbot` with the command-line arguments and exit with its status."""
    try:
        from .interfaces.cli import main

        code = main()
    except KeyboardInterrupt:
        sys.stderr.write("\nInterrupted.\n")
        code = INTERRUPTED
    except Exception as error:
        # Ctrl-C inside a class body being imported arrives wrapped ("Error calling __set_name__"): the
        # same interrupt, so the same short line
        if not _caused_by_interrupt(error):
            raise
        sys.stderr.write("\nInterrupted.\n")
        code = INTERRUPTED
    raise SystemExit(code)


def _caused_by_interrupt(error: BaseException) -> bool:
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


if __name__ == "__main__":
    run()
