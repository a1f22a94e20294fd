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
    #: password checks at once (each takes 64 MiB and a core for tens of milliseconds)
    login_workers: int = 1
    #: sign-ins queued behind them before new ones get 429
    login_waiting: int = 4
    #: seconds before a sign-in refused on arrival is answered (slows a flood down)
    refusal_delay: float = 0.5
