"""`parley log ID`: the history of a record from a real git repository made in the test."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from parley.cli import main
from parley.dossier.changes import Outcome, compare_bytes
from parley.files.git import GitMissing, NotARepository, repository
from parley.files.record_log import RecordLog, Untracked
from tests.gitrepo import CLAIM, PERSON, Repo, no_user_git_config, truce_repo


@pytest.fixture(autouse=True)
def _git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    no_user_git_config(monkeypatch)


def dossier(tmp_path: Path) -> Repo:
    repo = truce_repo(tmp_path / "repo")
    return repo


def run_log(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["log", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_field_changes_newest_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = dossier(tmp_path)
    repo.write("claims/truce.toml", CLAIM.format(text="No truce now."))
    repo.commit("Correct the wording", author="Bob Editor")
    text = CLAIM.format(text="No truce now.") + (
        '\n[[reported_by]]\narticle = "other-article"\nexcerpt = "Second source."\n'
    )
    repo.write("claims/truce.toml", text)
    repo.commit("Add a second report")
    code, out, err = run_log(capsys, "truce", str(repo.root))
    assert code == 0, err
    lines = out.splitlines()
    subjects = [ln for ln in lines if not ln.startswith("    ")]
    assert [s.split("  ")[-1] for s in subjects] == [
        "Add a second report", "Correct the wording", "Add the truce statement",
    ]  # fmt: skip
    assert "Bob Editor" in subjects[1] and "2025-05-18" in subjects[1]
    assert (
        '    reported_by[2] added: {article = "other-article", excerpt = "Second source."}' in lines
    )
    assert '    text: "No truce." → "No truce now."' in lines
    assert '    reported_by[1].excerpt: "No truce." → "No truce now."' in lines
    assert "    created" in lines


def test_rename_is_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = dossier(tmp_path)
    repo.git("mv", "claims/truce.toml", "claims/no-truce.toml")
    repo.commit("Rename the statement")
    code, out, err = run_log(capsys, "no-truce", str(repo.root))
    assert code == 0, err
    assert "    renamed from claims/truce.toml" in out.splitlines()
    assert "Add the truce statement" in out  # the history before the rename


def test_reformat_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = dossier(tmp_path)
    reformatted = CLAIM.format(text="No truce.").replace(" = ", "=").replace("\n[[", "\n\n\n[[")
    repo.write("claims/truce.toml", reformatted)
    repo.commit("Tidy the file")
    code, out, _ = run_log(capsys, "truce", str(repo.root))
    assert code == 0
    assert out.splitlines()[1] == "    reformatted only (same values)"


def test_version_that_does_not_parse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = dossier(tmp_path)
    repo.write("claims/truce.toml", 'text = "unclosed\n')
    repo.commit("Break it")
    repo.write("claims/truce.toml", CLAIM.format(text="Fixed."))
    repo.commit("Fix it")
    _, out, _ = run_log(capsys, "truce", str(repo.root))
    lines = out.splitlines()
    assert lines[1] == "    parses again"
    assert lines[lines.index("    parses again") + 1] == '    type added: "quote"'
    broke = next(n for n, line in enumerate(lines) if line.endswith("Break it"))
    assert lines[broke + 1].startswith("    does not parse: TOML syntax")


def test_uncommitted_change_comes_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = dossier(tmp_path)
    repo.write("claims/truce.toml", CLAIM.format(text="Draft."))
    _, out, _ = run_log(capsys, "truce", str(repo.root))
    assert out.splitlines()[:2] == ["(not committed)", '    text: "No truce." → "Draft."']


def test_hostile_author_and_message_shown_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = dossier(tmp_path)
    repo.write("claims/truce.toml", CLAIM.format(text="Changed."))
    repo.commit("[b]bold[/b] \x1b]0;PWNED\x07 \x1b[31mred", author="[@click=app.quit]Eve\x1b[2J")
    _, out, _ = run_log(capsys, "truce", str(repo.root))
    first = out.splitlines()[0]
    assert "\x1b" not in out and "\x07" not in out
    assert "[@click=app.quit]Eve\\x1b[2J" in first
    assert "[b]bold[/b] \\x1b]0;PWNED\\x07 \\x1b[31mred" in first


def test_unknown_id_suggests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = dossier(tmp_path)
    code, out, err = run_log(capsys, "truse", str(repo.root))
    assert code == 2 and out == ""
    assert err == "parley: no record with the id 'truse'; did you mean truce?\n"


def test_not_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "plain"
    (folder / "claims").mkdir(parents=True)
    (folder / "claims" / "truce.toml").write_text(CLAIM.format(text="x"), encoding="utf-8")
    (tmp_path / "plain" / "people").mkdir()
    (folder / "people" / "vladimir-medinsky.toml").write_text(PERSON, encoding="utf-8")
    code, _, err = run_log(capsys, "truce", str(folder))
    assert code == 1
    assert err.startswith("parley: ") and "is not in a git repository" in err
    assert len(err.splitlines()) == 1


def test_untracked_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = dossier(tmp_path)
    repo.write("claims/fresh.toml", CLAIM.format(text="New."))
    code, _, err = run_log(capsys, "fresh", str(repo.root))
    assert code == 1
    assert err == "parley: claims/fresh.toml is not tracked by git: it has no history yet\n"
    with pytest.raises(Untracked):
        RecordLog(repo.root, repo.root / "claims/fresh.toml")


def test_git_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = dossier(tmp_path)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(GitMissing, match="git is not installed"):
        repository(repo.root)
    with pytest.raises(NotARepository):
        monkeypatch.setenv("PATH", os.defpath)
        repository(tmp_path)


def test_git_missing_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = dossier(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    code, _, err = run_log(capsys, "truce", str(repo.root))
    assert (code, err) == (1, "parley: git is not installed (no git program on PATH)\n")


def test_shallow_clone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = dossier(tmp_path)
    repo.write("claims/truce.toml", CLAIM.format(text="Later."))
    repo.commit("Later wording")
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    code, out, err = run_log(capsys, "truce", str(clone))
    assert code == 0
    assert "shallow" in err and "cut off" in err
    assert "Later wording" in out and "Add the truce statement" not in out


def test_hostile_file_name_in_git_output(tmp_path: Path) -> None:
    """A record folder name with a newline cannot shift git's NUL-separated fields."""
    repo = Repo(tmp_path / "odd\nname")
    repo.write("claims/truce.toml", CLAIM.format(text="One."))
    repo.commit("first\x1esecond")
    repo.write("claims/truce.toml", CLAIM.format(text="Two."))
    repo.commit("third")
    entries = list(RecordLog(repo.root, repo.root / "claims/truce.toml").entries())
    assert [e.commit.subject for e in entries if e.commit] == ["third", "first\x1esecond"]


