"""Archived texts: reading them safely, finding excerpts in them, and the checks built on that."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from parley.cli import main
from parley.dossier.archive import Folded, locate_excerpt, nearest_passage
from parley.dossier.load import load, reload
from parley.dossier.model import Kind
from parley.dossier.read import MAX_FILE_BYTES
from parley.dossier.sources import questions
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged, DossierOpened, WatcherReady

from .conftest import BUNDLED_DOSSIERS, Messages
from .test_grades import make_dossier

ARCHIVE = """# Talks in Istanbul

The delegations met on Friday.

Medinsky said the mood was “good” and that the talks
would go on. “We’re satisfied — very satisfied,” he added.

The next meeting is not yet set.
"""


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def article(archive: str | None = "archives/a.md") -> str:
    line = f"archive = {toml_string(archive)}\n" if archive is not None else ""
    return (
        'title = "Talks end"\noutlet = "Example Wire"\noutlet_kind = "news agency"\n'
        f'{line}published = 2025-05-16\nlanguage = "en"\n'
        '[unknown]\nauthors = "No byline."\nurl = "No address."\n'
    )


def claim(excerpt: str, text: str | None = None, kind: str = "quote") -> str:
    """A quote by Medinsky of article ``a``; its words are the excerpt's unless given."""
    text = excerpt if text is None else text
    return (
        f'speaker = "medinsky"\ntype = "{kind}"\ntext = {toml_string(text)}\n\n'
        f'[[reported_by]]\narticle = "a"\nexcerpt = {toml_string(excerpt)}\n'
    )


def archived(
    tmp_path: Path, excerpt: str, *, text: str | None = None, archive: str | None = ARCHIVE
) -> Path:
    """A dossier of one article (archived as ``archive`` unless None) and one quote of it."""
    files = {"articles/a.toml": article(None if archive is None else "archives/a.md")}
    files["claims/c.toml"] = claim(excerpt, text)
    root = make_dossier(tmp_path / "d", files)
    if archive is not None:
        (root / "archives").mkdir()
        (root / "archives" / "a.md").write_text(archive, "utf-8")
    return root


def errors(root: Path) -> list[str]:
    return [f"{p.path.relative_to(root)}:{p.line}: {p.message}" for p in load(root).errors]


# -- finding an excerpt ------------------------------------------------------------


def test_an_excerpt_copied_verbatim_is_found_where_it_is() -> None:
    excerpt = "The next meeting is not yet set."
    match = locate_excerpt(ARCHIVE, excerpt)
    assert match is not None
    assert ARCHIVE[match.start : match.end] == excerpt
    assert (match.line, match.column) == (8, 1)


@pytest.mark.parametrize(
    ("excerpt", "found"),
    [
        # whitespace and line breaks: any run is one space
        ("that the talks would  go on.", "that the talks\nwould go on."),
        # typographic double quotes typed straight
        ('the mood was "good"', "the mood was “good”"),
        # a typographic apostrophe typed straight
        ("We're satisfied", "We’re satisfied"),
        # a dash typed as a hyphen
        ("satisfied - very satisfied", "satisfied — very satisfied"),
    ],
)
def test_an_excerpt_is_found_through_each_normalisation(excerpt: str, found: str) -> None:
    match = locate_excerpt(ARCHIVE, excerpt)
    assert match is not None
    assert ARCHIVE[match.start : match.end] == found


def test_markdown_emphasis_is_left_out_of_a_markdown_archive_only() -> None:
    text = "He called it a *historic* step, a __real__ one."
    match = locate_excerpt(text, "a historic step, a real one", markdown=True)
    assert (
        match is not None and text[match.start : match.end] == "a *historic* step, a __real__ one"
    )
    assert locate_excerpt(text, "a historic step", markdown=False) is None


@pytest.mark.parametrize(
    "excerpt",
    [
        "the mood was “Good”",  # case is kept
        "Medinsky says the mood was",  # another word
        "The next meeting is not yet set...",  # other punctuation
        "",
    ],
)
def test_nothing_else_is_normalised(excerpt: str) -> None:
    assert locate_excerpt(ARCHIVE, excerpt) is None


def test_the_nearest_passage_is_whole_words_at_its_line() -> None:
    nearest = nearest_passage(ARCHIVE, "the talks would go on at once")
    assert nearest is not None
    assert nearest.match.line == 5
    assert "the talks" in nearest.passage and "would go on" in nearest.passage
    assert ARCHIVE[nearest.match.start - 1] in " \n"
    assert 60 < nearest.score < 100


