"""Real git repositories for tests, each with its own identity and a config HOME cannot touch."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

CLAIM = """type = "quote"
speaker = "vladimir-medinsky"
text = "{text}"
topics = ["talks"]

[[reported_by]]
article = "some-article"
excerpt = "{text}"
"""

PERSON = """name = "Vladimir Medinsky"
side = "russia"
"""


def git_env(author: str = "Ann Analyst", when: str = "2025-05-16T10:00:00+00:00") -> dict[str, str]:
    """An environment in which git reads no user or system config and signs as ``author``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL="/dev/null",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME=author,
        GIT_AUTHOR_EMAIL="ann@example.org",
        GIT_COMMITTER_NAME=author,
        GIT_COMMITTER_EMAIL="ann@example.org",
        GIT_AUTHOR_DATE=when,
        GIT_COMMITTER_DATE=when,
    )
    return env


class Repo:
    """A dossier in a fresh git repository: write files, commit them, run git."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.day = 0
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, author: str = "Ann Analyst", cwd: Path | None = None) -> str:
        when = f"2025-05-{16 + self.day:02d}T10:00:00+00:00"
        done = subprocess.run(
            ["git", *args],
            cwd=cwd or self.root,
            env=git_env(author, when),
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return done.stdout

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str, author: str = "Ann Analyst") -> str:
        self.day += 1
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, author=author)
        return self.git("rev-parse", "HEAD").strip()


def truce_repo(root: Path) -> Repo:
    """A dossier with Medinsky and one statement of his, ``claims/truce.toml``, committed."""
    repo = Repo(root)
    repo.write("people/vladimir-medinsky.toml", PERSON)
    repo.write("claims/truce.toml", CLAIM.format(text="No truce."))
    repo.commit("Add the truce statement")
    return repo


def history_repo(root: Path) -> Repo:
    """A dossier whose one statement went through each kind of change a history shows."""
    repo = Repo(root)
    repo.write("people/vladimir-medinsky.toml", PERSON)
    repo.write("claims/truce.toml", CLAIM.format(text="There will be no truce."))
    repo.commit("Add Medinsky's statement on a truce")
    repo.write("claims/truce.toml", CLAIM.format(text="There will be no truce for now."))
    repo.commit("Correct the wording against the transcript", author="Bob Editor")
    second = '\n[[reported_by]]\narticle = "second-article"\nexcerpt = "No truce for now."\n'
    repo.write("claims/truce.toml", CLAIM.format(text="There will be no truce for now.") + second)
    repo.commit("Add a second report")
    tidy = CLAIM.format(text="There will be no truce for now.").replace(" = ", "=") + second
    repo.write("claims/truce.toml", tidy)
    repo.commit("Tidy the file", author="Carol Clerk")
    repo.git("mv", "claims/truce.toml", "claims/medinsky-no-truce.toml")
    repo.commit("Name the statement after its speaker")
    return repo


def no_user_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """parley's own git calls in a test read no user or system config, as on a new CI machine."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