def test_same_bytes_are_no_change() -> None:
    assert compare_bytes(b"a = 1\n", b"a = 1\n").outcome is Outcome.SAME
    assert compare_bytes(b"a = 1\n", b"a=1\n").outcome is Outcome.REFORMATTED
    assert compare_bytes(b"a = 1\n", b"a = 1.0\n").outcome is Outcome.CHANGED


def test_a_version_left_mid_merge_is_told_as_a_conflict_not_a_toml_error() -> None:
    conflicted = b"a = 1\n<<<<<<< HEAD\nb = 2\n=======\nb = 3\n>>>>>>> other\n"
    change = compare_bytes(b"a = 1\nb = 2\n", conflicted)
    assert change.outcome is Outcome.BROKEN
    assert change.error is not None and "1 unresolved merge conflict" in change.error
    assert "TOML" not in change.error


def test_git_calls_bounded(tmp_path: Path) -> None:
    """A git that hangs is killed at the deadline: the call says so instead of waiting."""
    fake = tmp_path / "bin"
    fake.mkdir()
    script = fake / "git"
    script.write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    script.chmod(0o755)
    from parley.files import git

    env_path = f"{fake}{os.pathsep}{os.environ.get('PATH', '')}"
    old = os.environ["PATH"]
    os.environ["PATH"] = env_path
    try:
        assert shutil.which("git") == str(script)
        with pytest.raises(git.GitTimeout, match=r"took over 0\.5 s"):
            git.run(["status"], tmp_path, timeout=0.5)
    finally:
        os.environ["PATH"] = old
    assert subprocess.run(["git", "--version"], capture_output=True, timeout=10).returncode == 0


def test_deleted_record_keeps_its_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = dossier(tmp_path)
    (repo.root / "claims/truce.toml").unlink()
    repo.commit("Drop the truce statement")
    code, out, err = run_log(capsys, "truce", str(repo.root))
    assert code == 0, err
    first, change = out.splitlines()[:2]
    assert first.endswith("  2025-05-18  Ann Analyst  Drop the truce statement")
    assert change == "    deleted"
    assert "Add the truce statement" in out


def test_a_history_walk_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A git log that never ends is killed at its deadline, and the reading says so."""
    from parley.files import git

    fake = tmp_path / "bin"
    fake.mkdir()
    script = fake / "git"
    script.write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ.get('PATH', '')}")
    repo = git.Repository(tmp_path, shallow=False)
    with pytest.raises(git.GitTimeout, match=r"git log took over 0\.5 s"):
        list(git.file_log(repo, "claims/x.toml", timeout=0.5))


def test_dossier_in_a_subfolder_of_the_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paths are git's, from the top of the work tree; the command runs from anywhere."""
    repo = Repo(tmp_path / "repo")
    repo.write("dossier/claims/truce.toml", CLAIM.format(text="One."))
    repo.commit("Add")
    repo.git("mv", "dossier/claims/truce.toml", "dossier/claims/no-truce.toml")
    repo.commit("Rename")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_log(capsys, "no-truce", "repo/dossier")
    assert code == 0, err
    assert "    renamed from dossier/claims/truce.toml" in out.splitlines()
    code, out, err = main(["diff", "HEAD~1..", "repo/dossier"]), *capsys.readouterr()
    assert code == 0, err
    assert "  renamed truce → no-truce" in out.splitlines()
