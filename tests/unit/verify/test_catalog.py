"""The checklist, the code and docs/protocol.md part 8 name the same checks, in order."""

from __future__ import annotations

import re
from pathlib import Path

import suffrage.verify
from suffrage.verify import Check, CheckStatus, VerificationReport
from suffrage.verify.checks import CATALOG

ROOT = Path(__file__).resolve().parents[3]


def _part8() -> str:
    text = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    start = text.index("<!-- part:verification -->")
    return text[start : text.index("<!-- /part:verification -->")]


def test_docs_list_every_check_in_order() -> None:
    documented = re.findall(r"^\| \d+ \| `([a-z_.]+)` \|", _part8(), flags=re.MULTILINE)
    assert documented == [check_id for check_id, _ in CATALOG]


def test_every_check_id_the_code_fails_is_in_the_catalog() -> None:
    ids = {check_id for check_id, _ in CATALOG}
    source = Path(suffrage.verify.__file__).parent
    used = set()
    for path in source.rglob("*.py"):
        used |= set(re.findall(r'fail\(\s*"([a-z_]+\.[a-z_]+)"', path.read_text()))
    extends = {"extends.old", "extends.new", "extends.prefix"}
    assert used - extends <= ids
    assert len(used) >= 25


def test_report_validity_and_json() -> None:
    report = VerificationReport(subject="x")
    assert not report.valid  # an empty checklist proves nothing
    a, b = report.add("a.one", "first"), report.add("b.two", "second")
    assert report.add("a.one", "again") is a
    b.status = CheckStatus.NOT_REACHED
    assert report.valid
    for k in range(60):
        a.fail(f"item {k}", "broken")
    assert not report.valid and report.failed == [a]
    data = report.to_dict()
    assert data["valid"] is False
    first = data["checks"][0]
    assert first["failure_count"] == 60 and len(first["failures"]) == 50
    assert a.detail.startswith("item 0: broken; item 1: broken; item 2: broken (and 57 more)")
    skipped = Check("c.three", "third")
    skipped.skip("not run")
    assert skipped.status is CheckStatus.SKIPPED and skipped.detail == "not run"
