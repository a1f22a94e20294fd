"""Validate a constitution given as TOML text or as the dict ``tomllib`` returns.

Every problem raises :class:`~suffrage.errors.ConstitutionError` naming the field path,
e.g. ``constitution.representation.city.voters_per_deputy: must be a positive integer``.
Method ids are checked against the counting registry, with the ballot kind they read.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from suffrage.errors import ConstitutionError, UnknownMethod
from suffrage.rules.constitution.fields import Fields
from suffrage.rules.constitution.model import (
    Ballot,
    Chamber,
    Constituencies,
    Constitution,
    Delegation,
    Exclusion,
    Franchise,
    Nomination,
    Plebiscite,
    Recall,
    SeatRule,
    Tier,
    Validity,
)
from suffrage.rules.registry import get_method

__all__ = ["parse_constitution", "parse_constitution_text", "parse_seat_rule"]

ROOT = "constitution"
BALLOT_KINDS = ("ranked", "approval", "score", "choose-one", "keep-strike", "party-votes")
#: Secret ballots are tallied homomorphically (sums per option), so a secret contest can
#: only use ballots whose count depends on per-option totals; or ranked ballots, which the
#: protocol mixes and decrypts one by one (docs/protocol.md 7.16) so that any ranked
#: method can count them. Approval and score ballots stay open-only.
SECRET_KINDS = ("choose-one", "keep-strike", "party-votes", "ranked")
_BASES = {
    "voters_per_deputy": "voters",
    "inhabitants_per_deputy": "inhabitants",
    "members_per_deputy": "members",
    "seats": "fixed",
}


def parse_constitution_text(text: str, *, source: str = ROOT) -> Constitution:
    """Parse TOML ``text``; syntax errors are reported as a ConstitutionError too."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConstitutionError(f"{source}: not valid TOML ({exc})") from None
    return parse_constitution(data)


def parse_constitution(data: Mapping[str, Any]) -> Constitution:
    """A validated :class:`Constitution` from a TOML-shaped mapping."""
    root = Fields(data, ROOT, ConstitutionError)
    body = root.choice("body", ("council", "plebiscite"), "council")
    ballot = _ballot(_need(root.table("ballot")))
    representation = _representation(root, body)
    constitution = Constitution(
        id=root.text("id"),
        name=root.text("name"),
        description=root.text("description", ""),
        sources=root.names("sources", ()),
        body=body,
        franchise=_franchise(_need(root.table("franchise"))),
        constituencies=_constituencies(_need(root.table("constituencies"))),
        ballot=ballot,
        validity=_validity(root.table("validity", required=False)),
        representation=representation,
        nomination=_nomination(root.table("nomination", required=body == "council")),
        tiers=_tiers(root, ballot, body),
        recall=_recall(root.table("recall", required=False)),
        plebiscite=_plebiscite(root.table("plebiscite", required=body == "plebiscite")),
        modelling_choices=root.names("modelling_choices", ()),
        chambers=_chambers(root, body),
    )
    root.done()
    _check_cross(constitution)
    return constitution


def _need(fields: Fields | None) -> Fields:
    assert fields is not None  # required tables are never None
    return fields


def _franchise(f: Fields) -> Franchise:
    exclusions = []
    for e in f.tables("exclusions"):
        category = e.text("category", None)
        decision_by = e.text("decision_by", None)
        if (category is None) == (decision_by is None):
            raise e.fail(None, "needs exactly one of category or decision_by")
        exclusions.append(Exclusion(e.text("reason"), category, decision_by))
        e.done()
    franchise = Franchise(
        min_age=f.integer("min_age", minimum=0),
        eligible_categories=f.names("eligible_categories", ()),
        membership=f.text("membership", None),
        exclusions=tuple(exclusions),
    )
    f.done()
    return franchise


