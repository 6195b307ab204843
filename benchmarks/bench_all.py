"""Measure every target of the scale issue and rewrite BENCHMARKS.md's generated section.

    python benchmarks/bench_all.py [--data DIR] [--folder DIR] [--out BENCHMARKS.md]
                                   [--skip GROUP ...] [--print]

The big folder is ``DATA/100k`` (``--data``, else ``$BENCH_DATA``, else the
git-ignored ``benchmarks/data``), generated when missing; ``--folder`` names another
(e.g. a 20k one, to try the script). Each group of measurements runs in a process of
its own, with a time limit, so a failure or a hang costs its rows, never the report;
a module another branch has not delivered yet leaves its rows "not measured".

Every target is a row: what, the measured value, its floor (measured in the same
run), the ratio, the limit, pass or short and by how much, and why (``WHY``, below).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import importlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import benchmarks_md  # noqa: E402
import machine  # noqa: E402

CLAIMS = 100_000
GROUP_TIMEOUT = 900  # seconds for one group of measurements
SOAK_RELOADS = 200
SOAK_WARM_UP = 50  # reloads before the first measure: caches and arenas settle

WHY: dict[str, str] = {
    # Why a target is short, or what its figure means; filled in by hand, keyed by target.
    "warm-check": (
        "With nothing changed the check reads only the snapshot's first part (problems and"
        " counts). After an edit it needs the whole dossier back, as the app does."
    ),
    "warm-app": (
        "The app needs every record as a Python object: unpickling about 1.9 million"
        " objects (records, reports, index) is most of it. Meeting 2x grep would take"
        " records read lazily from a per-record store; not done."
    ),
    "cold-check": (
        "pydantic validation, the cross-record checks and the index cost about as much"
        " again as reading and parsing; the snapshot is written after the answer."
    ),
    "cold-app": (
        "As the cold check, plus the app's start; the screen is drawn at once, with a"
        " progress bar (files read, then checking links)."
    ),
    "startup": (
        "Importing pydantic and building the models' validators (about 0.15 s of CPU), and"
        " drawing three lists, a record pane and a key bar instead of one label (about"
        " 0.25 s); everything else the first screen does not need is imported later."
    ),
    "reload": (
        "The reload itself (parse, re-index, re-check what the edit reaches) is the"
        " figure; in the app, redrawing every pane after it costs more (0.2-0.6 s at 100k)."
    ),
    "reload-app": (
        "The reload is a small part; MainScreen redraws every pane from the new index"
        " and Textual repaints them all, at a cost that does not grow with the folder."
    ),
    "memory-peak": (
        "Records are pydantic models (313,000 at 100k, each with its own overhead);"
        " load() alone is near the floor of plain rtoml dicts; the app adds the search"
        " index (about 75 MB) and its build. Measured with the cache off: opened from its"
        " snapshot the app peaks higher, as unpickled records lose their compact tables."
    ),
    "memory-flat": "",
    "keys-in-app": (
        "Not the folder's size: the same at 92 claims. Each j draws twice, the cursor"
        " first, then the linked panes and the record pane (about 80 lines through"
        " Textual's line renderer); the full layout a pane's new length caused is gone."
    ),
    "keys-terminal": "As in the app: the terminal adds little.",
}


# -- the measurements, one group per process ----------------------------------


class NotThere(Exception):
    """A benchmark module another branch delivers is not in this tree yet."""


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name == name:
            raise NotThere(f"benchmarks/{name}.py is not there yet") from None
        raise


def _open(folder: Path) -> Any:
    return _module("bench_open").measure(folder)


def _startup(folder: Path) -> Any:
    return _module("bench_startup").measure(runs=5)


def _reload(folder: Path) -> Any:
    return _module("bench_reload").measure(folder)


def _reload_app(folder: Path) -> Any:
    return _module("bench_reload").measure_app(folder, repeat=2)


def _memory(folder: Path) -> Any:
    return _module("bench_memory").measure(folder)


def _soak(folder: Path) -> Any:
    soak = _module("bench_soak")
    with tempfile.TemporaryDirectory(prefix="parley-soak-") as scratch:
        copy = Path(scratch, "dossiers")
        shutil.copytree(ROOT / "dossiers", copy)
        start, end, per_reload = asyncio.run(soak.soak(copy, SOAK_RELOADS, SOAK_WARM_UP))
    return {"reloads": SOAK_RELOADS, "start_mb": start, "end_mb": end, "per_reload_ms": per_reload}


def _terminal(folder: Path) -> Any:
    return _module("bench_terminal").measure(folder, presses=30)


GROUPS: dict[str, Callable[[Path], Any]] = {
    "open": _open,
    "startup": _startup,
    "terminal": _terminal,
    "reload": _reload,
    "reload-app": _reload_app,
    "memory": _memory,
    "soak": _soak,
}


def run_group(name: str, folder: Path) -> dict[str, Any]:
    """Run one group in a process of its own: ``{"result": ...}`` or ``{"error": ...}``."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        argv = [sys.executable, __file__, "--group", name, "--folder", str(folder)]
        argv += ["--group-out", out.name]
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            _, stderr = process.communicate(timeout=GROUP_TIMEOUT)
        except subprocess.TimeoutExpired:
            # SIGTERM first: the group unwinds and ends the programs it started.
            process.terminate()
            try:
                process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
            return {"error": f"timed out after {GROUP_TIMEOUT} s"}
        seconds = time.perf_counter() - start
        try:
            answer: dict[str, Any] = json.loads(Path(out.name).read_text("utf-8"))
        except (OSError, ValueError):
            last = (stderr.strip().splitlines() or [f"exit {process.returncode}"])[-1]
            answer = {"error": last}
    answer["seconds"] = round(seconds, 1)
    return answer


