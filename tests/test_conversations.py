"""The conversation tests (tests/conversations/*.yaml) replayed through the bot, and the scorer behind them.

A conversation marked `pending: "<reason>"` in its file is a known gap: it is expected to fail (xfail, not
strict, so one that starts passing shows as XPASS). Every other conversation must pass.
"""

import json
import os
import textwrap
from pathlib import Path

import pytest

from chatbot import Bot, DataError, Reply
from chatbot.bot import load_engine
from chatbot.interfaces.cli import main
from chatbot.interfaces.conversation_checks import Check
from chatbot.interfaces.conversation_files import load_conversations
from chatbot.interfaces.conversations import replay, report, score_files

FOLDER = Path(__file__).parent / "conversations"
ROLE_IDS = tuple(role.id for role in load_engine().kb.roles)
CONVERSATIONS = load_conversations([FOLDER], ROLE_IDS, load_engine().intents.ids)
CLASSES = (
    "safety context compare counsellor quiz repeat yesno nurse multipart knowledge basic smalltalk".split()
)


def _param(conversation):
    marks = [pytest.mark.xfail(reason=conversation.pending, strict=False)] if conversation.pending else []
    return pytest.param(conversation, id=f"{conversation.source.stem}:{conversation.id}", marks=marks)


def _explain(result) -> str:
    lines = [f"{result.conversation.source.name}: {result.conversation.id}"]
    for turn in result.failing:
        lines.append(f"turn {turn.turn.number} {turn.turn.say!r} -> {turn.reply.intent} {turn.reply.roles}")
        lines += [f"  {failure}" for failure in turn.failures]
        lines.append(f"  reply: {turn.reply.text[:500]!r}")
    return "\n".join(lines)


@pytest.mark.parametrize("conversation", [_param(c) for c in CONVERSATIONS])
def test_conversation(conversation):
    """Every checked turn of the conversation gets a reply that passes all its checks."""
    result = replay(Bot(), conversation)
    assert result.passed, _explain(result)


def test_the_conversations_cover_every_failure_class():
    """At least 60 conversations, each class of issue 9 with several, and safety with both sides."""
    assert len(CONVERSATIONS) >= 60
    per_class = {name: 0 for name in CLASSES}
    for conversation in CONVERSATIONS:
        for name in {turn.category for turn in conversation.turns if turn.checks}:
            per_class[name] = per_class.get(name, 0) + 1
    assert all(per_class[name] >= 3 for name in CLASSES), per_class
    safety = [t for c in CONVERSATIONS for t in c.turns if t.category == "safety"]
    alarms = [
        t
        for t in safety
        if any(ch.key == "intent" and {"crisis", "medical_advice"} & set(ch.values) for ch in t.checks)
    ]
    false_alarms = [
        t for t in safety if any(ch.key == "intent_not" and "crisis" in ch.values for ch in t.checks)
    ]
    assert len(alarms) >= 10 and len(false_alarms) >= 6


def _reply(text="", intent="role_salary", roles=(), suggested=()):
    return Reply(intent, tuple(roles), 1.0, text, suggested_roles=tuple(suggested))


def _check(key, *values):
    import re

    patterns = tuple(re.compile(v, re.IGNORECASE) for v in values) if key.startswith("text") else ()
    return Check(key, values, patterns)


