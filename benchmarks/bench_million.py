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
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_all import Row, number, table  # noqa: E402
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
T = TypeVar("T")


def first_screen(folder: Path, cache: Path, claims: int) -> tuple[float, float]:
    """Seconds to the app's first usable screen, and its peak memory (MB) by then."""
    with Terminal([str(PARLEY), str(folder)], env={"XDG_CACHE_HOME": str(cache)}) as terminal:
        shown = terminal.wait_for(ready_text(claims), TIMEOUT)
        terminal.idle()  # what it builds after the first screen counts towards its peak
        peak = terminal.peak_mb()
        terminal.close("q")
    return shown - terminal.started, peak


def step(name: str, measure: Callable[[], T], failures: dict[str, str]) -> T | None:
    """``measure()``, or None with its failure noted: one step failing costs its rows only."""
    try:
        return measure()
    except Exception as error:  # a long run keeps what it has
        failures[name] = f"failed: {type(error).__name__}: {error}".splitlines()[0]
        print(f"{name}: {failures[name]}", flush=True)
        return None


def measure(folder: Path, presses: int) -> list[Row]:
    """Every figure of the run, as report rows."""
    claims = count_claims(folder)
    size = f"{claims:,} claims"
    print(f"{size} in {folder}; warming the page cache …", flush=True)
    read_and_parse(folder)
    grep = grep_floor(folder, 2)
    parse = parse_floor(folder, 1)
    print(f"floors: grep {grep:.2f} s, read + parse {parse:.2f} s", flush=True)
    failed: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="parley-million-") as scratch:
        cache = Path(scratch)
        argv = [str(PARLEY), "check", str(folder)]
        env = {"XDG_CACHE_HOME": str(cache)}
        cold = step("cold", lambda: run(argv, env, ok=(0, 1)), failed)
        print(f"check cold (s, peak MB): {cold}", flush=True)
        warm = step("warm", lambda: run(argv, env, ok=(0, 1)), failed)
        print(f"check warm (s, peak MB): {warm}", flush=True)
        app = step("app", lambda: first_screen(folder, cache, claims), failed)
        print(f"app warm (s, peak MB): {app}", flush=True)
        trace = cache / "trace"
        traced = [sys.executable, str(HERE / "traced.py"), str(trace), "-m", "parley"]
        keys = step(
            "keys",
            lambda: press_keys([*traced, str(folder)], ready_text(claims), presses, trace,
                               before=("3",), env=env),
            failed,
        )  # fmt: skip
    grep_what, parse_what = "`grep -rl medinsky`", "read + rtoml parse every file"
    rows = [
        Row("cold-check", f"Cold open: `parley check`, {size}", floor_what=parse_what,
            floor=parse, max_ratio=2, value=cold and cold[0], note=failed.get("cold", "")),
        Row("warm-check", f"Warm open: `parley check`, {size}", floor_what=grep_what,
            floor=grep, max_ratio=2, value=warm and warm[0], note=failed.get("warm", "")),
        Row("warm-app", f"Warm open: the app's first usable screen, {size}", floor_what=grep_what,
            floor=grep, max_ratio=2, value=app and app[0], note=failed.get("app", "")),
        Row("memory-peak", f"Memory peak: `parley check` cold, {size}", unit="MB",
            max_value=350, value=cold and cold[1], note=failed.get("cold", "")),
        Row("memory-peak", f"Memory peak: `parley check` warm, {size}", unit="MB",
            max_value=350, value=warm and warm[1], note=failed.get("warm", "")),
        Row("memory-peak", f"Memory peak: the app, warm, once idle, {size}", unit="MB",
            max_value=350, value=app and app[1], note=failed.get("app", "")),
    ]  # fmt: skip
    inside = Row("keys-in-app", f"Keys in the app: `j` in the Claims list, key event to frame "
                 f"written (median of {presses}), {size}", unit="ms", max_value=1000 / 60,
                 note=failed.get("keys", ""))  # fmt: skip
    through = Row("keys-terminal", f"Keys through a real terminal: `j` in the Claims list, key "
                  f"to last byte (median of {presses}), {size}", unit="ms",
                  note=failed.get("keys", ""))  # fmt: skip
    if keys is not None:
        inside.value = keys["in_app"]["median_ms"]
        through.value = keys["terminal"]["median_ms"]
        first = keys["in_app_first_frame"]["median_ms"]
        inside.what += f"; its first frame (the cursor moved) {number(first, 'ms')}"
    return [*rows, inside, through]


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
