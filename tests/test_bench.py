"""The benchmark's synthetic knowledge: copies of the bundled roles that load as a valid knowledge base."""

from pathlib import Path

from chatbot.devtools.bench import synthetic_knowledge
from chatbot.knowledge.loader import load_knowledge
from chatbot.nlu.normalize import name_key


def test_synthetic_roles_load(tmp_path: Path) -> None:
    """Every copy gets names of its own (aliases, no exam names of the original), so all of them load."""
    folder = synthetic_knowledge(tmp_path / "knowledge", 40)
    kb = load_knowledge(folder, name_key=name_key)
    assert len(kb.roles) == 40
    assert sum(bool(role.exams) for role in kb.roles) == sum(
        bool(role.exams) for role in load_knowledge(name_key=name_key).roles
    )