def test_folding_keeps_where_each_character_came_from() -> None:
    folded = Folded("a  “b”\n\nc")
    assert folded.text == 'a "b" c'
    assert folded.span(2, 5) == (3, 6)


# -- parley check ------------------------------------------------------------------


def test_a_dossier_whose_excerpts_are_in_their_archives_has_no_error(tmp_path: Path) -> None:
    root = archived(tmp_path, "We're satisfied - very satisfied,")
    assert errors(root) == []
    dossier = load(root)
    assert dossier.archive_text("a") == ARCHIVE
    match = dossier.excerpt_match("a", "We're satisfied - very satisfied,")
    assert match is not None and match.line == 6
    assert ARCHIVE[match.start : match.end] == "We’re satisfied — very satisfied,"


def test_an_excerpt_not_in_its_archive_is_an_error_at_its_line_with_the_nearest_passage(
    tmp_path: Path,
) -> None:
    root = archived(tmp_path, "We are satisfied - very satisfied")
    assert errors(root) == [
        "claims/c.toml:7: reported_by[0].excerpt: not found in archives/a.md; closest passage, "
        'line 6 (94% alike): "“We’re satisfied — very satisfied"'
    ]


def test_check_prints_the_missing_excerpt_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = archived(tmp_path, "Medinsky said the mood was bad")
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "c.toml:7:1: error: reported_by[0].excerpt: not found in archives/a.md" in out
    assert "closest passage, line 5" in out


def test_a_quote_whose_words_are_in_no_excerpt_is_an_error_once_archived(tmp_path: Path) -> None:
    root = archived(tmp_path, "The delegations met on Friday.", text="We are thrilled")
    assert errors(root) == [
        "claims/c.toml:3: a quote whose words appear in none of its excerpts: check the words "
        "against the archived text, or call it a paraphrase"
    ]
    # The one check: not asked a second time among the questions about sources.
    dossier = load(root)
    asked = [q.message for q in questions(dossier.index).of("c")]
    assert not any(m.startswith("a quote whose words") for m in asked), asked


def test_the_same_quote_without_an_archive_is_only_a_question(tmp_path: Path) -> None:
    root = archived(
        tmp_path, "The delegations met on Friday.", text="We are thrilled", archive=None
    )
    assert errors(root) == []
    dossier = load(root)
    asked = [q.message for q in questions(dossier.index).of("c")]
    assert any(m.startswith("a quote whose words appear in none of its excerpts") for m in asked)


# -- reading archives safely ---------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["../outside.md", "archives/../claims/c.md", "notes/a.md", "/etc/passwd.md"]
)
def test_an_archive_path_out_of_archives_is_refused(tmp_path: Path, path: str) -> None:
    root = archived(tmp_path, "The delegations met on Friday.")
    (root / "articles" / "a.toml").write_text(article(path), "utf-8")
    found = errors(root)
    assert len(found) == 1 and found[0].startswith("articles/a.toml:4: archive:"), found


def test_a_symbolic_link_out_of_the_dossier_is_not_followed(tmp_path: Path) -> None:
    root = archived(tmp_path, "The delegations met on Friday.")
    secret = tmp_path / "secret.md"
    secret.write_text("The delegations met on Friday.", "utf-8")
    (root / "archives" / "a.md").unlink()
    (root / "archives" / "a.md").symlink_to(secret)
    assert errors(root) == [
        "articles/a.toml:4: archive archives/a.md is a symbolic link out of the dossier "
        "folder; parley reads archives only inside it"
    ]
    assert load(root).archive_text("a") is None


def test_a_symbolic_link_inside_the_dossier_is_followed(tmp_path: Path) -> None:
    root = archived(tmp_path, "The delegations met on Friday.")
    (root / "archives" / "a.md").rename(root / "archives" / "real.md")
    (root / "archives" / "a.md").symlink_to("real.md")
    assert errors(root) == []


def test_a_missing_archive_is_an_error_at_the_archive_line(tmp_path: Path) -> None:
    root = archived(tmp_path, "The delegations met on Friday.")
    (root / "archives" / "a.md").unlink()
    assert errors(root) == ["articles/a.toml:4: archive archives/a.md does not exist"]


