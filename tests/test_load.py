"""The loader against a folder of deliberately broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parley.dossier.load import Dossier, load, reload
from parley.dossier.model import Kind


def problems_of(folder: Path) -> dict[str, list[tuple[int, int, str, str]]]:
    dossier = load(folder)
    found: dict[str, list[tuple[int, int, str, str]]] = {}
    for p in dossier.problems:
        name = p.path.relative_to(folder).as_posix()
        found.setdefault(name, []).append((p.line, p.col, p.severity, p.message))
    return found


def test_good_files_still_load_beside_broken_ones(broken: Path) -> None:
    index = load(broken).index
    assert index.get("good-article") is not None
    assert index.get("jane-speaker") is not None
    assert index.get("good-round") is not None
    assert set(index.ids(Kind.CLAIM)) == {"good-claim", "other-claim", "bad-refs", "unreported"}


def test_each_problem_is_reported_at_its_line(broken: Path) -> None:
    found = problems_of(broken)
    assert found["claims/syntax.toml"] == [
        (3, 21, "error", 'TOML syntax: invalid basic string, expected `"`')
    ]
    assert found["people/typo-key.toml"] == [
        (3, 1, "error", "unknown key 'alias'; did you mean 'aliases'?")
    ]
    assert (7, 1, "error", "unknown key 'exerpt'; did you mean 'excerpt'?") in found[
        "claims/bad-excerpt-key.toml"
    ]
    assert found["rounds/string-date.toml"] == [
        (3, 1, "error", "date: write a TOML date without quotes, e.g. date = 2025-05-16")
    ]
    [(line, col, _, message)] = found["claims/two-speakers.toml"]
    assert (line, col) == (4, 1) and "exactly one of speaker" in message
    [(line, col, _, message)] = found["claims/latin1.toml"]
    assert (line, col) == (3, 12) and "not UTF-8" in message


def test_unknown_references_suggest_close_ids(broken: Path) -> None:
    found = problems_of(broken)["claims/bad-refs.toml"]
    assert (
        1, 11, "error", "speaker: no person with id 'jane-speakr'; did you mean 'jane-speaker'?"
    ) in found  # fmt: skip
    assert (4, 9, "error", "round: 'good-article' is an article, not a round") in found
    assert any(
        line == 11 and "no article with id 'good-artcle'; did you mean 'good-article'" in m
        for line, _, _, m in found
    )
    members = problems_of(broken)["rounds/good-round.toml"]
    assert members == [(10, 12, "error", "delegations #1.members: no person with id 'nobody-here'")]


def test_duplicate_ids_name_both_files(broken: Path) -> None:
    [(_, _, _, message)] = problems_of(broken)["claims/nested/good-claim.toml"]
    assert "duplicate id 'good-claim'" in message
    assert "claims/good-claim.toml" in message


def test_files_outside_folders_and_bad_names(broken: Path) -> None:
    found = problems_of(broken)
    assert "outside the record folders" in found["stray/what.toml"][0][3]
    assert "not a valid id" in found["claims/Bad_Name.toml"][0][3]


def test_unexplained_missing_date(broken: Path) -> None:
    [(_, _, sev, message)] = problems_of(broken)["articles/no-date.toml"]
    assert sev == "error" and "'published' is missing" in message


def test_warnings_for_suspicious_but_legal_records(broken: Path) -> None:
    found = problems_of(broken)
    assert found["claims/unreported.toml"][0][2:] == (
        "warning", "no article reports this claim (add a [[reported_by]] entry)")  # fmt: skip
    assert found["articles/uncited.toml"][0][2] == "warning"
    assert found["people/lonely.toml"][0][2] == "warning"


def test_reload_parses_only_changed_files(broken: Path, tmp_path: Path) -> None:
    folder = tmp_path / "d"
    shutil.copytree(broken, folder)
    first = load(folder)
    again, changed = reload(first)
    assert changed == set() and again is first
    fixed = folder / "people" / "typo-key.toml"
    fixed.write_text('name = "Typo Person"\nside = "russia"\naliases = ["T. Person"]\n')
    (folder / "claims" / "syntax.toml").unlink()
    second, changed = reload(first)
    assert changed == {fixed, folder / "claims" / "syntax.toml"}
    assert second.index.get("typo-key") is not None
    assert not any(p.path.name in {"typo-key.toml", "syntax.toml"} and p.is_error
                   for p in second.problems)  # fmt: skip
    # Unchanged files were not parsed again: the very same objects are kept.
    good = folder / "claims" / "good-claim.toml"
    assert second.files[good] is first.files[good]


def test_contradiction_without_a_shared_point_is_flagged(broken: Path) -> None:
    [(line, col, severity, message)] = problems_of(broken)["claims/good-claim.toml"]
    assert (line, col, severity) == (5, 16, "warning")
    assert "contradicts 'other-claim', but the two name no contested point" in message


def test_a_file_that_breaks_keeps_its_last_good_record_marked_stale(
    broken: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "d"
    shutil.copytree(broken, folder)
    first = load(folder)
    path = folder / "people" / "jane-speaker.toml"
    path.write_text(path.read_text().replace('side = "ukraine"', 'side = "ukraine'))
    second, _ = reload(first)
    assert second.stale == {"jane-speaker"}
    assert second.index.get("jane-speaker") == first.index.get("jane-speaker")
    [problem] = second.problems_of("jane-speaker")
    assert problem.line == 3 and "TOML syntax" in problem.message

    # Other records still resolve their references to it: no cascade of errors.
    def others(d: Dossier) -> list[str]:
        return [str(p) for p in d.problems if p.path != path]

    assert others(second) == others(first)
    path.write_text(path.read_text().replace('side = "ukraine', 'side = "russia"'))
    third, _ = reload(second)
    assert third.stale == frozenset()
    assert third.index.get("jane-speaker").side == "russia"  # type: ignore[union-attr]


def test_reload_of_named_paths_sees_additions_changes_and_removals(
    broken: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "d"
    shutil.copytree(broken, folder)
    first = load(folder)
    added = folder / "people" / "new-person.toml"
    added.write_text('name = "New Person"\nside = "ukraine"\n')
    removed = folder / "claims" / "unreported.toml"
    removed.unlink()
    second, changed = reload(first, [added, removed])
    assert changed == {added, removed}
    assert second.index.get("new-person") is not None
    assert second.index.get("unreported") is None
    # The same result as comparing every file.
    full, _ = reload(first)
    assert [str(p) for p in second.problems] == [str(p) for p in full.problems]
    # A folder path (a renamed folder) falls back to looking at everything.
    (folder / "claims" / "nested").rename(folder / "claims" / "moved")
    third, changed = reload(second, [folder / "claims" / "nested"])
    moved = folder / "claims" / "moved" / "good-claim.toml"
    assert moved in changed
    assert any(p.path == moved and "duplicate id" in p.message for p in third.problems)


def test_an_edit_to_wording_reloads_without_rechecking_and_matches_a_full_load(
    tmp_path: Path,
) -> None:
    from .conftest import DOSSIERS

    folder = tmp_path / "d"
    shutil.copytree(DOSSIERS, folder)
    first = load(folder)
    claim = folder / "claims" / "kyslytsia-they-know-our-background.toml"
    text = claim.read_text("utf-8")
    claim.write_text(text.replace("quite nasty.", "quite nasty indeed."), "utf-8")
    second, changed = reload(first, [claim])
    assert changed == {claim}
    # The fast path shares the index's lists: nothing was re-sorted or re-linked.
    assert second.index.ids(Kind.CLAIM) is first.index.ids(Kind.CLAIM)
    assert "indeed" in second.index.get("kyslytsia-they-know-our-background").text  # type: ignore[union-attr]
    full = load(folder)
    assert [str(p) for p in second.problems] == [str(p) for p in full.problems]
    # Breaking the file: stale, with its problem, as a full load would say.
    claim.write_text(text.replace('type = "quote"', 'type = "rumour"'), "utf-8")
    third, _ = reload(second, [claim])
    assert third.stale == {"kyslytsia-they-know-our-background"}
    assert any(p.path == claim and p.is_error for p in third.problems)
    # A changed link is not a wording edit: the full path re-links it.
    claim.write_text(text.replace('speaker = "serhii-kyslytsia"', 'speaker = "rustem-umerov"'))
    fourth, _ = reload(third, [claim])
    assert "kyslytsia-they-know-our-background" in fourth.index.claims_by_person("rustem-umerov")
    assert fourth.stale == frozenset()
    assert [str(p) for p in fourth.problems] == [str(p) for p in load(folder).problems]


def test_an_edit_that_moves_a_reference_error_is_relocated(broken: Path, tmp_path: Path) -> None:
    folder = tmp_path / "d"
    shutil.copytree(broken, folder)
    first = load(folder)
    bad = folder / "claims" / "bad-refs.toml"
    bad.write_text("# a comment that moves every line down\n" + bad.read_text())
    second, _ = reload(first, [bad])
    lines = sorted(p.line for p in second.problems if p.path == bad)
    assert lines == sorted(p.line + 1 for p in first.problems if p.path == bad)
    assert [str(p) for p in second.problems] == [str(p) for p in load(folder).problems]


def test_a_one_file_reload_does_not_walk_every_frozen_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``gc.get_freeze_count`` walks all frozen objects: 29 ms per edit at 3 million."""
    import gc

    from .conftest import DOSSIERS

    folder = tmp_path / "d"
    shutil.copytree(DOSSIERS, folder)
    first = load(folder)
    counted: list[int] = []
    monkeypatch.setattr(gc, "get_freeze_count", lambda: counted.append(1) or 0)
    person = folder / "people" / "alexander-bevz.toml"
    person.write_text(person.read_text("utf-8").replace("Alexander Bevz", "A. Bevz"), "utf-8")
    second, _ = reload(first, [person])
    assert second.index.get("alexander-bevz").name == "A. Bevz"  # type: ignore[union-attr]
    assert counted == []


def test_load_tells_its_progress_and_ends_at_every_file(tmp_path: Path) -> None:
    """A bar fed by ``progress`` starts at 0 and reaches the number of files read."""
    from parley.dossier.load import PROGRESS_EVERY

    for folder in ("rounds", "people", "claims", "articles"):
        (tmp_path / folder).mkdir()
    for n in range(PROGRESS_EVERY + 3):
        (tmp_path / "people" / f"person-{n}.toml").write_text(
            f'name = "Person {n}"\nside = "ukraine"\n', encoding="utf-8"
        )
    seen: list[tuple[int, int]] = []
    dossier = load(tmp_path, progress=lambda done, total: seen.append((done, total)))
    total = PROGRESS_EVERY + 3
    assert seen == [(0, total), (PROGRESS_EVERY, total), (total, total)]
    assert len(dossier.index.ids(Kind.PERSON)) == total