def _constituencies(f: Fields) -> Constituencies:
    result = Constituencies(
        kind=f.choice("kind", ("territorial", "production")),
        unit_kinds=f.names("unit_kinds"),
    )
    if not result.unit_kinds:
        raise f.fail("unit_kinds", "must name at least one kind of unit")
    f.done()
    return result


def parse_seat_rule(f: Fields, *, members: bool = False) -> SeatRule:
    """One of ``voters_per_deputy``, ``inhabitants_per_deputy`` or ``seats``, plus bounds.

    ``members_per_deputy`` (a lower council's members) is accepted only when ``members``.
    """
    bases = [key for key in _BASES if members or key != "members_per_deputy"]
    given = [key for key in bases if f.has(key)]
    if len(given) != 1:
        if f.has("members_per_deputy") and not members:
            raise f.fail("members_per_deputy", "counts the members of a council of the direct tier")
        raise f.fail(None, "needs exactly one of " + ", ".join(bases))
    key = given[0]
    amount = f.integer(key, minimum=1)
    basis = _BASES[key]
    minimum = f.integer("minimum", 1 if basis != "fixed" else 0, minimum=0)
    maximum = f.integer("maximum", None, minimum=1)
    if maximum is not None and maximum < minimum:
        raise f.fail("maximum", f"must be at least minimum ({minimum})")
    rule = SeatRule(
        basis=basis,  # type: ignore[arg-type]
        per=amount if basis != "fixed" else None,
        seats=amount if basis == "fixed" else None,
        rounding=f.choice("rounding", ("floor", "ceil", "half-up"), "floor"),
        minimum=minimum,
        maximum=maximum,
        inhabitants_below=f.integer("inhabitants_below", None, minimum=1),
    )
    return rule


def _representation(root: Fields, body: str) -> dict[str, SeatRule]:
    classes = root.named_tables("representation", required=body == "council")
    if body == "council" and not classes:
        raise root.fail("representation", "must define at least one constituency class")
    out = {}
    for name, f in classes.items():
        out[name] = parse_seat_rule(f)
        f.done()
    return out


def _nomination(f: Fields | None) -> Nomination | None:
    if f is None:
        return None
    result = Nomination(
        electors_required=f.integer("electors_required", None, minimum=1),
        organizations=f.names("organizations", ()),
        commission_vetting=f.flag("commission_vetting", False),
        max_candidates_per_seat=f.integer("max_candidates_per_seat", None, minimum=1),
        party_lists=f.flag("party_lists", False),
        candidates_must_be_electors=f.flag("candidates_must_be_electors", True),
    )
    if result.electors_required is None and not result.organizations:
        raise f.fail(None, "needs electors_required or organizations: nobody could nominate")
    f.done()
    return result


def _ballot(f: Fields) -> Ballot:
    result = Ballot(
        secrecy=f.choice("secrecy", ("secret", "open")),
        kind=f.choice("kind", BALLOT_KINDS),
        method=f.text("method"),
        threshold=f.share("threshold", None),
        threshold_scope=f.choice("threshold_scope", ("constituency", "all"), "all"),
        max_score=f.integer("max_score", 5, minimum=1),
    )
    _check_method(f, "method", result.method, result.kind)
    if result.secrecy == "secret" and result.kind not in SECRET_KINDS:
        raise f.fail(
            "kind",
            "a secret ballot is tallied as sums per option, or mixed when ranked: use one of "
            f"{', '.join(SECRET_KINDS)} or an open ballot",
        )
    if result.threshold is not None and result.kind != "party-votes":
        raise f.fail("threshold", "applies to party-list ballots (kind = 'party-votes') only")
    f.done()
    return result


def _check_method(f: Fields, key: str, method_id: str, kind: str | None) -> None:
    try:
        info = get_method(method_id)
    except UnknownMethod as exc:
        raise f.fail(key, str(exc)) from None
    if kind is not None and info.ballot_kind != kind:
        raise f.fail(key, f"method {method_id!r} reads {info.ballot_kind!r} ballots, not {kind!r}")
    if kind is None and info.family != "apportionment":
        raise f.fail(key, f"method {method_id!r} is not an apportionment method")


