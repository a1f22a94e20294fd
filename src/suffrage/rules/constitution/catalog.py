"""The built-in constitutions, shipped as TOML files in this package's ``presets`` folder.

Reading them reads only this package's own data (like importing a module): no paths
from the caller, no environment, no clock.
"""

from __future__ import annotations

from importlib import resources

from suffrage.errors import ConstitutionError
from suffrage.rules.constitution.model import Constitution
from suffrage.rules.constitution.parse import parse_constitution_text

__all__ = ["load_preset", "preset_names", "preset_text"]

_PACKAGE = "suffrage.rules.constitution.presets"


def preset_names() -> tuple[str, ...]:
    """The ids of the built-in constitutions, sorted."""
    folder = resources.files(_PACKAGE)
    return tuple(
        sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))
    )


def preset_text(name: str) -> str:
    """The TOML text of preset ``name``."""
    if name not in preset_names():
        known = ", ".join(preset_names())
        raise ConstitutionError(f"no preset constitution {name!r}; presets: {known}")
    return resources.files(_PACKAGE).joinpath(f"{name}.toml").read_text(encoding="utf-8")


def load_preset(name: str) -> Constitution:
    """The validated preset ``name``."""
    return parse_constitution_text(preset_text(name), source=f"preset {name}")
