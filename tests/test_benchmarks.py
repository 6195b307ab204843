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
    parley = Path(sys.executable).with_name("parley")
    check = subprocess.run(
        [str(parley), "check", str(out)], capture_output=True, text=True, timeout=60, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "120 claims" in check.stdout and " 0 errors" in check.stdout


def test_too_few_records_for_a_valid_dossier_is_a_usage_error(tmp_path: Path) -> None:
    done = generate(tmp_path / "out", "--claims", "10", "--people", "2")
    assert done.returncode == 2
    assert "people must be at least 3" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
