"""Evaluation against gold files: FORMAT.md's scoring (so `kutip eval` equals score.py) and the
`kutip eval` command that loads gold, predicts and prints the report."""

from kutip.evaluation.matching import score_documents
from kutip.evaluation.report import report, rule_table, source_blocks
from kutip.evaluation.run import evaluate, load_jsonl, predict
from kutip.evaluation.scoring import Scores
from kutip.evaluation.sources import score_by_source, source_family, split_by_source

__all__ = [
    "Scores",
    "evaluate",
    "load_jsonl",
    "predict",
    "report",
    "rule_table",
    "score_by_source",
    "score_documents",
    "source_blocks",
    "source_family",
    "split_by_source",
]
