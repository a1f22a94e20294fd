"""Alembic migrations of the suffrage schema (run by ``suffrage db upgrade``)."""

__all__: list[str] = []
