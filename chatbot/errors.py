"""The exceptions the bot raises on purpose; the CLI catches ChatbotError and nothing else.

ChatbotError
 +-- DataError      a knowledge or intent file is broken: carries every Problem found
 +-- UsageError     the command line asked for something impossible
"""

from __future__ import annotations

from pathlib import Path

from .records import record


@record
class Problem:
    """One thing wrong with one data file: where it is and what was expected."""

    path: Path
    where: str  # "line 3, column 5" for YAML syntax, "key 'salary.year' (line 40)" for schema
    message: str

    def __str__(self) -> str:
        location = f"{self.path}, {self.where}" if self.where else str(self.path)
        return f"{location}: {self.message}"


class ChatbotError(Exception):
    """Root of the errors the bot reports to a person instead of a traceback."""


class DataError(ChatbotError):
    """The knowledge base or the intents could not be loaded; `problems` lists them all."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(ChatbotError):
    """A command-line request that cannot be carried out (exit code 2)."""
