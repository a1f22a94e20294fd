from __future__ import annotations

import copy

import pytest
from protocol_helpers import manifest_json

from suffrage.errors import ManifestError
from suffrage.protocol.encoding import LABEL_MANIFEST, Json, canonical, hash_bytes
from suffrage.protocol.manifest import parse_manifest


def test_manifest_round_trips_and_hashes_its_canonical_json() -> None:
    m = parse_manifest(manifest_json())
    assert m.to_json() == manifest_json()
    assert m.hash == hash_bytes(LABEL_MANIFEST, canonical(manifest_json()))
    assert m.contest("budget").value_max == 3
    assert m.style("south").contests == ("council",)


def _broken(path: list[str | int], value: Json) -> dict[str, Json]:
    data = copy.deepcopy(manifest_json())
    target: object = data
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["protocol"], "suffrage/2", r"manifest\.protocol"),
        (["id"], "Bad Id", r"manifest\.id: expected an identifier"),
        (["threshold"], 4, r"manifest\.threshold: 4 is outside 1\.\.3"),
        (["contests", 0, "kind"], "ranked", r"manifest\.contests\[0\]\.kind"),
        (["contests", 0, "max"], 4, r"manifest\.contests\[0\]\.max"),
        (["contests", 1, "min"], 7, r"manifest\.contests\[1\]\.min: 7 is outside 0\.\.6"),
        (["contests", 0, "value_max"], 2, r"manifest\.contests\[0\]\.value_max"),
        (["contests", 0, "options", 1, "id"], "a", r"manifest\.contests\[0\]\.options: dup"),
        (["contests", 1, "id"], "council", r"manifest\.contests: duplicate id 'council'"),
        (["styles", 1, "contests"], ["nope"], r"manifest\.styles\[1\]\.contests\[0\]"),
        (["styles", 0, "contests"], ["council"], r"manifest\.contests\[1\]: .*no ballot style"),
        (["trustees", 1, "index"], 3, r"manifest\.trustees\[1\]\.index"),
        (["title"], "", r"manifest\.title: length"),
        (["contests", 0, "options"], [], r"manifest\.contests\[0\]\.options: needs 1\.\.64"),
    ],
)
def test_invalid_manifest_names_the_field(path: list[str | int], value: Json, message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        parse_manifest(_broken(path, value))


def test_unknown_and_missing_fields_are_rejected() -> None:
    data = manifest_json()
    data["extra"] = 1
    with pytest.raises(ManifestError, match="unknown field 'extra'"):
        parse_manifest(data)
    data = manifest_json()
    del data["styles"]
    with pytest.raises(ManifestError, match="missing field 'styles'"):
        parse_manifest(data)
    with pytest.raises(ManifestError, match="expected an object"):
        parse_manifest([1, 2])
