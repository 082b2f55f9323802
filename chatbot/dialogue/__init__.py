"""The conversation: its state, the rules that decide the next act, references, the quiz, safety."""
