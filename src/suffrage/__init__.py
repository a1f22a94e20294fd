"""suffrage: verifiable elections, referendums and recalls for self-governing organizations."""

__all__ = ["__version__"]

__version__ = "0.1.0"
