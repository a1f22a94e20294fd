"""Use cases: what users do (run a scenario, create and run elections), over ports.

Each use-case family lives in its own module or package; frameworks stay out (see the
import contracts in ``pyproject.toml``).
"""

__all__: list[str] = []
