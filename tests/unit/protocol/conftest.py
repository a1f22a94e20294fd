"""Fixtures of the protocol tests."""

from __future__ import annotations

import pytest
from protocol_helpers import Setup, manifest_json, open_election

from suffrage.crypto.group import RandomSource
from suffrage.protocol.manifest import Manifest, parse_manifest


@pytest.fixture
def manifest() -> Manifest:
    return parse_manifest(manifest_json())


@pytest.fixture
def opened(manifest: Manifest, rng: RandomSource) -> Setup:
    return open_election(manifest, rng, [("north", 1), ("north", 2), ("south", 1)])
