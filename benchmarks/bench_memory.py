"""How much memory parley takes on a big folder, against what the data costs as plain Python.

    python benchmarks/bench_memory.py FOLDER [--json OUT.json] [--limit-mb 350]

Each figure comes from a fresh subprocess, so one measurement's memory never
counts in another's:

* floor: read every ``.toml`` file and keep what ``rtoml.loads`` makes of it
  (the data as plain dicts, lists and strings: what it costs with no model);
* ``load(folder)`` alone;
* ``parley check FOLDER``, the command as a user runs it;
* the app opened headless (Textual's ``run_test``) until the browser is shown
  and the search index is built.

Each reports its peak (the kernel's high-water mark of resident memory) and,
where a process lives on, its steady resident memory once the work is done.
The run fails (exit 1) when a peak is above ``--limit-mb``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

LIMIT_MB = 350.0
"""The issue's target: at most this much peak memory at 100,000 claims."""

TIMEOUT = 1800  # seconds for one measurement: a million claims on a busy machine

# What every child ends with: its peak and current resident memory, as one JSON line.
_REPORT = """
import json

def _status():
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                fields[key] = int(value.split()[0]) / 1024
    return fields
"""

_FLOOR = (
    _REPORT
    + """
import gc, os, sys, rtoml
kept = []
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    for name in filenames:
        if name.endswith(".toml"):
            with open(os.path.join(dirpath, name), "rb") as file:
                kept.append(rtoml.loads(file.read().decode("utf-8")))
gc.collect()
fields = _status()
print(json.dumps({"peak_mb": fields["VmHWM"], "steady_mb": fields["VmRSS"], "files": len(kept)}))
"""
)

_LOAD = (
    _REPORT
    + """
import gc, sys
from parley.dossier.load import load
dossier = load(sys.argv[1])
gc.collect()
fields = _status()
records = len(dossier.index)
print(json.dumps({"peak_mb": fields["VmHWM"], "steady_mb": fields["VmRSS"], "records": records}))
"""
)

_APP = (
    _REPORT
    + """
import asyncio, sys
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierOpened

async def run():
    app = ParleyApp(sys.argv[1], watch=False)
    opened = asyncio.Event()

    def seen(message):
        if isinstance(message, DossierOpened):
            opened.set()

    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        await asyncio.wait_for(opened.wait(), float(sys.argv[2]))
        for _ in range(int(float(sys.argv[2]) * 10)):  # until search is ready, bounded
            if app._search_index is not None:
                break
            await asyncio.sleep(0.1)
        await pilot.press("j", "j", "tab", "j")
        await pilot.pause()
        fields = _status()
        built = app._search_index is not None
    return {"peak_mb": fields["VmHWM"], "steady_mb": fields["VmRSS"], "search_built": built}

print(json.dumps(asyncio.run(run())))
"""
)


# Each figure is the folder read from its files: with a snapshot in the user's cache the
# app would open warm (or cold, writing one) depending on what ran before.
NO_CACHE = {**os.environ, "PARLEY_CACHE": "off"}


def _child(code: str, folder: Path) -> dict[str, Any]:
    """Run ``code`` in a fresh Python on ``folder``; what it printed last, as a dict."""
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(TIMEOUT)],
        env=NO_CACHE,
        capture_output=True,
        text=True,
        timeout=TIMEOUT + 60,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _check_peak(folder: Path) -> dict[str, Any]:
    """``parley check FOLDER`` in a fresh process: its peak, from the kernel's accounting."""
    argv = [sys.executable, "-m", "parley", "check", str(folder)]
    with subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=NO_CACHE
    ) as child:
        try:
            _, status, usage = os.wait4(child.pid, 0)
        except BaseException:
            child.kill()
            raise
        child.returncode = os.waitstatus_to_exitcode(status)
    return {"peak_mb": usage.ru_maxrss / 1024, "exit": child.returncode}


def measure(folder: Path) -> dict[str, Any]:
    """Peak and steady memory (MB) of the floor, ``load``, ``parley check`` and the app."""
    results: dict[str, Any] = {"folder": str(folder)}
    results["floor"] = _child(_FLOOR, folder)
    results["load"] = _child(_LOAD, folder)
    results["check"] = _check_peak(folder)
    results["app"] = _child(_APP, folder)
    floor = results["floor"]["peak_mb"]
    for name in ("load", "check", "app"):
        results[name]["x_floor"] = results[name]["peak_mb"] / floor
    return results


def report(results: dict[str, Any], limit_mb: float) -> bool:
    """Print the table; True when every peak is within ``limit_mb``."""
    floor = results["floor"]["peak_mb"]
    print(f"\n{results['folder']}: {results['floor']['files']:,} files")
    print(f"{'':34} {'peak MB':>9} {'steady MB':>10} {'peak x floor':>13}")
    rows = [
        ("floor: rtoml dicts of every file", "floor"),
        ("load(folder)", "load"),
        ("parley check", "check"),
        ("app, browser open, search built", "app"),
    ]
    ok = True
    for label, key in rows:
        row = results[key]
        steady = f"{row['steady_mb']:10.0f}" if "steady_mb" in row else f"{'-':>10}"
        print(f"{label:34} {row['peak_mb']:9.0f} {steady} {row['peak_mb'] / floor:13.2f}")
        if key != "floor" and row["peak_mb"] > limit_mb:
            ok = False
    verdict = "ok" if ok else "FAIL"
    print(f"\npeaks within {limit_mb:.0f} MB: {verdict}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a dossier folder (benchmarks/generate.py)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--limit-mb", type=float, default=LIMIT_MB)
    args = parser.parse_args(argv)
    results = measure(args.folder)
    ok = report(results, args.limit_mb)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
