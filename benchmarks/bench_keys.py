"""Keypress latency in the browser on a 100,000-claim dossier, against a tiny one.

Each scenario presses keys through Textual's Pilot and waits until the app has
handled them and redrawn (``pilot.pause``). What is measured is the CPU time the
process spent per key (handling, layout and rendering, every thread), not the
wall time: Pilot's own waiting is idle and would only blur the figure. The
floor is the very same scenario
on a dossier of 100 claims, measured in the same run: a key that costs what it
costs on a tiny dossier does no work that grows with the data. The absolute
figures are printed beside the 16.7 ms of one frame at 60 Hz.

    python benchmarks/bench_keys.py [--dir BIG] [--claims 100000] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate

from parley.dossier.load import load
from parley.ui.app import ParleyApp
from parley.ui.screens.main import MainScreen

FRAME_MS = 1000 / 60
MAX_RATIO = 3.0  # a keypress may cost at most this many times what it costs on 100 claims

Pilot = Any
Scenario = Callable[[Pilot], Awaitable[None]]


async def timed_keys(pilot: Pilot, keys: list[str], samples: list[float]) -> None:
    for key in keys:
        start = time.process_time()
        await pilot.press(key)
        await pilot.pause()
        samples.append((time.process_time() - start) * 1000)


def scenarios() -> dict[str, Callable[[Pilot, list[float]], Awaitable[None]]]:
    async def move_in_claims(pilot: Pilot, samples: list[float]) -> None:
        await pilot.press("3")
        await pilot.pause()
        await timed_keys(pilot, ["j"] * 40 + ["k"] * 10, samples)

    async def page_through_claims(pilot: Pilot, samples: list[float]) -> None:
        await pilot.press("3")
        await pilot.pause()
        # Down and up again: a tiny floor dossier has too few pages to go on down.
        await timed_keys(pilot, ["pagedown", "pageup"] * 10 + ["end", "home"], samples)

    async def move_in_people(pilot: Pilot, samples: list[float]) -> None:
        await pilot.press("2")
        await pilot.pause()
        await timed_keys(pilot, ["j"] * 40, samples)

    async def statements_and_reports(pilot: Pilot, samples: list[float]) -> None:
        await pilot.press("2", "tab")
        await pilot.pause()
        await timed_keys(pilot, ["j"] * 20 + ["tab", "shift+tab"] * 5, samples)

    async def switch_tabs(pilot: Pilot, samples: list[float]) -> None:
        await timed_keys(pilot, ["3", "2", "1", "4"] * 5, samples)

    async def follow_and_back(pilot: Pilot, samples: list[float]) -> None:
        await pilot.press("2", "tab")
        await pilot.pause()
        for _ in range(5):
            await timed_keys(pilot, ["enter", "backspace"], samples)

    async def type_a_search(pilot: Pilot, samples: list[float]) -> None:
        await pilot.press("slash")
        await pilot.pause()
        await timed_keys(pilot, list("medinsky") + ["backspace"] * 8 + list("the talks"), samples)

    return {
        "move in claims (j/k)": move_in_claims,
        "page through claims": page_through_claims,
        "move in people (j)": move_in_people,
        "statements + reports": statements_and_reports,
        "switch tabs (1-4)": switch_tabs,
        "follow + back": follow_and_back,
        "type a search": type_a_search,
    }


async def measure(folder: Path) -> dict[str, list[float]]:
    dossier = load(folder)
    results: dict[str, list[float]] = {}
    for name, scenario in scenarios().items():
        app = ParleyApp(folder, dossier, watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            app.search_index()  # built in the background in real use
            samples: list[float] = []
            await scenario(pilot, samples)
            results[name] = samples
    return results


def summarise(big: dict[str, list[float]], small: dict[str, list[float]]) -> dict[str, Any]:
    rows = {}
    for name in big:
        big_median, small_median = statistics.median(big[name]), statistics.median(small[name])
        rows[name] = {
            "median_ms": round(big_median, 2),
            "p90_ms": round(sorted(big[name])[int(len(big[name]) * 0.9)], 2),
            "floor_median_ms": round(small_median, 2),
            "ratio": round(big_median / small_median, 2),
        }
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="a big dossier to reuse (else generated)")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--max-ratio", type=float, default=MAX_RATIO)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        small_dir = Path(tmp) / "small"
        generate(small_dir, 100)
        big_dir = args.dir
        if big_dir is None:
            big_dir = Path(tmp) / "big"
            print(f"generating {args.claims} claims …", flush=True)
            generate(big_dir, args.claims)
        small = asyncio.run(measure(small_dir))
        big = asyncio.run(measure(big_dir))
    rows = summarise(big, small)
    print(f"\nCPU ms per key (one frame at 60 Hz is {FRAME_MS:.1f} ms)")
    print(f"{'scenario':<24}{'median':>9}{'p90':>9}{'floor':>9}{'ratio':>8}")
    for name, row in rows.items():
        print(f"{name:<24}{row['median_ms']:>9.2f}{row['p90_ms']:>9.2f}"
              f"{row['floor_median_ms']:>9.2f}{row['ratio']:>7.2f}x")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    worst = max(row["ratio"] for row in rows.values())
    ok = worst <= args.max_ratio
    print(f"\nworst ratio {worst:.2f}x (bound {args.max_ratio}x): {'ok' if ok else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