def test_a_huge_archive_is_refused_unread(tmp_path: Path) -> None:
    root = archived(tmp_path, "The delegations met on Friday.")
    with (root / "archives" / "a.md").open("r+b") as huge:
        huge.truncate(MAX_FILE_BYTES + 1)  # sparse: no need to write 8 MiB
    found = errors(root)
    assert len(found) == 1 and "file is too big" in found[0], found
    assert found[0].startswith("articles/a.toml:4: archive archives/a.md")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_archive_is_refused_without_blocking(tmp_path: Path) -> None:
    root = archived(tmp_path, "The delegations met on Friday.")
    (root / "archives" / "a.md").unlink()
    os.mkfifo(root / "archives" / "a.md")
    found = errors(root)
    assert len(found) == 1 and "not a regular file (a FIFO" in found[0], found


def test_an_archive_not_in_utf8_is_an_error(tmp_path: Path) -> None:
    root = archived(tmp_path, "The delegations met on Friday.")
    (root / "archives" / "a.md").write_bytes(b"The delegations met\n\xff on Friday.")
    assert errors(root) == [
        "articles/a.toml:4: archive archives/a.md is not UTF-8 (line 2); save it as UTF-8"
    ]


# -- reloading -------------------------------------------------------------------------


def test_an_edited_excerpt_is_checked_again_on_reload(tmp_path: Path) -> None:
    root = archived(tmp_path, "The delegations met on Friday.")
    dossier = load(root)
    claim_file = root / "claims" / "c.toml"
    claim_file.write_text(claim("The delegations met on Monday.", "met on Monday"), "utf-8")
    dossier, _changed = reload(dossier, [claim_file])
    assert [p.line for p in dossier.errors] == [7]
    assert "closest passage, line 3" in dossier.errors[0].message


def test_an_edited_archive_is_read_again_on_reload(tmp_path: Path) -> None:
    root = archived(tmp_path, "The delegations met on Friday.")
    dossier = load(root)
    text = root / "archives" / "a.md"
    text.write_text(ARCHIVE.replace("on Friday", "on Thursday"), "utf-8")
    dossier, changed = reload(dossier, [text])
    assert root / "articles" / "a.toml" in changed
    assert [p.path for p in dossier.errors] == [root / "claims" / "c.toml"]
    assert "on Thursday" in (dossier.archive_text("a") or "")


async def test_an_archive_edited_while_the_app_runs_shows_its_broken_excerpt(
    tmp_path: Path, messages: Messages
) -> None:
    root = archived(tmp_path, "The delegations met on Friday.")
    app = ParleyApp(root)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await messages.wait(DossierOpened)
        await messages.wait(WatcherReady)
        (root / "archives" / "a.md").write_text(ARCHIVE.replace("Friday", "Monday"), "utf-8")
        changed = await messages.wait(DossierChanged, where=lambda m: bool(m.dossier.errors))
        assert [p.message.split(";")[0] for p in changed.dossier.errors] == [
            "reported_by[0].excerpt: not found in archives/a.md"
        ]
        mark = messages.mark()
        (root / "archives" / "a.md").write_text(ARCHIVE, "utf-8")
        await messages.wait(DossierChanged, after=mark, where=lambda m: not m.dossier.errors)
        await pilot.pause()
        assert app.is_running


# -- the bundled dossier -----------------------------------------------------------------


def test_the_bundled_dossier_archives_every_article_and_passes(tmp_path: Path) -> None:
    copy = tmp_path / "dossiers"
    shutil.copytree(BUNDLED_DOSSIERS, copy)
    dossier = load(copy)
    assert dossier.errors == []
    articles = dossier.index.ids(Kind.ARTICLE)
    assert len(articles) == 5
    assert all(dossier.archive_text(article_id) for article_id in articles)


def test_an_archive_removed_is_an_error_after_reload(tmp_path: Path) -> None:
    root = archived(tmp_path, "The delegations met on Friday.")
    dossier = load(root)
    (root / "archives" / "a.md").unlink()
    dossier, _changed = reload(dossier, [root / "archives" / "a.md"])
    assert [p.message for p in dossier.errors] == ["archive archives/a.md does not exist"]


def test_an_archive_passage_reaches_the_terminal_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "The delegations \x1b[2J\x1b]0;pwned\x07met on Friday.\n"
    root = archived(tmp_path, "The delegations met on Friday!", archive=hostile)
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "closest passage, line 1" in out
    assert "\x1b" not in out and "\x07" not in out
