"""Questions put unit by unit, read from the manifest as docs/protocol.md 7.15.5 states them.

Written from the specification, not from :mod:`suffrage.protocol`. Any defect raises
:class:`~suffrage.errors.InvalidEncoding` naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from suffrage.errors import InvalidEncoding
from suffrage.protocol.encoding import Json, get_identifier, get_object, get_str, require_keys
from suffrage.verify.outcome_rule import Rule, parse_rule

if TYPE_CHECKING:
    from suffrage.verify.model import Contest

__all__ = ["Question", "parse_questions"]

_KEYS = ("id", "title", "contests", "double_majority", "outcome")


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    units: tuple[Contest, ...]  # the unit contests, in the question's order
    double_majority: bool
    rule: Rule


def parse_questions(
    value: Json, contests: dict[str, Contest], styles: dict[str, tuple[Contest, ...]]
) -> tuple[Question, ...]:
    """Check ``manifest.questions`` against 7.15.5."""
    if not isinstance(value, list) or not 1 <= len(value) <= 64:
        raise InvalidEncoding("manifest.questions: a list of 1 to 64 questions")
    seen_ids = set(contests)
    owner: dict[str, str] = {}
    out = []
    for k, item in enumerate(value):
        path = f"manifest.questions[{k}]"
        question = _question(item, path, contests, owner)
        if question.id in seen_ids:
            raise InvalidEncoding(f"{path}.id: {question.id!r} names another contest or question")
        seen_ids.add(question.id)
        units = {u.id for u in question.units}
        for sid, listed in styles.items():
            if sum(1 for c in listed if c.id in units) > 1:
                raise InvalidEncoding(f"{path}.contests: style {sid!r} lists two of its units")
        out.append(question)
    return tuple(out)


def _question(
    value: Json, path: str, contests: dict[str, Contest], owner: dict[str, str]
) -> Question:
    obj = get_object(value, path)
    require_keys(obj, path, _KEYS)
    qid = get_identifier(obj, "id", path)
    get_str(obj, "title", path)
    ids = obj["contests"]
    if not isinstance(ids, list) or not 2 <= len(ids) <= 64:
        raise InvalidEncoding(f"{path}.contests: a list of 2 to 64 contest ids")
    units: list[Contest] = []
    for j, cid in enumerate(ids):
        where = f"{path}.contests[{j}]"
        if not isinstance(cid, str) or cid not in contests:
            raise InvalidEncoding(f"{where}: unknown contest {cid!r}")
        if cid in owner:
            raise InvalidEncoding(f"{where}: {cid!r} is already a unit of {owner[cid]!r}")
        owner[cid] = qid
        unit = contests[cid]
        if unit.kind != "choose" or unit.max != 1 or unit.rule is not None:
            raise InvalidEncoding(f"{where}: a unit is a 'choose' contest, max 1, without a rule")
        if units and unit.option_ids != units[0].option_ids:
            raise InvalidEncoding(f"{where}: options differ from those of the first unit")
        units.append(unit)
    if type(obj["double_majority"]) is not bool:
        raise InvalidEncoding(f"{path}.double_majority: true or false")
    first = units[0]
    rule = parse_rule(obj["outcome"], f"{path}.outcome", "choose", first.option_ids, 1)
    if rule.method != "referendum":
        raise InvalidEncoding(f"{path}.outcome.method: a question is decided by 'referendum'")
    return Question(qid, tuple(units), bool(obj["double_majority"]), rule)
