"""The lab's HTML report: tables and inline SVG charts drawn on the server (no script, no CDN).

Charts: seats by stratum per constitution (stacked bars of the top tier), the Gallagher
index per constitution and tier, and electors per deputy by class at the top tier.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from html import escape
from statistics import mean
from typing import Any

__all__ = ["render_html"]

_COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
            "#ff9da7", "#9c755f", "#bab0ac")  # fmt: skip


def render_html(title: str, runs: Sequence[Mapping[str, Any]]) -> str:
    """The whole report as one HTML document."""
    summary = _summary(runs)
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>{len(runs)} runs in all (every constitution, run and sweep value). Means over "
        "runs; votes are first-tier votes; a class without a seat shows -.</p>",
        "<h2>Seats by stratum (top tier of the first chamber)</h2>",
        _stacked(summary, "strata"),
        "<h2>Disproportionality (Gallagher index, top tier)</h2>",
        _bars({k: v["gallagher"] for k, v in summary.items()}, "percentage points"),
        "<h2>Electors per deputy by class (top tier)</h2>",
        _grouped(summary),
        "<h2>Measures</h2>",
        _table(summary),
        "<h2>Every tier: seats by stratum and Gallagher index (means)</h2>",
        _tiers_table(runs),
        "</body></html>",
    ]
    return "\n".join(parts)


def _summary(runs: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per constitution (and sweep value): means of the top tier's measures."""
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in runs:
        label = str(r["constitution"])
        if r.get("sweep"):
            label += f" ({r['sweep']}={r[r['sweep']]:.2f})"
        groups[label].append(r)
    out: dict[str, dict[str, Any]] = {}
    for label, rs in groups.items():
        tops = [_top(r["tiers"]) for r in rs if r["tiers"]]
        out[label] = {
            "turnout": _mean([r["turnout"] for r in rs]),
            "excluded": _mean([r["excluded"] for r in rs]),
            "refusals": _mean([r["refusals"] for r in rs]),
            "vacancies": _mean([r["vacancies"] for r in rs]),
            "struck": _mean([r["struck"] for r in rs]),
            "tier": tops[0]["tier"] if tops else "-",
            "gallagher": _mean([t["gallagher"] for t in tops]),
            "loosemore_hanby": _mean([t["loosemore_hanby"] for t in tops]),
            "enp_votes": _mean([t["enp_votes"] for t in tops]),
            "enp_seats": _mean([t["enp_seats"] for t in tops]),
            "strata": _mean_counts([t["strata"] for t in tops]),
            "electors_per_deputy": _mean_counts([t["electors_per_deputy"] for t in tops]),
        }
    return out


