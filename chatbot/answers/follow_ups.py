"""The questions suggested after each kind of answer, written as a user would type them (and tested so)."""

from __future__ import annotations

FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "role_overview": ("How much do they make?", "How do I become one?", "Tell me more"),
    "role_skills": ("What training do they need?", "What do they earn?"),
    "role_education": ("Which certification should I get?", "How much do they make?"),
    "role_certification": ("How long is the training?", "What is the job outlook?"),
    "role_salary": ("Is there demand for them?", "How do I become one?"),
    "role_outlook": ("How much do they make?", "Can they work from home?"),
    "role_work_environment": ("What do they earn?", "What can they move up to?"),
    "role_career_path": ("How long is the training?", "What skills do they need?"),
    "compare_roles": ("Which one pays better?", "Which needs less training?"),
}