def _validity(f: Fields | None) -> Validity:
    if f is None:
        return Validity()
    result = Validity(
        turnout_quorum=f.share("turnout_quorum", None),
        turnout_strict=f.flag("turnout_strict", False),
        majority=f.choice("majority", ("none", "absolute", "qualified"), "none"),
        qualified_share=f.share("qualified_share", None),
        majority_of=f.choice("majority_of", ("valid", "cast", "registered"), "valid"),
        on_no_quorum=f.choice("on_no_quorum", ("new-election", "none"), "none"),
        on_no_majority=f.choice("on_no_majority", ("runoff", "new-election", "none"), "none"),
    )
    if (result.majority == "qualified") != (result.qualified_share is not None):
        raise f.fail("qualified_share", "is required with majority = 'qualified' and only then")
    f.done()
    return result


def _tiers(root: Fields, ballot: Ballot, body: str) -> tuple[Tier, ...]:
    entries = root.tables("tiers")
    if not entries:
        return (Tier(id="council", name="Council", direct=True, ballot=ballot),)
    if body != "council":
        raise root.fail("tiers", "only a council has tiers")
    tiers: list[Tier] = []
    for index, f in enumerate(entries):
        first = tiers[0].id if tiers else None
        tiers.append(_tier(f, ballot, index, {t.id for t in tiers}, first))
        f.done()
    return tuple(tiers)


def _tier(
    f: Fields, default_ballot: Ballot, index: int, earlier: set[str], first: str | None
) -> Tier:
    tier_id = f.text("id")
    if tier_id in earlier:
        raise f.fail("id", f"repeats tier {tier_id!r}")
    direct = f.flag("direct", index == 0)
    if direct != (index == 0):
        raise f.fail("direct", "the first tier, and only it, is elected directly")
    ballot_fields = f.table("ballot", required=False)
    ballot = _ballot(ballot_fields) if ballot_fields is not None else default_ballot
    delegations = tuple(_delegation(d, earlier, first) for d in f.tables("delegations"))
    tier = Tier(
        id=tier_id,
        name=f.text("name", tier_id),
        direct=direct,
        ballot=ballot,
        delegations=delegations,
        seats=f.integer("seats", None, minimum=1),
        apportionment=f.text("apportionment", None),
        apportion_by=f.choice("apportion_by", ("voters", "inhabitants"), "voters"),
        sources=f.names("sources", ()),
        delegate_weight=f.choice("delegate_weight", ("equal", "voters", "inhabitants"), "equal"),
        maximum=f.integer("maximum", None, minimum=1),
    )
    _check_tier(f, tier, earlier)
    return tier


def _delegation(d: Fields, earlier: set[str], first: str | None) -> Delegation:
    source = d.text("from")
    if source not in earlier:
        raise d.fail("from", f"must name an earlier tier, not {source!r}")
    council_class = d.text("class", None)
    rule = parse_seat_rule(d, members=source == first)
    d.done()
    return Delegation(source=source, rule=rule, council_class=council_class)


def _check_tier(f: Fields, tier: Tier, earlier: set[str]) -> None:
    if tier.direct:
        if tier.delegations or tier.seats or tier.sources:
            raise f.fail(None, "a direct tier takes its seats from the representation rules")
        return
    apportioned = tier.seats is not None
    if apportioned == bool(tier.delegations):
        raise f.fail(None, "needs either delegations or seats with apportionment and sources")
    if apportioned:
        if tier.apportionment is None:
            raise f.fail("apportionment", "is required with seats")
        _check_method(f, "apportionment", tier.apportionment, None)
        if not tier.sources:
            raise f.fail("sources", "must name the lower tiers that share the seats")
        for source in tier.sources:
            if source not in earlier:
                raise f.fail("sources", f"must name earlier tiers, not {source!r}")
    if tier.delegate_weight != "equal" and tier.ballot.secrecy == "secret":
        raise f.fail("delegate_weight", "weighted delegate votes need an open ballot")


