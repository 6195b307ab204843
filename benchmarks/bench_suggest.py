"""How many of the bundled statements the import's suggestions find, and how many are right.

    python benchmarks/bench_suggest.py [--dossier dossiers] [--min-recall 0.8] [--min-speaker 0.9]

Imports each bundled article's text into a temporary folder that holds only the
bundled people records (so no claim helps), asks for suggestions, and compares
them with the bundled statements credited to a person or a side. A statement is
found when a suggestion's passage overlaps one of its excerpts in that article;
its speaker is right when the suggestion names the same person (or, for a side's
statement, the same side). Precision is the share of suggestions that overlap
some bundled statement of that article, whoever it credits.

The texts are the archives named by the article records (``archive = …``); an
article without one is matched to the seed text (``../shared/seeds``) holding
most of its excerpts, when that folder exists. Prints a table, quotes and
paraphrases apart; fails (exit 1) below ``--min-recall`` or ``--min-speaker``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from parley.dossier.attribution import Suggestion, suggest
from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Article, Claim, ClaimKind, Kind

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@dataclass
class Tally:
    """Counts for one kind of statement."""

    statements: int = 0
    found: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)


def article_texts(dossier: Path, index: Index) -> dict[str, str]:
    """Each article's archived text, or the seed text that holds most of its excerpts."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts: dict[str, str] = {}
    for aid in index.ids(Kind.ARTICLE):
        article = index.get_as(aid, Article)
        if article is None:
            continue
        if article.archive and (dossier / article.archive).is_file():
            texts[aid] = (dossier / article.archive).read_text(encoding="utf-8")
            continue
        excerpts = [r.excerpt for c in claims_of(index, aid) for r in c.reported_by]
        scored = [(sum(e in seed for e in excerpts), seed) for seed in seeds]
        best = max(scored, default=(0, ""), key=lambda pair: pair[0])
        if best[0]:
            texts[aid] = best[1]
    return texts


def claims_of(index: Index, article: str) -> list[Claim]:
    return [c for cid in index.claims_reported_by(article) if (c := index.get_as(cid, Claim))]


def spans(text: str, claim: Claim, article: str) -> list[tuple[int, int]]:
    found = []
    for report in claim.reported_by:
        if report.article == article and (at := text.find(report.excerpt)) >= 0:
            found.append((at, at + len(report.excerpt)))
    return found


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def people_only(dossier: Path, into: Path) -> Index:
    """A folder holding only the dossier's people records, loaded."""
    shutil.copytree(dossier / "people", into / "people")
    return load(into).index


def measure(dossier: Path) -> tuple[dict[ClaimKind, Tally], int, int]:
    """Tallies per statement type, and suggestions made and suggestions that match."""
    bundled = load(dossier).index
    texts = article_texts(dossier, bundled)
    with tempfile.TemporaryDirectory() as tmp:
        people = people_only(dossier, Path(tmp))
    tallies = {kind: Tally() for kind in ClaimKind}
    made = matched = 0
    for aid, text in texts.items():
        suggestions = suggest(text, people)
        claims = claims_of(bundled, aid)
        made += len(suggestions)
        all_spans = [s for c in claims for s in spans(text, c, aid)]
        matched += sum(any(overlaps((s.start, s.end), x) for x in all_spans) for s in suggestions)
        for claim in claims:
            if not (claim.speaker or claim.side):
                continue
            tally = tallies[claim.type]
            tally.statements += 1
            hits = hits_for(suggestions, spans(text, claim, aid))
            if not hits:
                tally.misses.append(f"{claim.id} (in {aid})")
                continue
            tally.found += 1
            if any(
                h.speaker == claim.speaker if claim.speaker else h.who == claim.side for h in hits
            ):
                tally.right += 1
            else:
                who = ", ".join(h.who for h in hits)
                tally.misses.append(f"{claim.id}: speaker {who}")
    return tallies, made, matched


def hits_for(suggestions: list[Suggestion], excerpts: list[tuple[int, int]]) -> list[Suggestion]:
    return [s for s in suggestions if any(overlaps((s.start, s.end), x) for x in excerpts)]


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossier", type=Path, default=ROOT / "dossiers")
    parser.add_argument("--min-recall", type=float, default=0.8)
    parser.add_argument("--min-speaker", type=float, default=0.9)
    parser.add_argument("--verbose", action="store_true", help="list the misses")
    args = parser.parse_args()
    tallies, made, matched = measure(args.dossier)
    if not any(t.statements for t in tallies.values()):
        print(f"no archived texts in {args.dossier} (and no {SEEDS}): nothing to measure")
        return 1
    total = Tally()
    print(f"{'statements':<12}{'count':>7}{'found':>8}{'recall':>9}{'speaker right':>15}")
    for name, tally in [(k.value + "s", t) for k, t in tallies.items()] + [("all", total)]:
        if tally is not total:
            total.statements += tally.statements
            total.found += tally.found
            total.right += tally.right
            total.misses += tally.misses
        print(
            f"{name:<12}{tally.statements:>7}{tally.found:>8}"
            f"{percent(tally.found, tally.statements):>9}{percent(tally.right, tally.found):>15}"
        )
    print(
        f"suggestions {made}, matching a bundled statement {matched}: "
        f"precision {percent(matched, made)}"
    )
    if args.verbose:
        for miss in total.misses:
            print("  miss:", miss)
    recall = total.found / total.statements if total.statements else 0.0
    speaker = total.right / total.found if total.found else 0.0
    ok = recall >= args.min_recall and speaker >= args.min_speaker
    if not ok:
        print(
            f"FAIL: recall {recall:.0%} (need {args.min_recall:.0%}), speaker {speaker:.0%} "
            f"(need {args.min_speaker:.0%})"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
