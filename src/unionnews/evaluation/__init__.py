"""Evaluation against gold annotations (docs/annotation.md).

>>> report = evaluate(load_gold("tests/gold/corpus"), load("out"))  # doctest: +SKIP
>>> print(report.as_table())                                          # doctest: +SKIP
"""

from unionnews.evaluation.gold import GoldArticle, GoldFigure, GoldPerson, load_gold
from unionnews.evaluation.score import PRF, Accuracy, EvaluationReport, evaluate

__all__ = [
    "PRF",
    "Accuracy",
    "EvaluationReport",
    "GoldArticle",
    "GoldFigure",
    "GoldPerson",
    "evaluate",
    "load_gold",
]
