"""Keys through a real terminal: parley's Claims list against a bare Textual list as long.

    python benchmarks/bench_terminal.py DIR [--presses 40] [--json OUT.json]

Both apps run in a pseudo-terminal (120x40), each under ``traced.py``, which notes when
a key event reaches the app and when a frame is written. Once the app's first screen is
drawn and it has gone idle (no index still being built in the background), ``j`` is
pressed ``--presses`` times, each after the output went quiet, and two figures are
kept per key:

* through the terminal: from the key written to the terminal to the last byte of
  the output it causes (the floor: the same keys in a bare Textual ``DataTable`` of
  as many rows as the folder has claims; the target is at most 1.5 times it);
* inside the app: from the key event to the last frame it causes written (the
  target is one frame at 60 Hz, 16 ms); the first frame (the cursor moved, before
  the panes that follow it are redrawn) is given too.

A few keys are pressed first and not counted: both lists do one-off work on the
first moves.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bare_list import FIRST_ROW
from terminal import Terminal
from traced import key_to_frames, read

HERE = Path(__file__).parent
QUIET = 0.25  # seconds without output that end a key's frames
WARM_UP = 3
LAUNCH_TIMEOUT = 900.0  # a million claims, opened without a cache


def count_claims(folder: Path) -> int:
    """How many claim files the folder holds (the length of the Claims list)."""
    return sum(1 for _ in (folder / "claims").rglob("*.toml"))


def ready_text(claims: int) -> str:
    """What parley shows once the folder is open: the Claims tab with its count."""
    return f"Claims ({claims})"


def summary(seconds: list[float]) -> dict[str, Any]:
    """Median and 90th percentile in milliseconds, and how many keys."""
    ms = sorted(s * 1000 for s in seconds)
    if not ms:
        return {"keys": 0, "median_ms": None, "p90_ms": None}
    return {
        "keys": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "p90_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.9))], 2),
    }


def press_keys(
    argv: list[str],
    ready: str,
    presses: int,
    trace: Path,
    before: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Launch ``argv``, wait for ``ready`` on screen, press ``before``, then time ``j`` keys."""
    with Terminal(argv, env=env) as terminal:
        terminal.wait_for(ready, LAUNCH_TIMEOUT)
        for key in before:
            terminal.press(key, QUIET)
        idle = terminal.idle()
        for _ in range(WARM_UP):
            terminal.press("j", 1.0)
        idle = terminal.idle() and idle
        offset = trace.stat().st_size
        through = [terminal.press("j", QUIET) for _ in range(presses)]
        inside = key_to_frames(read(str(trace), offset))
        terminal.close("\x11")  # ctrl+q quits both
    return {
        "terminal": summary([s for s in through if s is not None]),
        "in_app": summary([last for _, last in inside]),
        "in_app_first_frame": summary([first for first, _ in inside]),
        "keys_without_output": sum(s is None for s in through),
        "idle_before_keys": idle,  # False: still busy in the background while measured
    }


def measure(folder: Path, presses: int = 40, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Both apps' key latencies, and parley's terminal figure as a ratio to the bare list's."""
    claims = count_claims(folder)
    with tempfile.TemporaryDirectory(prefix="parley-keys-") as scratch:
        traced = [sys.executable, str(HERE / "traced.py")]
        parley_trace, bare_trace = Path(scratch, "parley"), Path(scratch, "bare")
        parley = press_keys(
            [*traced, str(parley_trace), "-m", "parley", str(folder)],
            ready_text(claims),
            presses,
            parley_trace,
            before=("3",),  # the Claims tab: its list has the focus
            env=env,
        )
        bare = press_keys(
            [*traced, str(bare_trace), str(HERE / "bare_list.py"), str(claims)],
            FIRST_ROW,
            presses,
            bare_trace,
        )
    parley_ms, bare_ms = parley["terminal"]["median_ms"], bare["terminal"]["median_ms"]
    ratio = round(parley_ms / bare_ms, 2) if parley_ms and bare_ms else None
    return {"rows": claims, "parley": parley, "bare": bare, "ratio": ratio}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="a dossier folder (e.g. a generated 100k one)")
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = measure(args.dir, args.presses)
    print(f"{results['rows']} rows; j pressed {args.presses} times in each app")
    print(f"{'':28}{'median ms':>11}{'p90 ms':>9}")
    for app in ("parley", "bare"):
        for where in ("terminal", "in_app", "in_app_first_frame"):
            row = results[app][where]
            name = f"{app}, {where.replace('_', ' ')}"
            print(f"{name:28}{row['median_ms']:>11}{row['p90_ms']:>9}")
    print(f"parley / bare through the terminal: {results['ratio']}x (at most 1.5)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
