"""A dossier is known by its record folders or its marker, from inside as from the top."""

from __future__ import annotations

from pathlib import Path

from parley.dossier.root import MARKER, find_root, is_dossier
from tests.conftest import DOSSIERS


def test_the_bundled_copy_is_a_dossier() -> None:
    assert is_dossier(DOSSIERS)


def test_an_empty_folder_is_not_one_until_it_has_the_marker(tmp_path: Path) -> None:
    assert not is_dossier(tmp_path)
    (tmp_path / MARKER).write_text("")
    assert is_dossier(tmp_path)


def test_one_record_folder_is_enough(tmp_path: Path) -> None:
    (tmp_path / "people").mkdir()
    assert is_dossier(tmp_path)


def test_a_file_deep_inside_finds_the_root(tmp_path: Path) -> None:
    (tmp_path / "claims" / "2025").mkdir(parents=True)
    claim = tmp_path / "claims" / "2025" / "c.toml"
    claim.write_text("")
    assert find_root(claim) == tmp_path
    assert find_root(tmp_path / "claims") == tmp_path
    assert find_root(tmp_path) == tmp_path


def test_a_file_outside_any_dossier_has_no_root(tmp_path: Path) -> None:
    stray = tmp_path / "a.toml"
    stray.write_text("")
    assert find_root(stray) is None


def test_a_missing_file_walks_up_from_its_folder(tmp_path: Path) -> None:
    (tmp_path / "rounds").mkdir()
    assert find_root(tmp_path / "rounds" / "gone.toml") == tmp_path
