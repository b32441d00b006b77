"""Scoring by the rules of shared/eval/FORMAT.md, so `kutip eval` equals score.py."""

from kutip.evaluation.matching import score_documents
from kutip.evaluation.scoring import Scores

__all__ = ["Scores", "score_documents"]
