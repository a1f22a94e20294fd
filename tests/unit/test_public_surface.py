"""Every module declares its public surface in ``__all__``, and every listed name exists."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import suffrage

# Alembic runs these only inside a migration context.
_SKIP = ("suffrage.adapters.db.migrations.env", "suffrage.adapters.db.migrations.versions.")


def _modules() -> list[str]:
    names = ["suffrage"]
    for info in pkgutil.walk_packages(suffrage.__path__, "suffrage."):
        if not info.name.startswith(_SKIP):
            names.append(info.name)
    return names


@pytest.mark.parametrize("name", _modules())
def test_module_declares_all(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, list | tuple), f"{name} has no __all__"
    missing = [n for n in exported if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ lists undefined names: {missing}"
