"""A wheel install has what the app needs: its stylesheet and the bundled dossiers."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import BUNDLED_DOSSIERS as DOSSIERS
from .conftest import ROOT


# Building a wheel sets up an isolated build environment with pip: slower than a unit test.
@pytest.mark.long
@pytest.mark.timeout(240)
def test_the_wheel_carries_the_stylesheet_and_the_bundled_dossiers(tmp_path: Path) -> None:
    # Build from a clean copy: an in-tree build/ left by an earlier build would hide gaps.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "src", "dossiers", "man"):
        item = ROOT / name
        if item.is_dir():
            shutil.copytree(item, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))  # fmt: skip
        else:
            shutil.copy(item, source / name)
    out = tmp_path / "wheel"
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=200)
    [wheel] = out.glob("parley_dossiers-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "parley/ui/parley.tcss" in names
    assert "parley/export/dossier-export.schema.json" in names
    # `man parley` after pipx install, which links the venv's share/man pages.
    [page] = [n for n in names if n.endswith(".data/data/share/man/man1/parley.1")]
    assert zipfile.ZipFile(wheel).read(page) == (ROOT / "man" / "parley.1").read_bytes()
    bundled = {n.removeprefix("parley/bundled/") for n in names if n.startswith("parley/bundled/")}
    shipped = [*DOSSIERS.rglob("*.toml"), *DOSSIERS.glob("archives/*.md")]  # texts: excerpts
    expected = {p.relative_to(DOSSIERS).as_posix() for p in shipped}
    assert expected and expected <= bundled
