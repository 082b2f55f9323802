"""The ways in: the command line, the chat shell, evaluation for knowledge authors (only I/O lives here)."""
