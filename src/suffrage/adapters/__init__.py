"""Adapters: the only place frameworks live (CLI, web, database, distributed)."""

__all__: list[str] = []
