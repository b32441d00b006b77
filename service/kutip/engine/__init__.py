"""The kutip engine: pure Python, text in, frozen dataclasses out (never imports Flask)."""

from kutip.engine.core import Engine, default_engine, default_rules_dir, extract
from kutip.engine.errors import DocumentTooComplexError, RuleProblem, RulesError
from kutip.engine.model import Cue, Entity, Quote, Result, Span, Speaker

__all__ = [
    "Cue",
    "DocumentTooComplexError",
    "Engine",
    "Entity",
    "Quote",
    "Result",
    "RuleProblem",
    "RulesError",
    "Span",
    "Speaker",
    "default_engine",
    "default_rules_dir",
    "extract",
]