@pytest.mark.parametrize(
    ("check", "reply", "passes"),
    [
        (_check("intent", "crisis", "medical_advice"), _reply(intent="medical_advice"), True),
        (_check("intent", "crisis"), _reply(intent="out_of_scope"), False),
        (_check("intent_not", "out_of_scope"), _reply(intent="out_of_scope"), False),
        (_check("roles"), _reply(), True),
        (_check("roles", "medical_coder"), _reply(roles=["medical_coder", "medical_biller"]), False),
        (_check("roles_any", "phlebotomist"), _reply(suggested=["phlebotomist"]), True),
        (_check("roles_all", "physician", "medical_coder"), _reply(roles=["physician"]), False),
        (_check("roles_none", "physician"), _reply(suggested=["a", "b", "c", "d", "e", "physician"]), True),
        (_check("roles_none", "physician"), _reply(suggested=["physician"]), False),
        (_check("text_all", r"50,?250", "BLS"), _reply("Median $50,250 (bls)"), True),
        (_check("text_all", r"50,?250", "AAPC"), _reply("Median $50,250"), False),
        (_check("text_any", r"\b911\b", "988"), _reply("Call 988 now"), True),
        (_check("text_none", r"Q\d\."), _reply("Q1. How long?"), False),
    ],
    ids=[
        "intent-one-of",
        "intent-wrong",
        "intent-not",
        "roles-empty",
        "roles-exact",
        "roles-any-suggested",
        "roles-all-missing",
        "roles-none-beyond-top-five",
        "roles-none-present",
        "text-all-ignores-case",
        "text-all-missing",
        "text-any",
        "text-none",
    ],
)
def test_a_check_judges_one_reply(check, reply, passes):
    """Each check key passes or fails a reply as the persona scorer defines it."""
    assert (check.failure(reply) is None) == passes


BROKEN = """\
- id: broken
  turns:
    - say: what does a coder do
      expect:
        text_al: ['codes']
        roles_any: [medical_codr]
    - expect:
        intent: crisis
    - say: hi
      expect:
        text_none: ['(unclosed']
- id: broken
  persona: ok
  turns: []
"""


