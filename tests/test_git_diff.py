"""`parley diff REV[..REV2]`: records added, removed and changed, from a real git repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.cli import main
from tests.gitrepo import CLAIM, PERSON, Repo, no_user_git_config

ARTICLE = 'title = "{title}"\nlanguage = "en"\n[unknown]\noutlet = "x"\npublished = "x"\n'


@pytest.fixture(autouse=True)
def _git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    no_user_git_config(monkeypatch)


def run_diff(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def two_branches(tmp_path: Path) -> Repo:
    """A base commit, then a branch that adds, removes, rewords, renames and reformats."""
    repo = Repo(tmp_path / "repo")
    repo.write("people/vladimir-medinsky.toml", PERSON)
    repo.write("claims/truce.toml", CLAIM.format(text="No truce."))
    repo.write("claims/old.toml", CLAIM.format(text="Old statement."))
    repo.write("claims/tidy.toml", CLAIM.format(text="Tidy."))
    repo.write("claims/moved.toml", CLAIM.format(text="Moved."))
    repo.write("notes.txt", "not a record\n")
    repo.commit("Base")
    repo.git("tag", "base")
    repo.write("claims/truce.toml", CLAIM.format(text="No truce for now."))
    (repo.root / "claims/old.toml").unlink()
    repo.write("claims/tidy.toml", CLAIM.format(text="Tidy.").replace(" = ", "="))
    repo.git("mv", "claims/moved.toml", "claims/moved-here.toml")
    repo.write("claims/new-one.toml", CLAIM.format(text="A new one."))
    repo.write("claims/new-two.toml", CLAIM.format(text="Another new one."))
    repo.write("articles/some-article.toml", ARTICLE.format(title="[b]Bold[/b] *claim*"))
    repo.write("notes.txt", "still not a record\n")
    repo.commit("Edits")
    return repo


def test_counts_between_two_commits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = two_branches(tmp_path)
    code, out, err = run_diff(capsys, "base..HEAD", str(repo.root))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        "base (2025-05-17) .. HEAD: 7 records differ (3 added, 1 removed, 1 renamed, 2 changed)"
    )
    assert "Statements: 2 added, 1 removed, 1 renamed, 2 changed" in lines
    assert "Articles: 1 added" in lines
    assert "  renamed moved → moved-here" in lines
    assert '      text: "No truce." → "No truce for now."' in lines
    assert "      reformatted only (same values)" in lines
    assert '      "Old statement."' in lines  # what the removed record said


def test_working_tree_against_rev(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = two_branches(tmp_path)
    repo.write("claims/draft.toml", CLAIM.format(text="Not yet added."))  # untracked
    repo.write("claims/truce.toml", CLAIM.format(text="Edited, not committed."))
    code, out, _ = run_diff(capsys, "HEAD", str(repo.root))
    assert code == 0
    assert out.splitlines()[0] == (
        "HEAD (2025-05-18) .. the working tree: 2 records differ (1 added, 1 changed)"
    )
    assert '      text: "No truce for now." → "Edited, not committed."' in out.splitlines()


def test_markdown_brief(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = two_branches(tmp_path)
    code, out, _ = run_diff(capsys, "base..HEAD", str(repo.root), "--format", "markdown")
    assert code == 0
    assert out.splitlines()[0] == "# Changes since 17 May 2025"
    assert (
        "Since 17 May 2025: 2 new statements by Vladimir Medinsky, 1 wording corrected, "
        "2 other statements changed, 1 statement removed, 1 new article." in out
    )
    # Markdown-escaped, not the terminal's safe text: the title stays text when rendered.
    assert "- **added** `some-article`: \\[b\\]Bold\\[/b\\] \\*claim\\*" in out


def test_bad_revision_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = two_branches(tmp_path)
    code, out, err = run_diff(capsys, "no-such-branch", str(repo.root))
    assert (code, out) == (2, "")
    assert err == "parley: no such revision: no-such-branch\n"
    code, _, err = run_diff(capsys, "--output=x", str(repo.root))
    assert code == 2


def test_not_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "claims").mkdir()
    code, _, err = run_diff(capsys, "HEAD", str(tmp_path))
    assert code == 1 and "is not in a git repository" in err


def test_rename_with_edits_is_a_rename(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Moved and reformatted between the revisions: git sees two files, parley one record."""
    repo = Repo(tmp_path / "repo")
    repo.write("claims/truce.toml", CLAIM.format(text="No truce."))
    repo.commit("Base")
    (repo.root / "claims/truce.toml").unlink()
    repo.write("claims/no-truce.toml", CLAIM.format(text="No truce.").replace(" = ", "="))
    code, out, _ = run_diff(capsys, "HEAD", str(repo.root))
    assert code == 0
    assert out.splitlines() == [
        "HEAD (2025-05-17) .. the working tree: 1 record differs (1 renamed)",
        "Statements: 1 renamed",
        "  renamed truce → no-truce",
        "      reformatted only (same values)",
    ]
