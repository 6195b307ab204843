"""The benchmark tools: the BENCHMARKS.md writer keeps the kept section byte for byte, and
generate.py's counts are options whose defaults change nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from benchmarks_md import BEGIN, END, MarkersError, replace_generated, write

GENERATE = ROOT / "benchmarks" / "generate.py"

KEPT_BEFORE = "# Benchmarks\r\n\r\nIntro kept with CRLF  \n\n"
KEPT_AFTER = "\n\n## A million claims\n\n| cold | 1 s |\t\n\nno newline at the end"


def document(generated: str) -> str:
    return f"{KEPT_BEFORE}{BEGIN}\n{generated}\n{END}{KEPT_AFTER}"


def test_the_generated_section_is_replaced_and_the_kept_text_stays_byte_for_byte() -> None:
    new = replace_generated(document("| stale | row |"), "| new | row |\n")
    assert new == document("| new | row |")
    assert new.startswith(KEPT_BEFORE) and new.endswith(KEPT_AFTER)
    assert "stale" not in new


def test_rewriting_twice_gives_the_same_file() -> None:
    once = replace_generated(document("a"), "b")
    assert replace_generated(once, "b") == once


def test_a_file_without_markers_is_kept_whole_after_the_generated_section() -> None:
    notes = "# My notes\n\nkept [x]\n"
    new = replace_generated(notes, "rows")
    assert new.endswith(notes)
    assert replace_generated(new, "other rows").endswith(notes)
    assert "other rows" in replace_generated(new, "other rows")


def test_a_new_file_has_a_kept_section_for_the_million_claim_run() -> None:
    new = replace_generated("", "rows")
    kept = new.split(END, 1)[1]
    assert "million" in kept
    assert replace_generated(new, "more rows").split(END, 1)[1] == kept


@pytest.mark.parametrize(
    "damaged",
    [
        f"{BEGIN}\nrows\n",  # the end marker lost
        f"rows\n{END}\nkept",  # the begin marker lost
        f"{END}\nkept\n{BEGIN}\nrows",  # out of order
        f"{BEGIN}\na\n{END}\n{BEGIN}\nb\n{END}",  # twice
    ],
)
def test_damaged_markers_are_refused_rather_than_guessed(damaged: str) -> None:
    with pytest.raises(MarkersError):
        replace_generated(damaged, "rows")


def test_write_keeps_the_kept_bytes_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_bytes(document("old").encode("utf-8"))
    write(path, "new")
    assert path.read_bytes() == document("new").encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["BENCHMARKS.md"]


def generate(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(GENERATE), str(out), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_explicit_default_counts_write_the_same_bytes(tmp_path: Path) -> None:
    assert generate(tmp_path / "implicit", "--claims", "300").returncode == 0
    explicit = ["--claims", "300", "--people", "50", "--articles", "20", "--rounds", "4"]
    assert generate(tmp_path / "explicit", *explicit, "--seed", "7").returncode == 0
    implicit = files(tmp_path / "implicit")
    assert len(implicit) == 300 + 50 + 20 + 4
    assert files(tmp_path / "explicit") == implicit


def test_custom_counts_make_a_dossier_that_passes_check(tmp_path: Path) -> None:
    out = tmp_path / "custom"
    counts = ["--claims", "120", "--people", "7", "--articles", "9", "--rounds", "3"]
    done = generate(out, *counts, "--seed", "11")
    assert done.returncode == 0, done.stderr
    assert {
        k: len(list((out / k).rglob("*.toml"))) for k in ("claims", "people", "articles", "rounds")
    } == {
        "claims": 120,
        "people": 7,
        "articles": 9,
        "rounds": 3,
    }
    check = subprocess.run(
        [sys.executable, "-m", "parley", "check", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "120 claims" in check.stdout and " 0 errors" in check.stdout


def test_too_few_records_for_a_valid_dossier_is_a_usage_error(tmp_path: Path) -> None:
    done = generate(tmp_path / "out", "--claims", "10", "--people", "2")
    assert done.returncode == 2
    assert "people must be at least 3" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


BENCH_ALL = ROOT / "benchmarks" / "bench_all.py"


def test_a_row_says_pass_or_by_how_much_it_is_short() -> None:
    from bench_all import Row

    warm = Row("warm-check", "warm", value=3.0, floor=1.0, floor_what="grep", max_ratio=2)
    assert warm.verdict() == "short: 1.5x the limit, 1.00 s over"
    warm.value = 1.9
    assert warm.verdict() == "pass"
    reload = Row("reload", "reload", unit="ms", value=250.0, max_value=100)
    assert reload.verdict() == "short: 2.5x the limit, 150.0 ms over"
    assert reload.limit() == "≤ 100 ms"


def test_a_benchmark_module_not_delivered_yet_leaves_its_rows_not_measured() -> None:
    from bench_all import NotThere, _module, rows_of

    with pytest.raises(NotThere):
        _module("bench_not_written_yet")
    missing = {"missing": "benchmarks/bench_reload.py is not there yet"}
    rows = rows_of({"reload": missing, "startup": {"error": "ValueError: boom"}}, "9 claims")
    verdicts = {row.target: row.verdict() for row in rows}
    assert verdicts["reload"] == "not measured (benchmarks/bench_reload.py is not there yet)"
    assert verdicts["startup"] == "failed: ValueError: boom"
    assert verdicts["warm-check"] == "not measured (skipped)"


def test_the_report_rewrites_its_section_and_keeps_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "dossier"
    assert generate(folder, "--claims", "30").returncode == 0
    out = tmp_path / "BENCHMARKS.md"
    out.write_bytes(document("| stale | row |").encode("utf-8"))
    from bench_all import GROUPS

    skip = [arg for group in GROUPS for arg in ("--skip", group)]  # none measured: the report
    command = [sys.executable, str(BENCH_ALL), "--folder", str(folder), "--out", str(out), *skip]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    text = out.read_bytes().decode("utf-8")
    assert text.startswith(KEPT_BEFORE + BEGIN) and text.endswith(END + KEPT_AFTER)
    assert "stale" not in text
    assert "| Warm open: `parley check`, 30 claims | – |" in text
    assert "not measured (skipped)" in text
    assert f"| Python | {sys.version.split()[0]} |" in text


def test_terminal_output_reads_as_its_text_however_the_reads_cut_it() -> None:
    from terminal import Plain

    output = "\x1b[?1049h\x1b[38;5;214;48;5;234m● Claims\x1b[0m (12)\x1b]0;title\x07 “ok”".encode()
    for cut in range(len(output) + 1):
        plain = Plain()
        plain.add(output[:cut])
        plain.add(output[cut:])
        assert plain.text == "● Claims (12) “ok”", cut


def test_each_key_is_timed_to_its_first_and_last_frame() -> None:
    from traced import key_to_frames

    trace = [("frame", 0.5), ("key", 1.0), ("frame", 1.01), ("frame", 1.2)]
    trace += [("key", 2.0), ("key", 3.0), ("frame", 3.005)]  # the key at 2.0 drew nothing
    assert [(round(a, 3), round(b, 3)) for a, b in key_to_frames(trace)] == [
        (0.01, 0.2),
        (0.005, 0.005),
    ]


def test_a_program_in_the_pseudo_terminal_is_read_and_ended(tmp_path: Path) -> None:
    from terminal import Terminal

    script = "import sys; print('\\x1b[1mready\\x1b[0m', flush=True); sys.stdin.readline()"
    with Terminal([sys.executable, "-c", script]) as terminal:
        terminal.wait_for("ready", timeout=30)
        assert terminal.close("\n", timeout=10) == 0
    assert terminal.process.returncode == 0