def test_a_broken_file_lists_every_problem_with_where_and_what(tmp_path):
    """File, line, conversation and turn, and what was expected, for every problem at once."""
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_conversations([path], ROLE_IDS)
    problems = [str(p) for p in raised.value.problems]
    assert any("conversation 'broken', turn 1" in p and "did you mean 'text_all'" in p for p in problems)
    assert any("line 5" in p and "text_al" in p for p in problems)
    assert any("unknown role id medical_codr; did you mean medical_coder" in p for p in problems)
    assert any("turn 2" in p and "'say' must be the text the user types" in p for p in problems)
    assert any("turn 3" in p and "bad regex '(unclosed'" in p for p in problems)
    assert any("'turns' must be a non-empty list" in p for p in problems)
    assert all(p.startswith(str(path)) for p in problems)


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("top.yaml", "id: x\nturns: []\n", "expected a list of conversations"),
        ("syntax.yaml", "- id: [unclosed\n", "YAML syntax error"),
        ("tag.yaml", "- !!python/object:os.system {}\n", "not allowed"),
        ("bad.jsonl", '{"id": "a", "turns": [{"text": "hi"}]}\nnot json\n', "line 2: not valid JSON"),
        ("keys.jsonl", '{"id": "a", "turns": [{"say": "hi"}]}\n', "unknown key 'say'"),
        (
            "intent.yaml",
            "- id: a\n  turns:\n    - say: hi\n      expect: {intent: grieting}\n",
            "did you mean greeting",
        ),
        ("number.yaml", "- id: a\n  turns:\n    - say: 2\n", "put quotes around a number"),
    ],
    ids="not-a-list syntax python-tag jsonl-syntax jsonl-wrong-key intent-typo unquoted-number".split(),
)
def test_malformed_files_are_refused_clearly(tmp_path, name, content, fragment):
    """Syntax, shape, unsafe tags and misspelt names each get one clear problem, never a traceback."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_conversations([path], ROLE_IDS)
    assert fragment in str(raised.value)


PERSONAS = [
    {
        "id": "p1",
        "persona": "a student",
        "turns": [
            {
                "text": "what does a medical coder do",
                "class": "basic",
                "check": {"roles_any": ["medical_coder"]},
            },
            {"text": "how much do they make", "class": "basic", "check": {"text_all": ["zebra-unicorn"]}},
            {"text": "ok", "check": {}},
        ],
    },
    {
        "id": "p2",
        "turns": [{"text": "hello", "class": "smalltalk", "check": {"text_none": ["zebra-unicorn"]}}],
    },
]


def test_persona_jsonl_is_scored_like_yaml(tmp_path):
    """The persona format is read as is; unchecked turns only set context; classes are tallied."""
    path = tmp_path / "personas.jsonl"
    path.write_text("\n".join(json.dumps(p) for p in PERSONAS) + "\n", encoding="utf-8")
    scores = score_files([tmp_path], Bot())
    assert scores["turns"] == 3 and scores["turns_passed"] == 2
    assert scores["classes"]["basic"] == {"passed": 1, "total": 2, "rate": 0.5, "pending_turns": 0}
    assert scores["conversations_passed"] == 1
    [failure] = scores["failures"]
    assert (
        failure["conversation"] == "p1" and failure["turn"] == 2 and "zebra-unicorn" in failure["checks"][0]
    )


def test_pending_conversations_are_counted_apart(tmp_path):
    """A pending conversation that now passes is listed so its author can drop the mark."""
    path = tmp_path / "pending.yaml"
    path.write_text(
        "- id: known-gap\n  pending: not built yet\n  class: basic\n  turns:\n"
        "    - say: what does a phlebotomist do\n      expect: {roles_any: [phlebotomist]}\n",
        encoding="utf-8",
    )
    [conversation] = load_conversations([path], ROLE_IDS)
    scores = report([replay(Bot(), conversation)])
    assert scores["pending"] == {"conversations": 1, "turns": 1, "now_passing": ["known-gap"]}
    assert scores["without_pending"] == {"turns": 0, "turns_passed": 0}


def test_evaluate_prints_classes_and_failing_turns_safely(tmp_path, capsys):
    """The report shows each class, the totals and each failing turn, with control codes removed."""
    path = tmp_path / "hostile.jsonl"
    turn = {
        "text": "\x1b]0;owned\x07what does a coder do \x1b[2J",
        "class": "basic",
        "check": {"text_all": ["zzz"]},
    }
    path.write_text(json.dumps({"id": "h1", "turns": [turn]}) + "\n", encoding="utf-8")
    assert main(["evaluate", "--conversations", str(path)]) == 0
    out = capsys.readouterr().out
    assert "basic" in out and "0/1" in out and "failing turns (1)" in out
    assert "h1 turn 1" in out and "text_all: no match for 'zzz'" in out and "reply (" in out
    assert "\x1b" not in out and "\x07" not in out


def test_evaluate_conversations_as_json_beside_a_labelled_file(tmp_path, capsys):
    """--json gives one list of reports: the labelled file's, then the conversations'."""
    labelled = tmp_path / "dev.jsonl"
    labelled.write_text(
        '{"text": "what does a coder do", "intent": "role_overview", "roles": ["medical_coder"]}\n'
    )
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(PERSONAS[1]) + "\n", encoding="utf-8")
    assert main(["evaluate", str(labelled), "--conversations", str(path), "--json"]) == 0
    reports = json.loads(capsys.readouterr().out)
    assert reports[-1]["kind"] == "conversations" and reports[-1]["turns_pass_rate"] == 1.0
    assert len(reports) == 2


def test_evaluate_refuses_a_broken_conversation_file(tmp_path, capsys):
    """A broken file exits 2 with one line per problem on stderr, and no traceback."""
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["evaluate", "--conversations", str(path), str(tmp_path / "missing.yaml")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "no such file or folder" in err
    assert all(line.startswith("Error: ") for line in err.splitlines())


def test_a_fifo_is_refused_not_waited_on(tmp_path, capsys):
    """A named pipe given as a conversation file is reported at once instead of blocking the run."""
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    assert main(["evaluate", "--conversations", str(fifo)]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_evaluate_needs_something_to_score(capsys):
    """Without a file, --dialogues or --conversations, evaluate says what it needs."""
    assert main(["evaluate"]) == 2
    assert "--conversations" in capsys.readouterr().err


def test_the_readme_example_is_a_passing_conversation(tmp_path):
    """The YAML example in the README's 'Add a conversation test' guide loads and passes as shown."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    guide = readme[readme.index("## Add a conversation test") :]
    example = guide.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(textwrap.dedent(example), encoding="utf-8")
    [conversation] = load_conversations([path], ROLE_IDS)
    result = replay(Bot(), conversation)
    assert result.passed, _explain(result)
