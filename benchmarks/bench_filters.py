"""Filtering and sorting 100k statements must cost about what one pass over their ids costs.

    python benchmarks/bench_filters.py [--claims 100000] [--repeat 5] [--max-ratio 4]

Builds an index of N claims in memory (the proportions of ``generate.py``: about
2% as many people, 5% as many articles, 1% as many rounds), then times, each
with the filter cache emptied so every run does the whole work:

* the floor: a plain list comprehension keeping the ids that are in a set, the
  least any filter over a list of ids can cost;
* ``apply`` with one facet, with three combined, and with the sort by speaker.

Each facet's table is gathered once per index, on first use; that one-off cost
(all of them, as the picker's counts need, and the timeline's merged order) is
reported, not counted. The run fails (exit 1) when a filter takes more than
``--max-ratio`` times the floor, or more than 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import sys
import time
from collections.abc import Callable

from parley.dossier.filters import Filter, Sort, apply, choices, facets
from parley.dossier.index import Index
from parley.dossier.model import AnyRecord, Article, Claim, ClaimKind, Person, Report, Round
from parley.present.timeline import timeline_order

MAX_RATIO = 4.0
"""A few set operations on top of one pass: room for noise, none for reading records."""
MAX_MS = 100.0
SIDES = ["ukraine", "russia", "turkey", "united-states", "european-union", "united-kingdom"]
OUTLETS = ["Sputnik", "Reuters", "PISM", "United24", "Kyiv Independent", "TASS", None]
TOPICS = ["ceasefire", "prisoner-exchange", "territory", "sanctions", "memorandum", "next-round"]


def records(claims: int, seed: int = 7) -> list[AnyRecord]:
    """A valid set of records of the given size, built without files."""
    rng = random.Random(seed)
    start = dt.date(2022, 2, 28)
    people = [
        Person(id=f"person-{i:05d}", name=f"Person {i}", side=SIDES[i % len(SIDES)])
        for i in range(max(50, claims * 2 // 100))
    ]
    articles = [
        Article(
            id=f"article-{i:06d}",
            title=f"Report {i}",
            outlet=OUTLETS[i % len(OUTLETS)],
            published=start + dt.timedelta(days=rng.randrange(1000)),
            language="en",
            unknown={"url": "none", "authors": "none", "outlet_kind": "none"}
            | ({"outlet": "none"} if OUTLETS[i % len(OUTLETS)] is None else {}),
        )
        for i in range(max(20, claims * 5 // 100))
    ]
    rounds = [
        Round(id=f"round-{i:05d}", title=f"Round {i}", place="Istanbul",
              date=start + dt.timedelta(days=3 * i))
        for i in range(max(4, claims // 100))
    ]  # fmt: skip
    made: list[AnyRecord] = [*rounds, *people, *articles]
    for i in range(claims):
        made.append(
            Claim(
                id=f"claim-{i:07d}",
                speaker=rng.choice(people).id,
                text="Said.",
                type=ClaimKind.QUOTE if rng.random() < 0.4 else ClaimKind.PARAPHRASE,
                round=rounds[i * len(rounds) // claims].id,
                topics=rng.sample(TOPICS, rng.randint(1, 2)),
                contradicts=[f"claim-{i - 1:07d}"] if i and rng.random() < 0.05 else [],
                reported_by=[
                    Report(article=a.id, excerpt="Said.")
                    for a in rng.sample(articles, rng.randint(1, 3))
                ],
            )
        )
    return made


def best_ms(run: Callable[[], object], repeat: int, before: Callable[[], None]) -> float:
    """The best of ``repeat`` runs of ``run``, in milliseconds, ``before`` each."""
    best = float("inf")
    for _ in range(repeat):
        before()
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--max-ratio", type=float, default=MAX_RATIO)
    args = parser.parse_args()
    print(f"building {args.claims} claims in memory...", flush=True)
    index = Index(records(args.claims))
    ids = index.ids(Claim.kind)
    # As the app does after a load: the records stay out of full collections.
    gc.collect()
    gc.freeze()
    russian = Filter(sides=frozenset({"russia"}))
    kept = set(ids[::6])
    floor = best_ms(lambda: [i for i in ids if i in kept], args.repeat, lambda: None)
    found = facets(index)
    for name, once in {
        "every facet, as the picker counts them": lambda: choices(index),
        "the timeline's order": lambda: timeline_order(index),
    }.items():
        start = time.perf_counter()
        once()
        took = (time.perf_counter() - start) * 1000
        print(f"once per index, {name}: {took:.0f} ms ({took / floor:.0f}x the floor)")

    def empty_cache() -> None:
        found._cache.clear()

    cases: dict[str, Callable[[], object]] = {
        "side russia": lambda: apply(index, ids, russian),
        "side · quote · ≥2 sources": lambda: apply(
            index,
            ids,
            Filter(sides=russian.sides, types=frozenset({ClaimKind.QUOTE}), min_sources=2),
        ),
        "topic ceasefire, by speaker": lambda: apply(
            index, ids, Filter(topics=frozenset({"ceasefire"})), Sort.SPEAKER
        ),
        "no filter, by speaker": lambda: apply(index, ids, Filter(), Sort.SPEAKER),
    }
    print(f"{'case':<30}{'kept':>8}{'time':>10}{'ratio':>8}")
    print(f"{'floor: list comprehension':<30}{len(kept):>8}{floor:>8.1f}ms{1:>8.2f}")
    failed = False
    for name, run in cases.items():
        took = best_ms(run, args.repeat, empty_cache)
        ratio = took / floor if floor else float("inf")
        result = run()
        size = len(result) if isinstance(result, list) else 0
        verdict = ""
        if ratio > args.max_ratio or took > MAX_MS:
            verdict = f"  > {args.max_ratio} or > {MAX_MS:.0f} ms: FAIL"
        failed |= bool(verdict)
        print(f"{name:<30}{size:>8}{took:>8.1f}ms{ratio:>8.2f}{verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
