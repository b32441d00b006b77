"""Evaluation against gold files: FORMAT.md's scoring (so `kutip eval` equals score.py) and the
`kutip eval` command that loads gold, predicts and prints the report."""

from kutip.evaluation.matching import score_documents
from kutip.evaluation.report import report, rule_table
from kutip.evaluation.run import evaluate, load_jsonl, predict
from kutip.evaluation.scoring import Scores

__all__ = [
    "Scores",
    "evaluate",
    "load_jsonl",
    "predict",
    "report",
    "rule_table",
    "score_documents",
]
