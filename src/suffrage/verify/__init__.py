"""Independent verifier of a published election record, written from docs/protocol.md."""

__all__: list[str] = []
