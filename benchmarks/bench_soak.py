"""A day of edits in a running app: memory must stay flat over 1,000 reloads.

The app runs headless (Textual's Pilot) on a copy of the bundled dossiers with the
browser open on the most-quoted person. One claim's file is rewritten 1,000 times,
each time with other wording (alternating with an edit that changes a link, so both
kinds of reload are exercised), and each reload is applied as the file watcher
would apply it. The resident memory is read after a warm-up of 50 reloads and again
at the end, each time once search is rebuilt and the old records are collected; the
growth must stay under 10 MB.

    python benchmarks/bench_soak.py [--reloads 1000] [--limit-mb 10] [--dir DIR]

With ``--dir`` the app runs on a copy of that folder instead (a generated one, say:
``--dir /work/big/100k --reloads 60 --warm-up 10``), editing its first claim; the
peak resident memory of the whole run is reported too.
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


def peak_mb() -> float:
    """The process's peak resident memory so far, in MB."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024 / 1e6


def claim_to_edit(folder: Path) -> Path:
    """The bundled claim the edits were written for, or else the first quote in the folder."""
    if (folder / CLAIM).is_file():
        return folder / CLAIM
    for path in sorted((folder / "claims").rglob("*.toml")):
        if 'type = "quote"' in path.read_text("utf-8"):
            return path
    raise SystemExit(f"no quote to edit under {folder / 'claims'}")


def edited(original: str, n: int) -> str:
    """The claim's text with other wording; every other time a link changes too."""
    if "background" in original:
        text = original.replace("background", f"background ({n})", 1)
    else:
        text = original.replace('text = "', f'text = "({n}) ', 1)
    if n % 2:  # a link changes too: the full re-check and re-index
        text = text.replace('type = "quote"', 'type = "paraphrase"', 1)
    return text


async def settled(app: ParleyApp) -> None:
    """Until search is rebuilt and the old records are collected (as a pause in editing
    gives them time to be); on a big folder a reload comes quicker than a search build."""
    for _ in range(1200):  # two minutes at most
        if app._search_index is not None and app._collect_timer is None:
            return
        await asyncio.sleep(0.1)


async def soak(folder: Path, reloads: int, warm_up: int) -> tuple[float, float, float]:
    path = claim_to_edit(folder)
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
            path.write_text(edited(original, n), "utf-8")
            os.utime(path, ns=(n * 1_000_000, n * 1_000_000))  # a new stamp every time
            shown.clear()
            await app.refresh_dossier({path.resolve()})
            await asyncio.wait_for(shown.wait(), 30)  # the screen has the new dossier
            await asyncio.sleep(0.005)  # its redraw, and the collection after the reload
            if n + 1 == warm_up:
                await settled(app)
                start = rss_mb()
                began = time.perf_counter()
        per_reload = (time.perf_counter() - began) / max(reloads - warm_up, 1) * 1000
        await settled(app)
        end = rss_mb()
    return start, end, per_reload


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reloads", type=int, default=1000)
    parser.add_argument("--limit-mb", type=float, default=10.0)
    parser.add_argument("--warm-up", type=int, default=WARM_UP, help="reloads before measuring")
    parser.add_argument("--dir", type=Path, default=ROOT / "dossiers", help="folder to copy")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "dossiers"
        shutil.copytree(args.dir, folder)
        start, end, per_reload = asyncio.run(soak(folder, args.reloads, args.warm_up))
    growth = end - start
    print(f"reloads: {args.reloads} ({per_reload:.1f} ms each, wall, with a redraw)")
    print(f"memory after {args.warm_up} reloads: {start:.1f} MB; at the end: {end:.1f} MB")
    print(f"peak over the run: {peak_mb():.1f} MB")
    verdict = "pass" if growth < args.limit_mb else "FAIL"
    print(f"growth: {growth:+.1f} MB (limit {args.limit_mb:.0f} MB): {verdict}")
    return 0 if growth < args.limit_mb else 1


if __name__ == "__main__":
    sys.exit(main())
