"""Every user-facing string goes through the catalogue, and every catalogue is complete.

- Each catalogue has exactly English's keys, a translation differing from English (but for
  the few words that are the same in every language) and the same ``{placeholders}``.
- Templates show no text of their own: outside ``{{ ... }}`` and ``{% ... %}`` a text node
  or a user-facing attribute (aria-label, title, placeholder, alt) holds no letter.
- Every ``t("key")`` of a template and every ``T("key")`` of a page script names a key.
- Page scripts hold no sentence of their own (a string literal of two words or more).
- Every message the roll parser and the administrator's actions can produce has a plain
  translation (not the "could not be read" fallback).
- Every constitution preset has a name and a summary in every catalogue (keys
  ``preset.<id>.name`` and ``preset.<id>.summary``), the English name being the preset's.
The browser test (tests/e2e/test_browser_pages.py) checks the rendered Russian pages too.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from suffrage.adapters.web.i18n import load_catalogues
from suffrage.adapters.web.wording import plain_roll_error, plain_service_error
from suffrage.rules.constitution import load_preset, preset_names
from suffrage.service.roll import parse_roll

WEB = Path(__file__).parents[2] / "src/suffrage/adapters/web"
TEMPLATES = sorted((WEB / "templates").glob("*.html"))
SCRIPTS = ["booth.js", "booth-rank.js", "track.js", "trustee.js", "site.js"]
SCRIPT_SECTIONS = {
    "booth.js": "js_booth.",
    "booth-rank.js": "js_rank.",
    "track.js": "js_track.",
    "trustee.js": "js_trustee.",
}
# the same word in every language: the project's name, and a time zone's
SAME_EVERYWHERE = {"app_name", "time_utc"}
CATS = load_catalogues()
OTHERS = [locale for locale in CATS.locales if locale != "en"]


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("locale", OTHERS)
def test_catalogue_is_complete(locale: str) -> None:
    en, other = CATS.messages["en"], CATS.messages[locale]
    assert sorted(set(en) - set(other)) == [], "keys missing"
    assert sorted(set(other) - set(en)) == [], "keys English does not have"
    same = sorted(k for k in en if other[k] == en[k] and k not in SAME_EVERYWHERE)
    assert same == [], "left in English"
    differ = sorted(k for k in en if _placeholders(en[k]) != _placeholders(other[k]))
    assert differ == [], "placeholders differ"


@pytest.mark.parametrize("locale", CATS.locales)
def test_every_preset_has_a_translated_name_and_summary(locale: str) -> None:
    """The pages show a constitution by its catalogue name, never the rules' English."""
    ids = preset_names()
    assert len(ids) >= 5
    table, en = CATS.messages[locale], CATS.messages["en"]
    wanted = [f"preset.{i}.{part}" for i in ids for part in ("name", "summary")]
    assert [k for k in wanted if not table.get(k)] == [], "missing"
    if locale != "en":
        assert [k for k in wanted if table[k] == en[k]] == [], "left in English"
    stale = [k for k in table if k.startswith("preset.") and k.split(".")[1] not in ids]
    assert stale == [], "a preset that no longer exists"
    assert {i: en[f"preset.{i}.name"] for i in ids} == {i: load_preset(i).name for i in ids}