def _unwind_on_sigterm() -> None:
    """SIGTERM unwinds like an exception, so the programs a group started are ended."""

    def stop(_signum: int, _frame: object) -> None:
        raise SystemExit(143)

    signal.signal(signal.SIGTERM, stop)


def group_main(name: str, folder: Path, out: Path) -> int:
    """The child's side of ``run_group``: measure, and write the answer as JSON."""
    _unwind_on_sigterm()
    try:
        answer: dict[str, Any] = {"result": GROUPS[name](folder)}
    except NotThere as missing:
        answer = {"missing": str(missing)}
    except Exception as error:  # any failure is one line of the report, not the end of it
        answer = {"error": f"{type(error).__name__}: {error}".splitlines()[0]}
    out.write_text(json.dumps(answer, default=str), "utf-8")
    return 0


# -- rows -------------------------------------------------------------------------


@dataclass
class Row:
    """One target: a value against a floor, judged by a ratio or by an absolute limit."""

    target: str
    what: str
    unit: str = "s"
    value: float | None = None
    floor_what: str = ""
    floor: float | None = None
    max_ratio: float | None = None  # the limit is value / floor <= max_ratio
    max_value: float | None = None  # the limit is value <= max_value (in unit)
    note: str = ""  # why there is no value: not measured, failed

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    def limit(self) -> str:
        if self.max_ratio is not None:
            return f"≤ {self.max_ratio:g}x"
        return f"≤ {self.max_value:.3g} {self.unit}" if self.max_value is not None else ""

    def verdict(self) -> str:
        """pass, or short and by how much."""
        if self.value is None:
            return self.note or "not measured"
        if self.max_ratio is not None:
            ratio = self.ratio
            if ratio is None or self.floor is None:
                return "no floor"
            if ratio <= self.max_ratio:
                return "pass"
            over = self.value - self.max_ratio * self.floor
            return short(ratio / self.max_ratio, over, self.unit)
        if self.max_value is not None:
            if self.value <= self.max_value:
                return "pass"
            return short(self.value / self.max_value, self.value - self.max_value, self.unit)
        return "measured"


def short(times: float, over: float, unit: str) -> str:
    """How far a value misses its limit: as a multiple of the limit, and in its unit."""
    return f"short: {times:.1f}x the limit, {number(over, unit)} over"


def number(value: float | None, unit: str) -> str:
    """A figure with as many decimals as its unit deserves."""
    if value is None:
        return "–"
    digits = {"s": 2, "ms": 1, "MB": 0}.get(unit, 2)
    return f"{value:,.{digits}f} {unit}"


def unmeasured(answer: dict[str, Any] | None) -> str:
    """The note for rows whose group gave no result."""
    if answer is None:
        return "not measured (skipped)"
    if "missing" in answer:
        return f"not measured ({answer['missing']})"
    return f"failed: {answer.get('error', 'no result')}"


def open_rows(answer: dict[str, Any] | None, size: str) -> list[Row]:
    result = (answer or {}).get("result")
    grep = f"`grep -rl medinsky` ({size})"
    parse = "read + rtoml parse every file"
    rows = [
        Row("warm-check", f"Warm open: `parley check`, {size}", floor_what=grep, max_ratio=2),
        Row("warm-app", f"Warm open: the app's first usable screen, {size}", floor_what=grep,
            max_ratio=2),
        Row("cold-check", f"Cold open: `parley check`, {size}", floor_what=parse, max_ratio=2),
        Row("cold-app", f"Cold open: the app's first usable screen, {size}", floor_what=parse,
            max_ratio=2),
    ]  # fmt: skip
    keys = {"warm-check": "check_warm_s", "warm-app": "app_warm_s"}
    keys |= {"cold-check": "check_cold_s", "cold-app": "app_cold_s"}
    for row in rows:
        if result is None:
            row.note = unmeasured(answer)
            continue
        row.value = result[keys[row.target]]
        row.floor = result["grep_s" if row.target.startswith("warm") else "parse_s"]
    return rows


