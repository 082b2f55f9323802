"""The intent ids of the JSON contract (see the eval README's taxonomy), in one place.

Every reply's `intent` is one of CONTRACT_INTENTS. The intent files must provide FILE_INTENTS (the
loader checks it); `crisis` and `medical_advice` come from the safety rules (knowledge/safety.yaml),
which run before any intent is guessed.
"""

from __future__ import annotations

from typing import Final

SAFETY_INTENTS: Final = ("crisis", "medical_advice")
FILE_INTENTS: Final = tuple(
    """
    role_overview role_skills role_education role_certification role_salary role_outlook
    role_work_environment role_career_path compare_roles list_roles general_skills recommend_roles
    greeting thanks goodbye help about_data out_of_scope
    """.split()
)
CONTRACT_INTENTS: Final = FILE_INTENTS + SAFETY_INTENTS
