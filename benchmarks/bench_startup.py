"""Start-up: launch to the first screen with data, against a bare Textual app.

Both run in a pseudo-terminal (120x40, TERM=xterm-256color), as a user starts
them, alternating, ``runs`` times each after one unmeasured warm-up of each.
A run is timed from the spawn to the moment the screen shows data: for parley
on the bundled dossier (``parley dossiers`` from the project root), a person's
name from it; for the bare app, its one label. The ratio of the medians is the
figure; the target is at most 1.5.

Python's byte-code cache is allowed for the children (an installed parley has
its ``.pyc`` files; a bare Textual app has Textual's), whatever the caller's
environment says.

    python benchmarks/bench_startup.py [--runs 9] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import fcntl
import json
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS, LINES = 120, 40
TARGET = 1.5
TIMEOUT = 30.0  # seconds one launch may take before the run is given up
PARLEY_SHOWS = "Serhii Kyslytsia"  # in the first screen of the bundled dossier, once loaded
BARE_SHOWS = "bare-textual-ready"
BARE_APP = f"""\
from textual.app import App, ComposeResult
from textual.widgets import Label


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("{BARE_SHOWS}")


Bare().run()
"""
# Escape sequences (CSI, OSC, and two-byte ones), removed before looking for the text.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child: be killed if the benchmark dies, even by SIGKILL (Linux; else nothing)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("TEXTUAL", None)  # no devtools
    env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
    return env


@contextlib.contextmanager
def _spawned(argv: list[str]) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """``argv`` running in a new pseudo-terminal; killed with its group however this ends."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    try:
        process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env=_child_env(),
            start_new_session=True,  # its own group, so it and its children are killed together
            preexec_fn=_die_with_parent,
        )
    except BaseException:
        os.close(master)
        os.close(slave)
        raise
    os.close(slave)
    try:
        yield process, master
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
        os.close(master)


def time_to_text(argv: list[str], text: str, timeout: float = TIMEOUT) -> float:
    """Seconds from spawning ``argv`` in a terminal until ``text`` is on its screen."""
    wanted = text.encode()
    start = time.perf_counter()
    with _spawned(argv) as (process, master):
        output = b""
        while True:
            left = start + timeout - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{text!r} not shown within {timeout} s by {argv}")
            ready, _, _ = select.select([master], [], [], min(left, 0.5))
            if not ready:
                if process.poll() is not None:
                    raise RuntimeError(f"{argv} ended ({process.returncode}) before showing it")
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{argv} closed the terminal before showing {text!r}")
            output += chunk
            if wanted in _ESCAPES.sub(b"", output):
                return time.perf_counter() - start


def _commands(bare_script: Path) -> dict[str, tuple[list[str], str]]:
    return {
        "parley": ([sys.executable, "-m", "parley", "dossiers"], PARLEY_SHOWS),
        "bare": ([sys.executable, str(bare_script)], BARE_SHOWS),
    }


def measure(runs: int) -> dict[str, float]:
    """Median seconds to the first screen with data, for parley and a bare app, and their ratio."""
    with tempfile.TemporaryDirectory(prefix="parley-bench-startup-") as scratch:
        bare_script = Path(scratch) / "bare_app.py"
        bare_script.write_text(BARE_APP, "utf-8")
        commands = _commands(bare_script)
        for argv, text in commands.values():  # byte-code compiled and files cached, unmeasured
            time_to_text(argv, text)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, (argv, text) in commands.items():
                samples[name].append(time_to_text(argv, text))
    parley = statistics.median(samples["parley"])
    bare = statistics.median(samples["bare"])
    return {"parley": parley, "bare": bare, "ratio": parley / bare}


def _stop_on_sigterm() -> None:
    """SIGTERM unwinds like ctrl+c, so the children are killed on the way out."""

    def stop(_signum: int, _frame: object) -> None:
        raise SystemExit(143)

    signal.signal(signal.SIGTERM, stop)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="measured launches of each")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    _stop_on_sigterm()
    result = measure(args.runs)
    verdict = "pass" if result["ratio"] <= TARGET else "short"
    print(f"parley (bundled dossier, to data on screen): {result['parley'] * 1000:.0f} ms")
    print(f"bare Textual app (to its label):             {result['bare'] * 1000:.0f} ms")
    print(f"ratio {result['ratio']:.2f} (target at most {TARGET}): {verdict}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
