"""Election protocol: manifest, ballots, bulletin board, tally and ceremonies (sans-I/O)."""

__all__: list[str] = []