def _chambers(root: Fields, body: str) -> tuple[Chamber, ...]:
    out: list[Chamber] = []
    for f in root.tables("chambers"):
        if body != "council":
            raise f.fail(None, "only a council has chambers")
        table = f.table("seats")
        assert table is not None
        seats = {k: table.integer(k, minimum=1) for k in table.keys()}  # noqa: SIM118
        if not seats:
            raise f.fail("seats", "must give the seats of at least one class of region")
        table.done()
        chamber = Chamber(f.text("id"), f.text("name", f.text("id")), seats)
        if chamber.id in {t.id for t in out} or chamber.id in {"council"}:
            raise f.fail("id", f"repeats {chamber.id!r}")
        out.append(chamber)
        f.done()
    return tuple(out)


def _recall(f: Fields | None) -> Recall | None:
    if f is None:
        return None
    result = Recall(
        petition_share=f.share("petition_share"),
        vote_majority_of=f.choice("vote_majority_of", ("votes", "electors")),
        turnout_quorum=f.share("turnout_quorum", None),
        by_election=f.flag("by_election", True),
    )
    if result.petition_share <= 0:
        raise f.fail("petition_share", "must be more than 0")
    f.done()
    return result


def _plebiscite(f: Fields | None) -> Plebiscite | None:
    if f is None:
        return None
    options = f.names("options", ("yes", "no"))
    if len(options) < 2:
        raise f.fail("options", "needs at least two options")
    approve = f.text("approve", options[0])
    if approve not in options:
        raise f.fail("approve", f"must be one of the options ({', '.join(options)})")
    result = Plebiscite(
        options=options,
        approve=approve,
        approval_share=f.share("approval_share", Fraction(1, 2)),
        turnout_quorum=f.share("turnout_quorum", None),
        approval_quorum=f.share("approval_quorum", None),
        double_majority=f.flag("double_majority", False),
        turnout_strict=f.flag("turnout_strict", False),
    )
    f.done()
    return result


def _check_cross(c: Constitution) -> None:
    """Rules that span sections."""
    if c.body == "plebiscite" and c.ballot.kind != "choose-one":
        raise ConstitutionError(f"{ROOT}.ballot.kind: a plebiscite uses choose-one ballots")
    if c.nomination is not None and c.nomination.party_lists and c.ballot.kind != "party-votes":
        raise ConstitutionError(
            f"{ROOT}.nomination.party_lists: party lists need ballot.kind = 'party-votes'"
        )
    if c.validity.majority != "none" and c.ballot.kind in ("party-votes", "approval", "score"):
        raise ConstitutionError(
            f"{ROOT}.validity.majority: a majority requirement needs a single-mark ballot"
        )
    for name, rule in c.representation.items():
        if rule.basis == "fixed" and (rule.seats or 0) < 1:
            raise ConstitutionError(f"{ROOT}.representation.{name}.seats: must be at least 1")
        if c.ballot.kind == "keep-strike" and not (rule.basis == "fixed" and rule.seats == 1):
            raise ConstitutionError(
                f"{ROOT}.representation.{name}: a keep-or-strike ballot elects one deputy per "
                "district (it is counted by an absolute majority of one name); use seats = 1"
            )
    for chamber in c.chambers:
        if chamber.id in {t.id for t in c.tiers}:
            raise ConstitutionError(f"{ROOT}.chambers.{chamber.id}: the id of a tier")
    for tier in c.tiers[1:]:
        if tier.ballot.kind == "keep-strike":
            raise ConstitutionError(
                f"{ROOT}.tiers.{tier.id}.ballot.kind: a keep-or-strike ballot elects one "
                "deputy; a delegation elects several"
            )
