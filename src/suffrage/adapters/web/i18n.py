"""Translation catalogues: one JSON file per locale in ``i18n/``, English as the fallback.

The locale comes from ``?lang=``, then the ``lang`` cookie, then ``Accept-Language``.
Adding a locale is adding a file (docs/translating.md): every key missing from it falls
back to English, and a test lists the keys a complete catalogue still lacks. Keys under
``js_booth.``, ``js_track.`` and ``js_trustee.`` are the messages of the page scripts,
handed to them in a JSON block (:meth:`Catalogues.section`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Catalogues", "load_catalogues"]

_DIR = Path(__file__).with_name("i18n")


@dataclass(frozen=True)
class Catalogues:
    messages: dict[str, dict[str, str]]
    default: str = "en"

    @property
    def locales(self) -> list[str]:
        return sorted(self.messages)

    def pick(self, query: str | None, cookie: str | None, accept: str | None) -> str:
        for candidate in (query, cookie):
            if candidate and candidate in self.messages:
                return candidate
        for lang, _q in _parse_accept(accept or ""):
            base = lang.split("-")[0]
            if base in self.messages:
                return base
        return self.default

    def gettext(self, locale: str, key: str) -> str:
        table = self.messages.get(locale, {})
        return table.get(key) or self.messages[self.default].get(key) or key

    def section(self, locale: str, prefix: str) -> dict[str, str]:
        """The messages whose keys start with ``prefix`` (prefix removed), for a script."""
        keys = [k for k in self.messages[self.default] if k.startswith(prefix)]
        return {k[len(prefix) :]: self.gettext(locale, k) for k in keys}


def _parse_accept(header: str) -> list[tuple[str, float]]:
    out = []
    for part in header.split(","):
        pieces = part.strip().split(";")
        lang = pieces[0].strip().lower()
        q = 1.0
        for p in pieces[1:]:
            if p.strip().startswith("q="):
                try:
                    q = float(p.strip()[2:])
                except ValueError:
                    q = 0.0
        if lang:
            out.append((lang, q))
    return sorted(out, key=lambda x: -x[1])


def load_catalogues(default: str = "en", directory: Path = _DIR) -> Catalogues:
    """Every ``<locale>.json`` of ``directory``; ``default`` falls back to English."""
    messages = {}
    for path in sorted(directory.glob("*.json")):
        messages[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    if default not in messages:
        default = "en"
    return Catalogues(messages, default)
