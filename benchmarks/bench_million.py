"""The one-off million-claim run: cold, warm, peak memory and a key, as rows to paste.

    python benchmarks/bench_million.py [--data DIR] [--folder DIR] [--claims 1000000]
                                       [--presses 20]

Generates ``DATA/1m`` when missing (``--claims`` claims; about 4 GB and many minutes),
or measures ``--folder``. Then, all in one run, as ``make bench`` does at 100k: the
floors (``grep -rl``; reading and parsing every file), ``parley check`` cold and warm
with their peak memory, the app's first usable screen warm with its peak memory, and
``j`` in the Claims list (key event to frame written, and through the terminal). It
prints the rows for the kept section of BENCHMARKS.md; it writes nothing there.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_all import Row, table  # noqa: E402
from bench_open import (  # noqa: E402
    PARLEY,
    TIMEOUT,
    grep_floor,
    parse_floor,
    read_and_parse,
    run,
)
from bench_terminal import count_claims, press_keys, ready_text  # noqa: E402
from generate import generate  # noqa: E402
from terminal import Terminal  # noqa: E402

MILLION = 1_000_000


def first_screen(folder: Path, cache: Path, claims: int) -> tuple[float, float]:
    """Seconds to the app's first usable screen, and its peak memory (MB) by then."""
    with Terminal([str(PARLEY), str(folder)], env={"XDG_CACHE_HOME": str(cache)}) as terminal:
        shown = terminal.wait_for(ready_text(claims), TIMEOUT)
        terminal.idle()  # what it builds after the first screen counts towards its peak
        peak = terminal.peak_mb()
        terminal.close("q")
    return shown - terminal.started, peak


def measure(folder: Path, presses: int) -> list[Row]:
    """Every figure of the run, as report rows."""
    claims = count_claims(folder)
    size = f"{claims:,} claims"
    print(f"{size} in {folder}; warming the page cache …", flush=True)
    read_and_parse(folder)
    grep = grep_floor(folder, 2)
    parse = parse_floor(folder, 1)
    print(f"floors: grep {grep:.2f} s, read + parse {parse:.2f} s", flush=True)
    grep_what, parse_what = "`grep -rl medinsky`", "read + rtoml parse every file"
    with tempfile.TemporaryDirectory(prefix="parley-million-") as scratch:
        cache = Path(scratch)
        argv = [str(PARLEY), "check", str(folder)]
        env = {"XDG_CACHE_HOME": str(cache)}
        cold, cold_peak = run(argv, env, ok=(0, 1))
        print(f"check cold {cold:.1f} s, peak {cold_peak:.0f} MB", flush=True)
        warm, warm_peak = run(argv, env, ok=(0, 1))
        print(f"check warm {warm:.1f} s, peak {warm_peak:.0f} MB", flush=True)
        app, app_peak = first_screen(folder, cache, claims)
        print(f"app warm {app:.1f} s, peak {app_peak:.0f} MB", flush=True)
        trace = cache / "trace"
        traced = [sys.executable, str(HERE / "traced.py"), str(trace), "-m", "parley"]
        keys = press_keys(
            [*traced, str(folder)], ready_text(claims), presses, trace, before=("3",), env=env
        )
    return [
        Row("cold-check", f"Cold open: `parley check`, {size}", value=cold,
            floor_what=parse_what, floor=parse, max_ratio=2),
        Row("warm-check", f"Warm open: `parley check`, {size}", value=warm,
            floor_what=grep_what, floor=grep, max_ratio=2),
        Row("warm-app", f"Warm open: the app's first usable screen, {size}", value=app,
            floor_what=grep_what, floor=grep, max_ratio=2),
        Row("memory-peak", f"Memory peak: `parley check` cold, {size}", unit="MB",
            value=cold_peak, max_value=350),
        Row("memory-peak", f"Memory peak: `parley check` warm, {size}", unit="MB",
            value=warm_peak, max_value=350),
        Row("memory-peak", f"Memory peak: the app, warm, once idle, {size}", unit="MB",
            value=app_peak, max_value=350),
        Row("keys-in-app", f"Keys in the app: `j` in the Claims list, key event to frame "
            f"written (median of {keys['in_app']['keys']}), {size}", unit="ms",
            value=keys["in_app"]["median_ms"], max_value=1000 / 60),
        Row("keys-terminal", f"Keys through a real terminal: `j` in the Claims list, key to "
            f"last byte (median of {keys['terminal']['keys']}), {size}", unit="ms",
            value=keys["terminal"]["median_ms"]),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data", help="a folder holding 1m")
    parser.add_argument("--folder", type=Path, help="measure this folder instead of DATA/1m")
    parser.add_argument("--claims", type=int, default=MILLION, help="when generating")
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args(argv)
    folder = args.folder or args.data / "1m"
    if not folder.is_dir() or not any(folder.iterdir()):
        print(f"generating {args.claims} claims into {folder} …", flush=True)
        generate(folder, args.claims)
    rows = measure(folder.resolve(), args.presses)
    print("\nRows for the kept section of BENCHMARKS.md:\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