def _top(tiers: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The top tier of the first chamber (a second chamber is shown in the tier table)."""
    return next((t for t in reversed(tiers) if not t.get("chamber")), tiers[-1])


def _mean(values: Sequence[Any]) -> float | None:
    numbers = [float(v) for v in values if v is not None]
    return mean(numbers) if numbers else None


def _mean_counts(rows: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    keys = dict.fromkeys(k for row in rows for k in row)
    out = {}
    for k in keys:
        value = _mean([row.get(k) for row in rows])
        if value is not None:
            out[k] = value
    return out


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return escape(str(value))


def _table(summary: Mapping[str, Mapping[str, Any]]) -> str:
    cols = ("tier", "turnout", "excluded", "refusals", "vacancies", "struck", "gallagher",
            "loosemore_hanby", "enp_votes", "enp_seats")  # fmt: skip
    head = "".join(f"<th>{c.replace('_', ' ')}</th>" for c in ("constitution", *cols))
    rows = "".join(
        f"<tr><td>{escape(label)}</td>" + "".join(f"<td>{_fmt(m[c])}</td>" for c in cols) + "</tr>"
        for label, m in summary.items()
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _tiers_table(runs: Sequence[Mapping[str, Any]]) -> str:
    rows: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for r in runs:
        label = str(r["constitution"])
        if r.get("sweep"):
            label += f" ({r['sweep']}={r[r['sweep']]:.2f})"
        for tier in r["tiers"]:
            rows[(label, str(tier["tier"]))].append(tier)
    body = []
    for (label, tier), tiers in rows.items():
        if not any(t["deputies"] for t in tiers):
            continue
        strata = _mean_counts([t["strata"] for t in tiers])
        text = ", ".join(f"{escape(k)} {v:.1f}" for k, v in strata.items())
        gallagher = _fmt(_mean([t["gallagher"] for t in tiers]))
        deputies = _fmt(_mean([t["deputies"] for t in tiers]))
        body.append(
            f"<tr><td>{escape(label)}</td><td>{escape(tier)}</td><td>{deputies}</td>"
            f"<td class='t'>{text}</td><td>{gallagher}</td></tr>"
        )
    head = "".join(
        f"<th>{c}</th>"
        for c in ("constitution", "tier", "deputies", "seats by stratum", "gallagher")
    )
    rows_html = "".join(body)
    return f"<table class='tiers'><thead><tr>{head}</tr></thead><tbody>{rows_html}</tbody></table>"


def _bars(values: Mapping[str, float | None], unit: str) -> str:
    width, row = 640, 28
    top = max((v for v in values.values() if v), default=1.0) or 1.0
    out = [f"<svg width='{width}' height='{row * len(values) + 30}' role='img'>"]
    for i, (label, v) in enumerate(values.items()):
        y = i * row + 4
        w = 0 if v is None else int(360 * v / top)
        out.append(f"<text x='0' y='{y + 16}' class='l'>{escape(label)}</text>")
        out.append(f"<rect x='230' y='{y}' width='{w}' height='20' fill='{_COLOURS[0]}'/>")
        out.append(f"<text x='{236 + w}' y='{y + 15}'>{_fmt(v)}</text>")
    out.append(f"<text x='230' y='{row * len(values) + 22}' class='u'>{escape(unit)}</text>")
    out.append("</svg>")
    return "".join(out)


def _stacked(summary: Mapping[str, Mapping[str, Any]], key: str) -> str:
    strata = list(dict.fromkeys(s for m in summary.values() for s in m[key]))
    width, row = 960, 28
    out = [f"<svg width='{width}' height='{row * len(summary) + 40}' role='img'>"]
    for i, (label, m) in enumerate(summary.items()):
        y = i * row + 4
        total = sum(m[key].values()) or 1.0
        x = 230.0
        out.append(f"<text x='0' y='{y + 16}' class='l'>{escape(label)}</text>")
        for j, s in enumerate(strata):
            w = 380 * m[key].get(s, 0.0) / total
            colour = _COLOURS[j % len(_COLOURS)]
            tip = f"{s}: {m[key].get(s, 0.0):.1f}"
            out.append(
                f"<rect x='{x:.1f}' y='{y}' width='{w:.1f}' height='20' fill='{colour}'>"
                f"<title>{escape(tip)}</title></rect>"
            )
            x += w
    out.append(_legend(strata, row * len(summary) + 20))
    out.append("</svg>")
    return "".join(out)


def _grouped(summary: Mapping[str, Mapping[str, Any]]) -> str:
    classes = list(dict.fromkeys(c for m in summary.values() for c in m["electors_per_deputy"]))
    bar, gap = 12, 10
    per = bar * len(classes) + gap
    top = max((v for m in summary.values() for v in m["electors_per_deputy"].values()), default=1)
    out = [f"<svg width='960' height='{per * len(summary) + 40}' role='img'>"]
    for i, (label, m) in enumerate(summary.items()):
        y0 = i * per
        out.append(f"<text x='0' y='{y0 + 14}' class='l'>{escape(label)}</text>")
        for j, cls in enumerate(classes):
            v = m["electors_per_deputy"].get(cls)
            w = 0 if not v else 330 * v / (top or 1)
            y = y0 + j * bar
            colour = _COLOURS[j % len(_COLOURS)]
            out.append(
                f"<rect x='230' y='{y}' width='{w:.1f}' height='{bar - 2}' fill='{colour}'/>"
            )
            out.append(f"<text x='{236 + w:.1f}' y='{y + 9}' class='s'>{_fmt(v)}</text>")
    out.append(_legend(classes, per * len(summary) + 20))
    out.append("</svg>")
    return "".join(out)


def _legend(names: Sequence[str], y: int) -> str:
    """One line of swatches; the charts are wide enough for ten short names."""
    out, x = [], 0
    for j, name in enumerate(names):
        out.append(f"<rect x='{x}' y='{y - 10}' width='10' height='10' fill='{_COLOURS[j % 10]}'/>")
        out.append(f"<text x='{x + 14}' y='{y}' class='s'>{escape(name)}</text>")
        x += 16 + 6 * len(name) + 10
    return "".join(out)


_CSS = """
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
td:first-child, th:first-child, td.t { text-align: left; }
table.tiers td:nth-child(2) { text-align: left; }
svg text { font-size: 13px; } svg text.s { font-size: 10px; } svg text.u { fill: #666; }
"""
