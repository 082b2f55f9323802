"""Developer tools that ship with the source but are not part of the bot: the benchmark."""