def startup_rows(answer: dict[str, Any] | None) -> list[Row]:
    row = Row(
        "startup",
        "Start-up on the bundled dossier, launch to the first screen with data (medians)",
        floor_what="a bare Textual app drawing one label",
        max_ratio=1.5,
    )
    result = (answer or {}).get("result")
    if result is None:
        row.note = unmeasured(answer)
    else:
        row.value, row.floor = result["parley"], result["bare"]
    return [row]


def reload_rows(answer: dict[str, Any] | None, size: str) -> list[Row]:
    """One row per kind of edit: the reload and the search index update, against 100 ms."""
    result = (answer or {}).get("result")
    if result is None:
        return [
            Row("reload", f"Reload after a one-file edit, {size}", unit="ms", max_value=100,
                note=unmeasured(answer))
        ]  # fmt: skip
    rows = []
    for edit in result:
        if edit["parse_floor_s"] is None:  # the full re-check as it was: in the raw results
            continue
        reload_ms, search_ms = edit["reload_s"] * 1000, edit["search_update_s"] * 1000
        what = f"Reload after one edit: {edit['edit']}, {size} (reload {number(reload_ms, 'ms')}"
        what += f" + search index {number(search_ms, 'ms')})"
        rows.append(
            Row("reload", what, unit="ms", value=reload_ms + search_ms,
                floor_what="parsing that one file", floor=edit["parse_floor_s"] * 1000,
                max_value=100)
        )  # fmt: skip
    return rows


def reload_app_rows(answer: dict[str, Any] | None, size: str) -> list[Row]:
    """One row per kind of edit: in the app, the watcher's event to the panes redrawn."""
    result = (answer or {}).get("result")
    what = f"Reload in the app, the watcher's event to the panes redrawn, {size}"
    if result is None:
        return [Row("reload-app", what, unit="ms", max_value=100, note=unmeasured(answer))]
    floor = next((r for r in result if r["edit"].startswith("(floor)")), None)
    rows = []
    for edit in result:
        if edit is floor:
            continue
        rows.append(
            Row("reload-app", f"{what}: {edit['edit']}", unit="ms", max_value=100,
                value=edit["event_to_panes_s"] * 1000,
                floor_what="a cursor key's redraw in the same app",
                floor=floor["event_to_panes_s"] * 1000 if floor else None)
        )  # fmt: skip
    return rows


def memory_rows(answer: dict[str, Any] | None, soak: dict[str, Any] | None, size: str) -> list[Row]:
    """The peaks of ``load``, ``parley check`` and the app, and the growth over reloads."""
    result = (answer or {}).get("result")
    rows = []
    if result is None:
        rows.append(Row("memory-peak", f"Memory peak, {size}", unit="MB", max_value=350,
                        note=unmeasured(answer)))  # fmt: skip
    else:
        floor = result["floor"]["peak_mb"]
        for key, what in (("load", "`load()` alone"), ("check", "`parley check`, cache off"),
                          ("app", "the app, cache off, browser open, search built")):  # fmt: skip
            measured = result[key]
            if "steady_mb" in measured:
                what += f"; steady {number(measured['steady_mb'], 'MB')}"
            rows.append(
                Row("memory-peak", f"Memory peak, {size}: {what}", unit="MB",
                    value=measured["peak_mb"], floor_what="every file's rtoml dicts, kept",
                    floor=floor, max_value=350)
            )  # fmt: skip
    flat_row = Row(
        "memory-flat",
        f"Memory growth over {SOAK_RELOADS} reloads in the app"
        f" (bundled dossier, after {SOAK_WARM_UP})",
        unit="MB",
        floor_what=f"resident memory after the first {SOAK_WARM_UP} reloads",
        max_value=10,
    )
    soaked = (soak or {}).get("result")
    if soaked is None:
        flat_row.note = unmeasured(soak)
    else:
        flat_row.value = soaked["end_mb"] - soaked["start_mb"]
        flat_row.floor = soaked["start_mb"]
    return [*rows, flat_row]


