"""Built-in constitutions as TOML data files (read through :mod:`importlib.resources`)."""

__all__: list[str] = []
