"""Writing replies: composing answers from the knowledge, comparisons, recommendations, wording."""
