"""``suffrage trustee mix`` and the decryption of mixes: a trustee's part in ranked contests.

Both work from the record the trustee downloaded and verified (never from rows the
server hands her): :func:`~suffrage.protocol.mixboard.read_mix_steps` reads each ranked
contest's next step from it. Mixing needs no secret share (any listed trustee may mix);
decrypting the last mix does, so it follows the rules of the tally's decryption (7.9):
only a board that extends the heads she signed, only after she attested both, only a
contest mixed by at least ``t`` trustees, and only one last mix per contest, remembered
in her state file (``mix:<contest>``): a fork that shows her another last mix of the same
contest is refused.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from suffrage.adapters.cli.trustee_io import fail
from suffrage.adapters.cli.trustee_memory import BoardView
from suffrage.crypto.group import Element, Scalar
from suffrage.errors import SuffrageError
from suffrage.protocol.encoding import JsonObject
from suffrage.protocol.manifest import Manifest
from suffrage.protocol.mixboard import BoardMix, read_mix_steps
from suffrage.protocol.mixnet import mix_share_step_payload, mix_step_payload

__all__ = ["Mixer", "Update", "decrypt_mixes", "mix_all", "progress_bar"]

Update = Callable[[str, int, int], None]


class Mixer(Protocol):
    """What these steps need of the trustee's state (``trustee.State``)."""

    index: int
    manifest: Manifest

    @property
    def memory(self) -> dict[str, str]: ...

    def save(self) -> None: ...

    def signed(self, type_: str, payload: JsonObject) -> JsonObject: ...

    def post(self, path: str, body: JsonObject) -> Any: ...


@contextmanager
def progress_bar() -> Iterator[Update]:
    """A Rich progress bar on stderr: ``update(description, done, total)`` per stage."""
    columns = (
        TextColumn("{task.description:<34}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _chains(st: Mixer, view: BoardView) -> dict[str, BoardMix]:
    try:
        return read_mix_steps(st.manifest, view.events)
    except SuffrageError as exc:
        fail(f"cannot read the mixes of the record: {exc}")


def _public_key(view: BoardView) -> Element:
    joint = view.payloads("joint_key")[0].payload
    return Element.from_hex(str(joint["public_key"]))


def mix_all(st: Mixer, view: BoardView, update: Update) -> list[str]:
    """Mix every ranked contest this trustee has not mixed; one line per contest."""
    lines = []
    key = _public_key(view)
    for cid, chain in _chains(st, view).items():
        if chain.empty:
            lines.append(f"contest {cid}: no counted ballot, nothing to mix")
        elif st.index in chain.mixers:
            lines.append(f"contest {cid}: trustee {st.index}'s mix is already on the board")
        elif chain.decrypted_by:
            lines.append(f"contest {cid}: its decryption has begun; no more mixes")
        else:
            lines.append(_mix_one(st, key, chain, update))
    return lines


def _mix_one(st: Mixer, key: Element, chain: BoardMix, update: Update) -> str:
    step = chain.step
    stage = f"mix {step.contest} ({len(step.rows)} ballots)"
    done = {"shuffled": 1, "proved": 2}
    update(stage, 0, 3)
    payload = mix_step_payload(
        key, st.manifest.hash_hex, step, st.index, os.urandom, lambda s: update(stage, done[s], 3)
    )
    st.post("/mixes", st.signed("mix", payload))
    update(stage, 3, 3)
    t = st.manifest.threshold
    return (
        f"contest {step.contest}: posted trustee {st.index}'s mix (round {step.round}; "
        f"{step.round + 1} of the {t} mixes needed)"
    )


def decrypt_mixes(st: Mixer, view: BoardView, secret: Scalar, update: Update) -> list[str]:
    """Post shares of every ranked contest's last mix that is due; one line per contest."""
    lines = []
    t = st.manifest.threshold
    for cid, chain in _chains(st, view).items():
        remembered = st.memory.get(f"mix:{cid}")
        if remembered is not None and remembered != chain.step.previous:
            fail(
                f"this board's last mix of contest {cid} is {chain.step.previous}, but this "
                f"trustee decrypted {remembered}: it is not the board she decrypted, so she stops"
            )
        if chain.empty:
            continue
        if len(chain.mixers) < t:
            lines.append(
                f"contest {cid}: mixed by {len(chain.mixers)} of the {t} trustees needed; "
                "decrypt again once they have run 'suffrage trustee mix'"
            )
        elif st.index in chain.decrypted_by:
            lines.append(f"contest {cid}: trustee {st.index}'s shares of its mix are on the board")
        else:
            lines.append(_decrypt_one(st, chain, secret, update))
    return lines


def _decrypt_one(st: Mixer, chain: BoardMix, secret: Scalar, update: Update) -> str:
    step = chain.step
    st.memory[f"mix:{step.contest}"] = step.previous  # remembered before anything is sent
    st.save()
    stage, n = f"decrypt {step.contest} ({len(step.rows)} ballots)", len(step.rows)
    update(stage, 0, n)
    mh = st.manifest.hash_hex
    payload = mix_share_step_payload(
        mh, step, st.index, secret, os.urandom, lambda r: update(stage, r, n)
    )
    st.post("/mix-shares", st.signed("mix_share", payload))
    return f"contest {step.contest}: posted trustee {st.index}'s shares of its last mix"
