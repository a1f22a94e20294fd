"""What the web adapter needs from the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from suffrage.service.auth import AdminAuth
from suffrage.service.casting import BallotBox
from suffrage.service.ceremony import Ceremonies
from suffrage.service.elections import ElectionService

__all__ = ["WebDeps"]


@dataclass(frozen=True)
class WebDeps:
    elections: ElectionService
    box: BallotBox
    ceremonies: Ceremonies
    auth: AdminAuth
    secret_key: str
    https: bool = False
    default_locale: str = "en"
