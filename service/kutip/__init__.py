"""kutip: quote attribution for Indonesian news."""

from kutip.engine import Engine, Result, RulesError, extract

__version__ = "0.1.0"

__all__ = ["Engine", "Result", "RulesError", "__version__", "extract"]
