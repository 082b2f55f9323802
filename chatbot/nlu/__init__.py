"""Understanding one message: text cleaning, finding roles, choosing the intent, reading criteria."""
