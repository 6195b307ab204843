"""A day of edits in a running app: memory must stay flat over 1,000 reloads.

The app runs headless (Textual's Pilot) on a copy of the bundled dossiers with the
browser open on the most-quoted person. One claim's file is rewritten 1,000 times,
each time with other wording (alternating with an edit that changes a link, so both
kinds of reload are exercised), and each reload is applied as the file watcher
would apply it. The resident memory is read after a warm-up of 50 reloads and again
at the end; the growth must stay under 10 MB.

    python benchmarks/bench_soak.py [--reloads 1000] [--limit-mb 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from parley.dossier.load import load
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged

ROOT = Path(__file__).resolve().parents[1]
CLAIM = "claims/kyslytsia-they-know-our-background.toml"
WARM_UP = 50


def rss_mb() -> float:
    """The process's resident memory now (not its peak), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


async def soak(folder: Path, reloads: int) -> tuple[float, float, float]:
    path = folder / CLAIM
    original = path.read_text("utf-8")
    app = ParleyApp(folder, load(folder), watch=False)
    # What the app does a while after the last reload (free the old records), at once here.
    app.collect_delay = 0.001
    shown = asyncio.Event()

    def seen(message: object) -> None:
        if isinstance(message, DossierChanged):
            shown.set()

    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        await pilot.pause()
        await pilot.press("tab", "j")
        start = rss_mb()
        began = time.perf_counter()
        for n in range(reloads):
            text = original.replace("background", f"background ({n})", 1)
            if n % 2:  # a link changes too: the full re-check and re-index
                text = text.replace('type = "quote"', 'type = "paraphrase"', 1)
            path.write_text(text, "utf-8")
            os.utime(path, ns=(n * 1_000_000, n * 1_000_000))  # a new stamp every time
            shown.clear()
            await app.refresh_dossier({path.resolve()})
            await asyncio.wait_for(shown.wait(), 30)  # the screen has the new dossier
            await asyncio.sleep(0.005)  # its redraw, and the collection after the reload
            if n + 1 == WARM_UP:
                start = rss_mb()
                began = time.perf_counter()
        await asyncio.sleep(0.05)
        end = rss_mb()
        per_reload = (time.perf_counter() - began) / max(reloads - WARM_UP, 1) * 1000
    return start, end, per_reload


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reloads", type=int, default=1000)
    parser.add_argument("--limit-mb", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "dossiers"
        shutil.copytree(ROOT / "dossiers", folder)
        start, end, per_reload = asyncio.run(soak(folder, args.reloads))
    growth = end - start
    print(f"reloads: {args.reloads} ({per_reload:.1f} ms each, wall, with a redraw)")
    print(f"memory after {WARM_UP} reloads: {start:.1f} MB; at the end: {end:.1f} MB")
    verdict = "pass" if growth < args.limit_mb else "FAIL"
    print(f"growth: {growth:+.1f} MB (limit {args.limit_mb:.0f} MB): {verdict}")
    return 0 if growth < args.limit_mb else 1


if __name__ == "__main__":
    sys.exit(main())
