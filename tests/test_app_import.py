"""`i` in the app: a file imported as an article, then read with its suggestions marked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from parley.dossier.load import load
from parley.dossier.model import Article
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged, DossierOpened, WatcherReady
from parley.ui.screens.import_file import ImportFile
from parley.ui.screens.main import MainScreen
from parley.ui.screens.problems import ProblemsScreen
from parley.ui.screens.reader import ReaderScreen

from .conftest import DOSSIERS, Messages

HTML = """<!doctype html>
<html lang="en"><head>
<title>Talks in Istanbul end early</title>
<meta property="og:site_name" content="Wire">
<script>var tracking = 1;</script>
</head><body>
<p>The delegations met for two hours.</p>
<p>"We are ready to meet again," Medinsky said.</p>
</body></html>
"""

TEXT = "Second round\n\nMedinsky told reporters that the talks would go on in June.\n"


def dossier_copy(tmp_path: Path) -> Path:
    """A copy of the frozen fixture to write into."""
    root = tmp_path / "dossier"
    shutil.copytree(DOSSIERS, root)
    return root


def notes(app: ParleyApp) -> list[str]:
    return [n.message for n in app._notifications]


def archives(root: Path) -> list[str]:
    folder = root / "archives"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


async def ask_import(app: ParleyApp, pilot: Pilot[None], messages: Messages, typed: str) -> None:
    """`i` on the browser, then the path typed into the modal."""
    await messages.wait(DossierOpened)
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(app.screen, ImportFile)
    app.screen.query_one("#save-as-name", Input).value = typed


async def import_and_read(
    app: ParleyApp, pilot: Pilot[None], messages: Messages, typed: str, language: str = ""
) -> ReaderScreen:
    """Import ``typed``; the reader opens once the reload has brought the article in."""
    await ask_import(app, pilot, messages, typed)
    app.screen.query_one("#import-language", Input).value = language
    mark = messages.mark()
    await pilot.press("enter")
    await messages.wait(DossierChanged, after=mark)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def test_an_html_file_is_imported_and_opened_in_the_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    root = dossier_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "talks.html").write_text(HTML, encoding="utf-8")
    app = ParleyApp(root, watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        reader = await import_and_read(app, pilot, messages, "talks.html")  # from the cwd
        assert reader.article_id == "talks-in-istanbul-end-early"
        doc = reader.doc
        assert doc is not None
        assert "We are ready to meet again" in doc.text
        assert "tracking" not in doc.text
        suggested = [h for h in doc.highlights if h.suggestion]
        assert [h.speaker for h in suggested] == ["vladimir-medinsky"]
        assert (
            "Imported Talks in Istanbul end early as talks-in-istanbul-end-early: "
            "1 statement suggested" in notes(app)
        )
    assert archives(root) == ["talks-in-istanbul-end-early.md"]
    article = load(root).index.get_as("talks-in-istanbul-end-early", Article)
    assert article is not None and article.outlet == "Wire" and article.language == "en"
    assert article.archive == "archives/talks-in-istanbul-end-early.md"


async def test_a_text_file_under_home_with_the_language_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    root = dossier_copy(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    (home / "round.txt").write_text(TEXT, encoding="utf-8")
    app = ParleyApp(root, watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        reader = await import_and_read(app, pilot, messages, "~/round.txt", language="en")
        assert reader.article_id == "second-round"
        assert reader.doc is not None and reader.doc.text == TEXT
        # esc goes back to the browser, on the new article.
        await pilot.press("escape")
        await pilot.pause()
        main = app.screen
        assert isinstance(main, MainScreen) and main.selected == "second-round"
    assert archives(root) == ["second-round.md"]
    assert (root / "archives" / "second-round.md").read_text(encoding="utf-8") == TEXT
    assert load(root).index.get_as("second-round", Article) is not None


async def test_escape_closes_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    root = dossier_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "talks.html").write_text(HTML, encoding="utf-8")
    before = sorted(str(p.relative_to(root)) for p in root.rglob("*"))
    app = ParleyApp(root, watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await ask_import(app, pilot, messages, "talks.html")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*")) == before


async def press_enter_and_fail(app: ParleyApp, pilot: Pilot[None], messages: Messages) -> str:
    """Enter in the modal; the import fails: the modal stays. The error told."""
    mark = messages.mark()
    await pilot.press("enter")
    finished = await messages.wait(ImportFile.Finished, after=mark)
    await pilot.pause()
    assert finished.error is not None
    assert isinstance(app.screen, ImportFile)
    return notes(app)[-1]


@pytest.mark.parametrize(
    ("typed", "told"),
    [
        ("missing.html", "No such file or directory"),
        (".", "Is a directory"),
        ("latin1.txt", "is not UTF-8 text"),
        ("nolang.txt", "the file does not say its language: give the language"),
    ],
)
async def test_a_failed_import_keeps_the_path_and_is_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages, typed: str, told: str
) -> None:
    root = dossier_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks".encode("latin-1"))
    (tmp_path / "nolang.txt").write_text(TEXT, encoding="utf-8")
    app = ParleyApp(root, watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await ask_import(app, pilot, messages, typed)
        note = await press_enter_and_fail(app, pilot, messages)
        assert note.startswith("parley: cannot import: ") and told in note
        modal = app.screen
        assert modal.query_one("#save-as-name", Input).value == typed
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        problems = app.screen
        assert isinstance(problems, ProblemsScreen)
        assert any(told in p.message for p in app._app_problems.values())
    assert archives(root) == []
    assert not (root / "articles" / "nolang.toml").exists()


async def test_a_hostile_name_and_text_are_shown_literally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    root = dossier_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    hostile = "[bold red]x[/] \x1b[31m"
    missing = f"{hostile}.txt"
    app = ParleyApp(root, watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await ask_import(app, pilot, messages, missing)
        note = await press_enter_and_fail(app, pilot, messages)
        assert "[bold red]x[/]" in note and "\x1b" not in note
    text = "# [b]Loud[/b] \x1b]0;owned\x07title\n\n[red]Medinsky[/] said it.\n"
    (tmp_path / "loud.md").write_text(text, encoding="utf-8")
    app = ParleyApp(root, watch=False)
    messages.seen.clear()
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        reader = await import_and_read(app, pilot, messages, "loud.md", language="en")
        said = next(n for n in notes(app) if n.startswith("Imported "))
        assert said.startswith("Imported [b]Loud[/b]") and "\x1b" not in said
        assert "\x07" not in said
        assert reader.doc is not None and "[red]Medinsky[/] said it." in reader.doc.text


async def test_with_the_watcher_on_the_reader_opens_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    root = dossier_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "talks.html").write_text(HTML, encoding="utf-8")
    app = ParleyApp(root)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await messages.wait(WatcherReady)
        await ask_import(app, pilot, messages, "talks.html")
        mark = messages.mark()
        await pilot.press("enter")
        await messages.wait(
            DossierChanged,
            after=mark,
            where=lambda m: m.dossier.index.get("talks-in-istanbul-end-early") is not None,
        )
        await pilot.pause()
        readers = [s for s in app.screen_stack if isinstance(s, ReaderScreen)]
        assert [r.article_id for r in readers] == ["talks-in-istanbul-end-early"]
        assert app.screen is readers[0]
