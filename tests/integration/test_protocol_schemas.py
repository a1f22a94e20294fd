"""docs/schemas/ describe the record: the vector record and a fresh demo record validate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from suffrage.protocol.record import record_files
from suffrage.protocol.simulation import run_demo, seeded_rng
from suffrage.service.presets import ElectionRequest, manifest_from_preset

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "docs" / "schemas"
VECTOR = ROOT / "vectors" / "election-record"


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / name).read_text())
    return data


def _validator(name: str) -> Draft202012Validator:
    registry: Registry[Any] = Registry()
    for schema_file in SCHEMAS.glob("*.schema.json"):
        schema = _load(schema_file.name)
        resource = Resource.from_contents(schema)
        registry = registry.with_resource(schema["$id"], resource)
    Draft202012Validator.check_schema(_load(name))
    return Draft202012Validator(_load(name), registry=registry)


def _events() -> list[dict[str, Any]]:
    return [json.loads(line) for line in (VECTOR / "board.jsonl").read_text().splitlines()]


def test_vector_record_files_validate_against_their_schemas() -> None:
    _validator("manifest.schema.json").validate(json.loads((VECTOR / "manifest.json").read_text()))
    _validator("head.schema.json").validate(json.loads((VECTOR / "head.json").read_text()))
    events = _validator("event.schema.json")
    for event in _events():
        events.validate(event)


@pytest.mark.parametrize(
    ("seq", "mutate"),
    [
        (0, lambda p: p["manifest"].update(extra=1)),
        (7, lambda p: p.update(replaces="xyz")),
        (7, lambda p: p["ballot"]["contests"][0]["options"][0].update(ciphertext="00")),
        (5, lambda p: p["voters"][0].update(weight=0)),
        (17, lambda p: p.pop("counted")),
        (15, lambda p: p.pop("signature")),
        (15, lambda p: p.update(phase="later")),
    ],
)
def test_schema_rejects_malformed_payloads(seq: int, mutate: Any) -> None:
    event = _events()[seq]
    mutate(event["payload"])
    assert list(_validator("event.schema.json").iter_errors(event))


def test_a_record_with_questions_validates() -> None:
    """A plebiscite with units (7.15.5): the manifest's questions and the result's rows."""
    trustees = (("A", ""), ("B", ""), ("C", ""))
    request = ElectionRequest("plebiscite", "p", "P", trustees=trustees, units=("N", "S", "E"))
    template = manifest_from_preset(request)
    files = record_files(run_demo(6, seeded_rng(b"schema"), manifest=template).election.board)
    manifest = json.loads(files["manifest.json"])
    assert len(manifest["questions"][0]["contests"]) == 3
    _validator("manifest.schema.json").validate(manifest)
    events = [json.loads(line) for line in files["board.jsonl"].splitlines()]
    assert "questions" in events[-1]["payload"]
    validator = _validator("event.schema.json")
    for event in events:
        validator.validate(event)
    events[-1]["payload"]["questions"][0]["outcome"]["units"][0].pop("carries")
    assert list(validator.iter_errors(events[-1]))


RANKED_VECTOR = ROOT / "vectors" / "ranked-record"


def test_ranked_vector_record_validates_against_the_schemas() -> None:
    """Mixes, mix shares and a result with rankings are described by the schemas too."""
    _validator("manifest.schema.json").validate(
        json.loads((RANKED_VECTOR / "manifest.json").read_text())
    )
    _validator("head.schema.json").validate(json.loads((RANKED_VECTOR / "head.json").read_text()))
    events = _validator("event.schema.json")
    lines = (RANKED_VECTOR / "board.jsonl").read_text().splitlines()
    types = set()
    for line in lines:
        event = json.loads(line)
        events.validate(event)
        types.add(event["type"])
    assert {"mix", "mix_share", "result"} <= types


def test_the_schema_names_every_outcome_method() -> None:
    from suffrage.protocol.outcome_rule import METHODS

    rule = _load("manifest.schema.json")["$defs"]
    methods = _find_enum(rule, "method")
    assert set(methods) == set(METHODS)


def _find_enum(node: Any, key: str) -> list[str]:
    """The ``enum`` of the first property named ``key`` anywhere in a schema."""
    if isinstance(node, dict):
        prop = node.get("properties", {}).get(key)
        if isinstance(prop, dict) and "enum" in prop:
            return list(prop["enum"])
        for value in node.values():
            found = _find_enum(value, key)
            if found:
                return found
    if isinstance(node, list):
        for value in node:
            found = _find_enum(value, key)
            if found:
                return found
    return []
