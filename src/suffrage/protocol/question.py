"""Questions put unit by unit: one contest per unit, decided together (docs/protocol.md 7.15.5).

A referendum with a double majority (more than half of the votes and of the units) needs
each unit's own sums, which one contest cannot give: the manifest puts the question to
each unit as a contest of its own and names those contests in a question, whose outcome
rule applies to their sums and, unit by unit, to each of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from suffrage.errors import ManifestError
from suffrage.protocol.encoding import (
    Json,
    JsonObject,
    get_identifier,
    get_list,
    get_object,
    get_str,
    require_keys,
)
from suffrage.protocol.outcome_rule import OutcomeRule, parse_outcome_rule

if TYPE_CHECKING:
    from suffrage.protocol.manifest import Contest, Style

__all__ = ["QUESTION_KEYS", "Question", "parse_questions"]

QUESTION_KEYS: Final = ("id", "title", "contests", "double_majority", "outcome")
_MAX_ITEMS: Final = 64


@dataclass(frozen=True, slots=True)
class Question:
    """A referendum whose units are the contests ``contests``, in the order of its units."""

    id: str
    title: str
    contests: tuple[str, ...]
    double_majority: bool
    outcome: OutcomeRule

    def to_json(self) -> JsonObject:
        return {
            "id": self.id,
            "title": self.title,
            "contests": list(self.contests),
            "double_majority": self.double_majority,
            "outcome": self.outcome.to_json(),
        }


def parse_questions(
    manifest: JsonObject, contests: tuple[Contest, ...], styles: tuple[Style, ...]
) -> tuple[Question, ...]:
    """Validate ``manifest.questions`` (7.15.5); :class:`ManifestError` names the field."""
    path = "manifest.questions"
    items = get_list(manifest, "questions", "manifest", min_len=1, max_len=_MAX_ITEMS)
    by_id = {c.id: c for c in contests}
    taken: dict[str, str] = {}  # unit contest -> its question
    out: list[Question] = []
    for k, item in enumerate(items):
        question = _question(item, f"{path}[{k}]", by_id, taken)
        if question.id in by_id or any(q.id == question.id for q in out):
            raise ManifestError(f"{path}[{k}].id: {question.id!r} is already a contest or question")
        _one_unit_per_style(question, styles, f"{path}[{k}]")
        out.append(question)
    return tuple(out)


def _question(raw: Json, path: str, by_id: dict[str, Contest], taken: dict[str, str]) -> Question:
    obj = get_object(raw, path)
    require_keys(obj, path, QUESTION_KEYS)
    qid = get_identifier(obj, "id", path)
    title = get_str(obj, "title", path)
    ids = get_list(obj, "contests", path, min_len=2, max_len=_MAX_ITEMS)
    units: list[Contest] = []
    for j, cid in enumerate(ids):
        where = f"{path}.contests[{j}]"
        unit = by_id.get(cid) if isinstance(cid, str) else None
        if unit is None:
            raise ManifestError(f"{where}: {cid!r} is not a contest of the manifest")
        if taken.get(unit.id) == qid:
            raise ManifestError(f"{where}: {unit.id!r} is listed twice")
        if unit.id in taken:
            raise ManifestError(f"{where}: {unit.id!r} is already a unit of {taken[unit.id]!r}")
        _check_unit(unit, units[0] if units else None, where)
        taken[unit.id] = qid
        units.append(unit)
    double = obj["double_majority"]
    if not isinstance(double, bool):
        raise ManifestError(f"{path}.double_majority: must be true or false")
    rule = parse_outcome_rule(obj["outcome"], units[0], f"{path}.outcome")
    if rule.method != "referendum":
        raise ManifestError(f"{path}.outcome.method: a question is decided by 'referendum'")
    return Question(qid, title, tuple(u.id for u in units), double, rule)


def _check_unit(unit: Contest, first: Contest | None, where: str) -> None:
    """A unit is a one-mark ``choose`` contest without a rule, with the first unit's options."""
    if unit.kind != "choose" or unit.max != 1:
        raise ManifestError(f"{where}: a unit is a 'choose' contest with max 1")
    if unit.outcome is not None:
        raise ManifestError(f"{where}: a unit states no outcome rule of its own")
    if first is not None and [o.id for o in unit.options] != [o.id for o in first.options]:
        raise ManifestError(f"{where}: a unit has the option ids of the first unit, in order")


def _one_unit_per_style(question: Question, styles: tuple[Style, ...], path: str) -> None:
    """A voter answers a question once: no ballot style lists two of its units."""
    units = set(question.contests)
    for style in styles:
        listed = [c for c in style.contests if c in units]
        if len(listed) > 1:
            raise ManifestError(
                f"{path}.contests: style {style.id!r} lists two units, {listed[0]!r} and "
                f"{listed[1]!r}"
            )
