"""Opening a big folder, cold and warm, against what reading it costs in the same run.

    python benchmarks/bench_open.py DIR [--repeat 2] [--json OUT.json]

Every figure is wall time from spawning a process to its answer, as a user waits for it:

* the floors: ``grep -rl medinsky DIR`` (what a user would run instead: the warm
  target is at most 2 times it), and a Python process that reads every ``.toml``
  file and parses it with ``rtoml`` (the cold target is at most 2 times it);
* ``parley check DIR`` with a cache folder of its own (``XDG_CACHE_HOME``), first
  run (cold), then again (warm: the best of ``--repeat``);
* the app's first usable screen: ``parley DIR`` in a pseudo-terminal until the Claims
  tab shows the folder's count of claims; warm after the runs above, cold with an
  empty cache folder.

The page cache is warmed before anything is timed: "cold" means parley's own cache
is empty, not the disk's (which cannot be emptied without root).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_terminal import count_claims, ready_text
from terminal import Terminal

GREP_WORD = "medinsky"  # a surname generate.py gives to people, so claims name it too
TIMEOUT = 900.0  # seconds: a million-claim folder opened cold without a cache is slow
PARLEY = Path(sys.executable).with_name("parley")


def read_and_parse(folder: Path) -> int:
    """Read every ``.toml`` file under ``folder`` and parse it with rtoml; how many."""
    import rtoml

    count = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            if name.endswith(".toml"):
                with open(os.path.join(dirpath, name), "rb") as file:
                    rtoml.loads(file.read().decode("utf-8"))
                count += 1
    return count


SUMMARY = re.compile(rb"; \d+ errors?, \d+ warnings?$")
"""The last line ``parley check`` prints: its answer is out."""


def run(
    argv: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)
) -> tuple[float, float]:
    """Seconds from spawning ``argv`` to its answer, and its peak memory in MB; it must succeed.

    For ``parley check`` the answer is its summary line: after it, the command leaves its
    cache snapshot to be written (``PARLEY_CACHE_WAIT=1`` here, so that the next run
    finds it and no writer competes with it); for anything else, the exit.
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        env = {**os.environ, "PARLEY_CACHE_WAIT": "1", **(env or {})}
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, env=env)
        # wait4, not wait: it tells this child's own peak memory.
        timer = threading.Timer(TIMEOUT, process.kill)
        timer.start()
        answered = None
        try:
            assert process.stdout is not None
            for line in process.stdout:
                if SUMMARY.search(line.rstrip()):
                    answered = time.perf_counter()
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = (answered or time.perf_counter()) - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in ok:
            errors.seek(0)
            text = errors.read().decode(errors="replace").strip().splitlines()[-1:]
            message = text[0] if text else "no message"
            raise RuntimeError(f"{Path(argv[0]).name} exited {process.returncode}: {message}")
    return seconds, usage.ru_maxrss / 1024  # kilobytes on Linux


def timed(argv: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)) -> float:
    """Seconds from spawning ``argv`` to its exit; an error when it fails."""
    return run(argv, env, ok)[0]


def grep_floor(folder: Path, repeat: int) -> float:
    """The best of ``repeat`` runs of ``grep -rl medinsky DIR``."""
    return min(timed(["grep", "-rl", GREP_WORD, str(folder)]) for _ in range(repeat))


def parse_floor(folder: Path, repeat: int) -> float:
    """The best of ``repeat`` Python processes reading and parsing every file."""
    argv = [sys.executable, __file__, "--read-and-parse", str(folder)]
    return min(timed(argv) for _ in range(repeat))


def check(folder: Path, cache: Path) -> float:
    """Seconds for ``parley check DIR`` with its cache in ``cache``; 1 (errors found) is fine."""
    return timed([str(PARLEY), "check", str(folder)], {"XDG_CACHE_HOME": str(cache)}, ok=(0, 1))


def first_screen(folder: Path, cache: Path, claims: int) -> float:
    """Seconds from launching ``parley DIR`` in a terminal to its Claims tab with the count."""
    env = {"XDG_CACHE_HOME": str(cache)}
    with Terminal([str(PARLEY), str(folder)], env=env) as terminal:
        shown = terminal.wait_for(ready_text(claims), TIMEOUT)
        terminal.close("q")
    return shown - terminal.started


def measure(folder: Path, repeat: int = 2) -> dict[str, Any]:
    """The floors, then ``parley check`` and the app's first screen, cold and warm."""
    claims = count_claims(folder)
    read_and_parse(folder)  # the page cache holds every file from here on
    results: dict[str, Any] = {"folder": str(folder), "claims": claims}
    results["grep_s"] = grep_floor(folder, max(repeat, 3))
    results["parse_s"] = parse_floor(folder, repeat)
    with tempfile.TemporaryDirectory(prefix="parley-open-") as scratch:
        warm, cold = Path(scratch, "warm"), Path(scratch, "cold")
        results["check_cold_s"] = check(folder, warm)
        results["check_warm_s"] = min(check(folder, warm) for _ in range(repeat))
        results["app_warm_s"] = min(first_screen(folder, warm, claims) for _ in range(repeat))
        results["app_cold_s"] = first_screen(folder, cold, claims)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="a dossier folder (e.g. a generated 100k one)")
    parser.add_argument("--repeat", type=int, default=2, help="warm runs (the best is kept)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--read-and-parse", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.read_and_parse:  # the floor, run as a process of its own
        read_and_parse(args.dir)
        return 0
    results = measure(args.dir, args.repeat)
    grep, parse = results["grep_s"], results["parse_s"]
    print(f"{results['claims']} claims in {args.dir}")
    print(f"floor: grep -rl {GREP_WORD}  {grep:8.2f} s")
    print(f"floor: read + rtoml parse   {parse:8.2f} s")
    pairs = [("check_warm", grep), ("app_warm", grep), ("check_cold", parse), ("app_cold", parse)]
    for name, floor in pairs:
        seconds = results[f"{name}_s"]
        print(f"{name.replace('_', ', '):27} {seconds:8.2f} s  {seconds / floor:6.2f}x floor")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
