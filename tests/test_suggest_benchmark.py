"""The suggestion benchmark holds its bars on the bundled dossier: at least 80% of the
statements credited to a person or side are suggested, the speaker right for 90% of those."""

from __future__ import annotations

import subprocess
import sys

from .conftest import BUNDLED_DOSSIERS, ROOT

BENCH = ROOT / "benchmarks" / "bench_suggest.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(BENCH), "--dossier", str(BUNDLED_DOSSIERS), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_the_bundled_statements_are_suggested_with_their_speakers() -> None:
    done = run()
    assert done.returncode == 0, done.stdout + done.stderr
    [total] = [line.split() for line in done.stdout.splitlines() if line.startswith("all ")]
    _, count, found, recall, speaker = total
    assert int(count) >= 50 and int(found) >= 0.8 * int(count)
    assert float(recall.rstrip("%")) >= 80 and float(speaker.rstrip("%")) >= 90
    assert "precision" in done.stdout


def test_the_benchmark_fails_when_a_bar_is_missed() -> None:
    done = run("--min-recall", "1.01")
    assert done.returncode == 1
    assert "FAIL: recall" in done.stdout
