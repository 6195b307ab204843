"""Source grades as the exports write them: the badge and, in words, what each part means.

A statement's grade is the badge the app shows (``dossier/grades.py``): the best
reliability among the articles that report it, then its own credibility. An
article's grade is its reliability alone. A part not graded reads ``?``; a record
with no part graded has no grade, and an export writes nothing for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from parley.dossier.grades import badge, best_reliability
from parley.dossier.index import Index
from parley.dossier.model import (
    CREDIBILITY_MEANINGS,
    RELIABILITY_MEANINGS,
    Article,
    Claim,
    Reliability,
)


def _scale(name: str, meanings: dict[Reliability, str] | dict[int, str]) -> str:
    """``source reliability from A (completely reliable) to F (…)``, from the model's meanings."""
    (best, best_meaning), *_, (last, last_meaning) = meanings.items()
    return f"{name} from {best} ({best_meaning}) to {last} ({last_meaning})"


RELIABILITY_SCALE = _scale("source reliability", RELIABILITY_MEANINGS)
CREDIBILITY_SCALE = _scale("information credibility", CREDIBILITY_MEANINGS)


@dataclass(frozen=True)
class Grade:
    """A record's Admiralty grade: its badge and each part in words."""

    badge: str
    parts: tuple[str, ...]
    scales: tuple[str, ...]

    @property
    def text(self) -> str:
        """``Admiralty grade B2 (source reliability B: usually reliable; …)``, for a keyword."""
        return f"Admiralty grade {self.badge} ({'; '.join(self.parts)})"

    @property
    def explanation(self) -> str:
        """The scales by name and what this grade's parts mean, in two sentences."""
        parts = "; ".join(self.parts)
        return (
            f"Admiralty (NATO) grade {self.badge}: {', then '.join(self.scales)}. "
            f"{parts[0].upper()}{parts[1:]}."
        )


def _reliability_part(reliability: Reliability | None, of_claim: bool) -> str:
    if reliability is None:
        return "source reliability not graded"
    part = f"source reliability {reliability.value}: {RELIABILITY_MEANINGS[reliability]}"
    return part + (", the best of the articles that report it" if of_claim else "")


def _credibility_part(credibility: int | None) -> str:
    if credibility is None:
        return "information credibility not graded"
    return f"information credibility {credibility}: {CREDIBILITY_MEANINGS[credibility]}"


def claim_grade(index: Index, claim: Claim) -> Grade | None:
    """A statement's grade, or None when neither part is graded."""
    shown = badge(index, claim.id)
    if not shown:
        return None
    reliability = best_reliability(index, claim.id)
    return Grade(
        badge=shown,
        parts=(_reliability_part(reliability, True), _credibility_part(claim.credibility)),
        scales=(RELIABILITY_SCALE, CREDIBILITY_SCALE),
    )


def article_grade(article: Article) -> Grade | None:
    """An article's grade, its source reliability, or None when it has none."""
    if article.reliability is None:
        return None
    return Grade(
        badge=article.reliability.value,
        parts=(_reliability_part(article.reliability, False),),
        scales=(RELIABILITY_SCALE,),
    )
