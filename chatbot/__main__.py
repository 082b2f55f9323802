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
    raise SystemExit(code)


if __name__ == "__main__":
    run()