def key_rows(answer: dict[str, Any] | None, size: str) -> list[Row]:
    inside = Row(
        "keys-in-app",
        f"Keys in the app: `j` in the Claims list, key event to frame written (median), {size}",
        unit="ms",
        floor_what="the same in a bare Textual DataTable as long",
        max_value=1000 / 60,
    )
    through = Row(
        "keys-terminal",
        f"Keys through a real terminal: `j` in the Claims list, key to last byte (median), {size}",
        unit="ms",
        floor_what="the same in a bare Textual DataTable as long",
        max_ratio=1.5,
    )
    result = (answer or {}).get("result")
    if result is None:
        inside.note = through.note = unmeasured(answer)
        return [inside, through]
    for row, where in ((inside, "in_app"), (through, "terminal")):
        row.value = result["parley"][where]["median_ms"]
        row.floor = result["bare"][where]["median_ms"]
        row.what += f"; p90 {number(result['parley'][where]['p90_ms'], 'ms')}"
    first = result["parley"].get("in_app_first_frame", {}).get("median_ms")
    if first is not None:
        inside.what += f"; its first frame (the cursor moved) {number(first, 'ms')}"
    return [inside, through]


# -- the report -----------------------------------------------------------------


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table, one target a row."""
    lines = ["| target | measured | floor (same run) | ratio | limit | result | why |"]
    lines.append("|---|---|---|---|---|---|---|")
    for row in rows:
        floor = row.floor_what or "–"
        if row.floor is not None:
            floor = f"{row.floor_what}: {number(row.floor, row.unit)}"
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "–"
        cells = [row.what, number(row.value, row.unit), floor, ratio, row.limit()]
        cells += [row.verdict(), WHY.get(row.target, "")]
        lines.append("| " + " | ".join(cell(c) for c in cells) + " |")
    return "\n".join(lines)


def render(rows: list[Row], facts: dict[str, str], answers: dict[str, Any], when: str) -> str:
    """The generated section: the machine, the date, one row per target, the raw results."""
    lines = [f"## Measured by `make bench` on {when}", ""]
    lines += ["| machine | |", "|---|---|"]
    lines += [f"| {cell(k)} | {cell(v)} |" for k, v in facts.items()]
    lines += ["", table(rows)]
    lines += ["", "<details><summary>Raw results of this run</summary>", "", "```json"]
    lines.append(json.dumps(answers, indent=1, default=str))
    lines += ["```", "", "</details>"]
    return "\n".join(lines)


def rows_of(answers: dict[str, Any], size: str) -> list[Row]:
    """Every target's rows; a result of an unexpected shape fails its rows, not the report."""
    makers: list[tuple[str, Callable[[], list[Row]]]] = [
        ("warm-check", lambda: open_rows(answers.get("open"), size)),
        ("startup", lambda: startup_rows(answers.get("startup"))),
        ("reload", lambda: reload_rows(answers.get("reload"), size)),
        ("reload-app", lambda: reload_app_rows(answers.get("reload-app"), size)),
        ("memory-peak", lambda: memory_rows(answers.get("memory"), answers.get("soak"), size)),
        ("keys-in-app", lambda: key_rows(answers.get("terminal"), size)),
    ]
    rows: list[Row] = []
    for target, make in makers:
        try:
            rows += make()
        except (KeyError, TypeError, IndexError) as error:
            note = f"failed: a result of an unexpected shape ({type(error).__name__}: {error})"
            rows.append(Row(target, f"{target}, {size}", note=note))
    return rows


def big_folder(data: Path, claims: int) -> Path:
    """``data/100k``, generated when missing or empty."""
    folder = data / f"{claims // 1000}k"
    if not folder.is_dir() or not any(folder.iterdir()):
        from generate import generate

        print(f"generating {claims} claims into {folder} …", flush=True)
        generate(folder, claims)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_data = Path(os.environ.get("BENCH_DATA") or HERE / "data")
    parser.add_argument("--data", type=Path, default=default_data,
                        help="a folder holding 100k (generated when missing)")  # fmt: skip
    parser.add_argument("--folder", type=Path, help="measure this folder instead of DATA/100k")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--skip", action="append", default=[], choices=sorted(GROUPS))
    parser.add_argument("--print", action="store_true", help="print the section, write nothing")
    parser.add_argument("--group", choices=sorted(GROUPS), help=argparse.SUPPRESS)
    parser.add_argument("--group-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.group:
        return group_main(args.group, args.folder, args.group_out)

    folder = (args.folder or big_folder(args.data, CLAIMS)).resolve()
    size = f"{sum(1 for _ in (folder / 'claims').rglob('*.toml')):,} claims"
    facts = machine.describe(folder)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    answers: dict[str, Any] = {}
    for name in GROUPS:
        if name in args.skip:
            continue
        print(f"{name} …", flush=True)
        answers[name] = run_group(name, folder)
        print(f"  {json.dumps(answers[name], default=str)[:300]}", flush=True)
        gc.collect()
    rows = rows_of(answers, size)
    section = render(rows, facts, answers, when)
    if args.print:
        print(section)
    else:
        benchmarks_md.write(args.out, section)
        print(f"wrote {args.out}")
    for row in rows:
        print(f"{row.verdict():>14.14}  {row.what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
