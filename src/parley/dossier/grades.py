"""Source grades on the Admiralty (NATO) scale, and the badge a statement shows.

A statement's badge is the best reliability among the articles that report it
(A best; F, "cannot be judged", only when no article has a better letter) followed
by its own credibility (1 best): ``B2``. A part not graded shows as ``?``
(``?2``, ``B?``); a statement with neither part graded has no badge at all.
"""

from __future__ import annotations

from parley.dossier.index import Index
from parley.dossier.model import Article, Claim, Reliability

UNGRADED = "?"


def best_reliability(index: Index, claim_id: str) -> Reliability | None:
    """The best reliability among the articles that report a statement, if any is graded."""
    grades = [
        article.reliability
        for article_id in index.articles_reporting(claim_id)
        if (article := index.get_as(article_id, Article)) is not None and article.reliability
    ]
    # Letters sort A to F, best first; F says nothing, so it counts only when alone.
    judged = [g for g in grades if g is not Reliability.F]
    return min(judged or grades, default=None)


def badge(index: Index, claim_id: str) -> str:
    """``B2``: reliability of the best source and credibility; ``?`` for a part not graded."""
    claim = index.get_as(claim_id, Claim)
    if claim is None:
        return ""
    reliability = best_reliability(index, claim_id)
    if reliability is None and claim.credibility is None:
        return ""
    letter = reliability.value if reliability else UNGRADED
    number = str(claim.credibility) if claim.credibility is not None else UNGRADED
    return letter + number