class _Text(HTMLParser):
    """Text nodes and user-facing attributes of a template, its Jinja parts removed."""

    ATTRS = ("aria-label", "title", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code"):
            self._skip += 1
        for name, value in attrs:
            if name in self.ATTRS and value and re.search(r"[^\W\d_]", value):
                self.found.append(f"{tag}[{name}]={value}")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and re.search(r"[^\W\d_]", data):
            self.found.append(data.strip())


def _without_jinja(source: str) -> str:
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", source, flags=re.S)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_templates_have_no_text_of_their_own(template: Path) -> None:
    parser = _Text()
    parser.feed(_without_jinja(template.read_text(encoding="utf-8")))
    assert parser.found == []


def test_template_keys_exist() -> None:
    used: set[str] = set()
    for template in TEMPLATES:
        source = template.read_text("utf-8")
        used |= set(re.findall(r"\bt\(\s*[\"']([\w.-]+)[\"']\s*[,)]", source))
    assert used and sorted(used - set(CATS.messages["en"])) == []


@pytest.mark.parametrize("script", sorted(SCRIPT_SECTIONS))
def test_script_keys_exist(script: str) -> None:
    source = (WEB / "static" / script).read_text(encoding="utf-8")
    source = re.sub(r"^\s*//.*$", "", source, flags=re.M)  # comments
    used = set(re.findall(r"\bT\(\s*\"(\w+)\"", source))
    used |= set(re.findall(r"\btext\.(\w+)", source))
    prefix = SCRIPT_SECTIONS[script]
    assert used and sorted(k for k in used if prefix + k not in CATS.messages["en"]) == []
    unused = [
        k for k in CATS.messages["en"] if k.startswith(prefix) and k[len(prefix) :] not in used
    ]
    assert unused == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_scripts_have_no_sentences_of_their_own(script: str) -> None:
    source = (WEB / "static" / script).read_text(encoding="utf-8")
    source = re.sub(r"^\s*//.*$", "", source, flags=re.M)  # comments
    literals = re.findall(r"\"((?:[^\"\\\n]|\\.)*)\"|'((?:[^'\\\n]|\\.)*)'", source)
    words = [w for w in (a or b for a, b in literals) if w != "use strict"]
    sentences = [w for w in words if re.fullmatch(r"[^#.\[]*[A-Za-z]{2,} [A-Za-z]{2,}.*", w)]
    assert sentences == []


def _roll_errors() -> list[str]:
    """Every message of the roll parser, made by a roll that has that problem."""
    styles = ["members", "guests"]
    rolls = [
        "",
        "voter_id,name\n",
        "voter_id,name,email,colour\n",
        "voter_id,name,email,name\n",
        "voter_id,name,email\n",
        "voter_id,name,email\n1,Ada\n",
        "voter_id,name,email,style,weight\n,,x,nope,0\n1,Ada,a@b.org,members,1\n"
        "1,Bo,a@b.org,members,1\n",
        'voter_id,name,email\n"unclosed,Ada,a@b.org\n',
    ]
    messages = []
    for text in rolls:
        messages += [e.message for e in parse_roll(text, styles).errors]
    return messages


def _t(locale: str):  # type: ignore[no-untyped-def]
    def t(key: str, **values: object) -> str:
        text = CATS.gettext(locale, key)
        return text.format(**values) if values else text

    return t


@pytest.mark.parametrize("locale", CATS.locales)
def test_every_roll_error_has_a_plain_translation(locale: str) -> None:
    from suffrage.service.model import RollRowError

    messages = _roll_errors()
    kinds = {re.sub(r"'[^']*'|\d+", "_", m) for m in messages}
    assert len(kinds) >= 12, kinds  # the rolls above meet most of the parser's messages
    fallback = CATS.gettext(locale, "roll_err_other").split("{")[0]
    for message in messages:
        plain = plain_roll_error(_t(locale), RollRowError(2, "email", message))
        assert not plain.text.startswith(fallback), message


@pytest.mark.parametrize(
    "message",
    [
        "the key ceremony is not finished: no joint key yet",
        "the roll is empty",
        "3 voter(s) have not been invited yet",
        "2 of 5 invitation(s) could not be sent (v1, v2); invite again to retry them",
        "the election is keys, not tallied",
        "an election with id 'x' already exists",
        "a party-votes ballot needs at least two options",
        "manifest.threshold: 5 is outside 1..3",
        "the ranked contests are not all decrypted: contest 'council' is mixed by 1 of 2 trustees",
        "voter of style 'members' has weight 3: a ranked contest needs weight 1 (a weight"
        " would be published next to its ranking)",
    ],
)
def test_admin_errors_have_plain_translations(message: str) -> None:
    for locale in CATS.locales:
        plain = plain_service_error(_t(locale), message)
        assert plain.detail is None and plain.text != CATS.gettext(locale, "svc_unknown")
        assert "keys" not in plain.text and "tallied" not in plain.text


def test_adding_a_language_is_one_file(tmp_path: Path) -> None:
    """A new catalogue file is a new language at once; what it lacks shows in English."""
    for name in ("en.json", "ru.json"):
        (tmp_path / name).write_text((WEB / "i18n" / name).read_text("utf-8"), "utf-8")
    (tmp_path / "de.json").write_text('{"language_name": "Deutsch", "elections": "Wahlen"}')
    cats = load_catalogues(directory=tmp_path)
    assert cats.locales == ["de", "en", "ru"]
    assert cats.pick(None, None, "de-DE,de;q=0.9") == "de"
    assert cats.gettext("de", "elections") == "Wahlen"
    assert cats.gettext("de", "sign_in") == "Sign in"  # not translated yet: English
    assert cats.section("de", "js_track.")["not_found"] == CATS.gettext("en", "js_track.not_found")
