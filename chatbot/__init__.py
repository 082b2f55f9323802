"""careerbot: a rule-based career chatbot about the positions in a medical office."""

from .answers.reply import Reply
from .bot import Bot
from .errors import ChatbotError, DataError, UsageError

__all__ = ["Bot", "ChatbotError", "DataError", "Reply", "UsageError"]
__version__ = "0.1.0"
