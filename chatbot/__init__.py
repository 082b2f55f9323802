"""careerbot: a rule-based career chatbot about the positions in a medical office."""

TYPE_CHECKING = False  # not typing's: even importing typing takes the first milliseconds of start-up
if TYPE_CHECKING:
    from .answers.reply import Reply
    from .bot import Bot
    from .errors import ChatbotError, DataError, UsageError

__all__ = ["Bot", "ChatbotError", "DataError", "Reply", "UsageError"]
__version__ = "0.1.0"
# Imported on first use: the `careerbot` script starts with nothing loaded, so that a Ctrl-C at any
# moment of its start-up lands in code that catches it (chatbot/__main__.py), never in an import.
_LAZY = {
    "Bot": ".bot",
    "ChatbotError": ".errors",
    "DataError": ".errors",
    "Reply": ".answers.reply",
    "UsageError": ".errors",
}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'chatbot' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name], __name__), name)
