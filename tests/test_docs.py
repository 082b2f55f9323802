"""The README's examples work as shown: the Python snippet, the commands it lists, the sample session."""

import re
from pathlib import Path

from chatbot import Bot
from chatbot.interfaces.cli import build_parser

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_python_snippet_runs_and_gives_what_it_says():
    """The snippet's `bot.reply("PA vs NP")` gives the intent and roles its comment shows."""
    snippet = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    namespace: dict[str, object] = {}
    exec(snippet, namespace)
    reply = namespace["reply"]
    assert (reply.intent, reply.roles) == ("compare_roles", ("physician_assistant", "nurse_practitioner"))
    assert "'compare_roles', ('physician_assistant', 'nurse_practitioner')" in snippet


def test_every_listed_subcommand_exists():
    """Each `careerbot SUBCOMMAND` in the README is a real subcommand."""
    listed = set(re.findall(r"^\s+careerbot (\w+)", README, re.M))
    parser = build_parser()
    choices = next(a for a in parser._actions if a.dest == "command").choices
    assert listed and listed <= set(choices)


def test_example_conversation_matches_the_bot():
    """The README's example conversation is what the bot answers, turn by turn (first line of each)."""
    block = README[README.index("## An example conversation") : README.index("## Using it")]
    turns = re.findall(r"you> (.*)\n\s+bot> (.*)", block)
    bot = Bot()
    for question, first_line in turns:
        answer = bot.reply(question).text.splitlines()[0]
        shown = first_line.rstrip(" .")
        assert answer.strip().startswith(shown.strip()[: len(shown.strip()) - 4]), (question, answer)
