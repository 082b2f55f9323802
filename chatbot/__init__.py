"""careerbot: a rule-based career chatbot about the positions in a medical office."""

from .bot import Bot
from .errors import ChatbotError, DataError, UsageError
from .types import Reply

__all__ = ["Bot", "ChatbotError", "DataError", "Reply", "UsageError"]
__version__ = "0.1.0"
