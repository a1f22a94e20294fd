"""Migration scripts, one per schema revision."""

__all__: list[str] = []
