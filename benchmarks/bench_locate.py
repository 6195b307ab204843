"""Locating problems must cost one pass over each file, however many problems it has.

    python benchmarks/bench_locate.py [--problems 5000] [--repeat 3] [--max-ratio 3]

Loads folders holding one claim with N problems of one sort, for N and 2N:

* unknown keys: ``key1 = 1`` ... in one claim (validation errors);
* broken references: ``contradicts = ["no-such-claim-1", ...]`` (reference errors);
* references in inline tables: a person's ``roles = [{article = "missing-1", ...}, ...]``.

When each problem costs the same, twice the problems cost twice the time: the
ratio is about 2. A locator that rescans the file per problem costs N times
the file's length, and the ratio is about 4. The run fails (exit 1) when any
ratio exceeds ``--max-ratio``.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from parley.dossier.load import load

MAX_RATIO = 3.0
"""Between linear (2) and quadratic (4): room for noise, none for a rescan per problem."""

CLAIM = 'text = "Said."\ntype = "quote"\nside = "ukraine"\n'


def unknown_keys(n: int) -> dict[str, str]:
    """One claim with ``n`` unknown keys."""
    keys = "".join(f"key{i} = {i}\n" for i in range(n))
    return {"claims/keys.toml": CLAIM + keys}


def broken_references(n: int) -> dict[str, str]:
    """One claim contradicting ``n`` claims that do not exist, one per line."""
    ids = "".join(f'  "no-such-claim-{i}",\n' for i in range(n))
    return {"claims/refs.toml": f"{CLAIM}contradicts = [\n{ids}]\n"}


def inline_roles(n: int) -> dict[str, str]:
    """One person holding ``n`` roles, each citing an article that does not exist."""
    roles = "".join(f'  {{article = "missing-{i}", title = "Role {i}"}},\n' for i in range(n))
    return {"people/many-roles.toml": f'name = "A Person"\nside = "ukraine"\nroles = [\n{roles}]\n'}


def time_load(files: dict[str, str], repeat: int) -> tuple[float, int]:
    """The best time of ``repeat`` loads of a folder holding ``files``, and its problem count."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
        best, count = float("inf"), 0
        for _ in range(repeat):
            gc.collect()
            start = time.process_time()
            dossier = load(root)
            best = min(best, time.process_time() - start)
            count = len(dossier.problems)
    return best, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", type=int, default=5000, help="N, the smaller count")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-ratio", type=float, default=MAX_RATIO)
    args = parser.parse_args()
    n = args.problems
    scenarios: dict[str, Callable[[int], dict[str, str]]] = {
        "unknown keys": unknown_keys,
        "broken references": broken_references,
        "inline-table references": inline_roles,
    }
    failed = False
    print(f"{'scenario':<26}{'N':>8}{'time N':>11}{'2N':>8}{'time 2N':>11}{'ratio':>8}")
    for name, make in scenarios.items():
        small, small_count = time_load(make(n), args.repeat)
        large, large_count = time_load(make(2 * n), args.repeat)
        ratio = large / small if small else float("inf")
        verdict = "" if ratio <= args.max_ratio else f"  > {args.max_ratio}: FAIL"
        failed |= bool(verdict)
        print(
            f"{name:<26}{small_count:>8}{small * 1000:>9.1f}ms"
            f"{large_count:>8}{large * 1000:>9.1f}ms{ratio:>8.2f}{verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
