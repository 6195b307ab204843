"""A small dossier, and real merge conflicts in it made by git, for the conflict tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.gitrepo import git_env

PERSON = 'name = "Jane Speaker"\nside = "ukraine"\n'
ARTICLE = """\
title = "A good article"
outlet = "Example Wire"
outlet_kind = "news agency"
published = 2025-05-16
authors = ["Jane Doe"]
language = "en"
url = "https://example.org/talks"
"""
CLAIM = """\
# Said at the press conference; the wording is the agency's.
speaker = "jane-speaker"
type = "quote"
text = "We will talk."
said_on = 2025-05-16

[[reported_by]]
article = "good-article"
excerpt = "“We will talk,” she said."
"""


def small_dossier(folder: Path, claim: str = CLAIM) -> Path:
    """A person, an article and one claim of hers (``claims/talk.toml``); returns the claim."""
    for sub, name, text in (
        ("people", "jane-speaker", PERSON),
        ("articles", "good-article", ARTICLE),
        ("claims", "talk", claim),
    ):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        (folder / sub / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder / "claims" / "talk.toml"


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in ``folder`` with the test's own config; fails the test on an error."""
    return subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=folder,
        env={**git_env(), "HOME": str(folder.parent), "GIT_TERMINAL_PROMPT": "0"},
        capture_output=True,
        text=True,
        timeout=30,
        check=check,
    )


def conflicted_repo(folder: Path, ours: str, theirs: str, *, style: str = "merge") -> Path:
    """A dossier repository whose claim two branches rewrote (``text``), merged: a conflict.

    ``ours`` and ``theirs`` replace the claim's ``text = "We will talk."`` line on
    ``main`` and on ``feature``; ``style`` is git's merge.conflictStyle. Returns the claim.
    """
    folder.mkdir(parents=True, exist_ok=True)
    claim = small_dossier(folder)
    git(folder, "init", "-q")
    git(folder, "config", "merge.conflictStyle", style)
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "a claim")
    git(folder, "checkout", "-q", "-b", "feature")
    claim.write_text(CLAIM.replace('text = "We will talk."', theirs), encoding="utf-8")
    git(folder, "commit", "-q", "-am", "their wording")
    git(folder, "checkout", "-q", "main")
    claim.write_text(CLAIM.replace('text = "We will talk."', ours), encoding="utf-8")
    git(folder, "commit", "-q", "-am", "our wording")
    merged = git(folder, "merge", "feature", check=False)
    assert merged.returncode != 0 and "CONFLICT" in merged.stdout, merged.stdout
    return claim


SHOWN_CLAIM = "kyslytsia-main-result-not-achieved"
SHOWN_OURS = 'type = "paraphrase"\ntext = "He cannot be satisfied'
SHOWN_THEIRS = 'type = "quote"\ntext = "The main result was not achieved."\n'


def conflict_in_copy(source: Path, folder: Path) -> Path:
    """A copy of the dossier at ``source`` whose one claim two branches reworded: a conflict."""
    shutil.copytree(source, folder)
    claim = folder / "claims" / f"{SHOWN_CLAIM}.toml"
    text = claim.read_text(encoding="utf-8")
    start = text.index(SHOWN_OURS)
    end = text.index("\n", text.index("\ntext = ", start) + 1) + 1
    claim.write_text(
        f"{text[:start]}<<<<<<< HEAD\n{text[start:end]}=======\n{SHOWN_THEIRS}"
        f">>>>>>> wording-check\n{text[end:]}",
        encoding="utf-8",
    )
    return claim
