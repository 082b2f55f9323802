"""Cross-file checks of the counsellor's knowledge (issue 12), run by `loader` after the types are checked.

Every figure's source must be listed in its role's `sources`; a figure that is not the role's own BLS
number must say so in a note; the guide files may name only roles, jobs and states that exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeAlias

from .guide import CredentialGuide, NearbyJobs, Resources
from .schema import OutOfScopeInfo, Role

if TYPE_CHECKING:
    from .loader import KeyPath, _Document

GuideFiles: TypeAlias = (
    "tuple[tuple[CredentialGuide, _Document], tuple[NearbyJobs, _Document], tuple[Resources, _Document]]"
)


def check_guide(
    roles: list[tuple[Role, _Document]], out_of_scope: OutOfScopeInfo, guide: GuideFiles, unloaded: set[str]
) -> None:
    """Report every problem of the new role fields and of the three guide files on their documents."""
    role_ids = {role.id for role, _ in roles} | unloaded
    for role, document in roles:
        _check_role(role, document)
    (credentials, credentials_doc), (nearby, nearby_doc), (resources, resources_doc) = guide
    for index, comparison in enumerate(credentials.comparisons):
        for ref_index, role_id in enumerate(comparison.roles):
            if role_id not in role_ids:
                credentials_doc.problem(
                    ("comparisons", index, "roles", ref_index), f"unknown role id {role_id!r}"
                )
    occupation_names = {occupation.name for occupation in out_of_scope.other_occupations}
    for index, job in enumerate(nearby.jobs):
        for name_index, name in enumerate(job.occupations):
            if name not in occupation_names:
                nearby_doc.problem(
                    ("jobs", index, "occupations", name_index),
                    f"{name!r} is not a name in out_of_scope.yaml other_occupations; expected one of those",
                )
    for index, rule in enumerate(resources.state_rules):
        if rule.state not in resources.states:
            resources_doc.problem(("state_rules", index, "state"), f"{rule.state!r} is not in 'states'")
        for ref_index, role_id in enumerate(rule.roles):
            if role_id not in role_ids:
                resources_doc.problem(
                    ("state_rules", index, "roles", ref_index), f"unknown role id {role_id!r}"
                )


def _role_urls(role: Role) -> Iterator[tuple[KeyPath, str]]:
    """Every source URL of the new fields, with its key path."""
    yield ("pay_range", "source"), role.pay_range.source
    yield ("schedule", "source"), role.schedule.source
    for index, url in enumerate(role.where_to_study.sources):
        yield ("where_to_study", "sources", index), url
    for index, url in enumerate(role.job_life.sources):
        yield ("job_life", "sources", index), url
    for index, related in enumerate(role.also_covers):
        yield ("also_covers", index, "source"), related.source


def _check_role(role: Role, document: _Document) -> None:
    listed = set(role.sources)
    for keys, url in _role_urls(role):
        if url.split("#", 1)[0] not in listed:
            document.problem(keys, "source URL is not listed in the role's 'sources'; expected it there")
    for keys, basis, note in (
        (("salary", "note"), role.salary.basis, role.salary.note),
        (("outlook", "note"), role.outlook.basis, role.outlook.note),
    ):
        if basis != "bls" and not note:
            kind = basis.replace("_", "-")
            document.problem(keys, f"missing; a {kind} figure needs a note saying what it is")
    spread = role.pay_range
    unknown = spread.low_annual is None or spread.high_annual is None or spread.year is None
    if (unknown or spread.basis != "bls") and not spread.note:
        document.problem(("pay_range", "note"), "missing; expected a note on an unknown or borrowed figure")
    if spread.low_annual is not None and spread.high_annual is not None:
        if not spread.low_annual <= role.salary.median_annual <= spread.high_annual:
            document.problem(
                ("pay_range", "low_annual"),
                f"the median {role.salary.median_annual:,} is outside {spread.low_annual:,}-"
                f"{spread.high_annual:,}; expected low <= median <= high",
            )
