"""The reader: an article's archived text, its excerpts highlighted, statements made from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.pilot import Pilot

from parley.dossier.archive import ArchiveText
from parley.dossier.load import load
from parley.dossier.model import Article
from parley.present.reader import (
    Selection,
    build,
    by_sentence,
    by_word,
    guess_round,
    select_sentence,
    statement_from,
    suggestions,
)
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged, DossierOpened
from parley.ui.screens.main import MainScreen
from parley.ui.screens.reader import SUGGEST_AT_ONCE_BELOW, ReaderScreen, SuggestionsShown
from parley.ui.screens.record_form import RecordForm
from parley.ui.widgets.detail import DetailPane
from parley.ui.widgets.textview import TextView, wrap_offsets

from .conftest import Messages

ARCHIVE = """# Talks in Istanbul

The delegations met at the palace on Friday. “We are satisfied with the outcome,” Medinsky \
told reporters after the talks.

Kyslytsya said the talks would continue in June. The weather was fine.

Fidan opened the meeting.
"""

ARTICLE = """title = "Talks in Istanbul"
outlet = "Wire"
outlet_kind = "news agency"
authors = ["A. Writer"]
url = "https://example.org/talks"
published = 2025-05-16
language = "en"
{archive}
"""

CLAIM = """speaker = "vladimir-medinsky"
type = "quote"
text = "We are satisfied with the outcome."
round = "istanbul-2025-05-16"

[[reported_by]]
article = "wire-2025-05-16"
excerpt = '"We are satisfied with the outcome," Medinsky told reporters'
"""

PEOPLE = {
    "vladimir-medinsky": 'name = "Vladimir Medinsky"\naliases = ["Владимир Мединский"]\n'
    'side = "russia"\n',
    "sergiy-kyslytsya": 'name = "Sergiy Kyslytsya"\nside = "ukraine"\n',
    "hakan-fidan": 'name = "Hakan Fidan"\nside = "turkey"\n',
}

ROUND = """title = "First round"
date = 2025-05-16
place = "Istanbul"
articles = ["wire-2025-05-16"]
"""


def make_dossier(root: Path, archive: str | None = ARCHIVE) -> Path:
    """A small dossier: three people, a round, an article with its archived text, a claim."""
    for folder in ("people", "rounds", "articles", "claims", "archives"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for person_id, text in PEOPLE.items():
        (root / "people" / f"{person_id}.toml").write_text(text, "utf-8")
    (root / "rounds" / "istanbul-2025-05-16.toml").write_text(ROUND, "utf-8")
    line = 'archive = "archives/wire-2025-05-16.md"' if archive is not None else ""
    (root / "articles" / "wire-2025-05-16.toml").write_text(ARTICLE.format(archive=line), "utf-8")
    (root / "claims" / "medinsky-satisfied.toml").write_text(CLAIM, "utf-8")
    if archive is not None:
        (root / "archives" / "wire-2025-05-16.md").write_text(archive, "utf-8")
    return root


def screen_text(view: TextView) -> list[str]:
    """The lines the reader draws, as a user reads them."""
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


async def open_reader(app: ParleyApp, pilot: Pilot[None], messages: Messages) -> ReaderScreen:
    """The browser on the articles, `r` on the only one."""
    await messages.wait(DossierOpened)
    await pilot.press("4", "r")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


# -- plain Python: finding, sentences, selections, the form's fields ---------------------


def test_selections_grow_and_shrink_by_sentence_and_word(tmp_path: Path) -> None:
    index = load(make_dossier(tmp_path)).index
    article = index.get_as("wire-2025-05-16", Article)
    assert article is not None
    doc = build(article, ArchiveText(ARCHIVE, markdown=True), index)
    start = ARCHIVE.index("Kyslytsya")
    first = select_sentence(doc, start)
    assert ARCHIVE[first.start : first.end] == "Kyslytsya said the talks would continue in June."
    longer = by_sentence(doc, first, 1)
    assert ARCHIVE[longer.start : longer.end].endswith("June. The weather was fine.")
    assert by_sentence(doc, longer, -1) == first
    assert by_sentence(doc, first, -1) == first  # never empty
    fewer = by_word(doc, first, -1)
    assert ARCHIVE[fewer.start : fewer.end] == "Kyslytsya said the talks would continue in"
    assert by_word(doc, fewer, 1) == first


def test_a_selection_fills_the_new_statement(tmp_path: Path) -> None:
    index = load(make_dossier(tmp_path)).index
    article = index.get_as("wire-2025-05-16", Article)
    assert article is not None
    doc = build(article, ArchiveText(ARCHIVE, markdown=True), index)
    start = ARCHIVE.index("Kyslytsya")
    values, reports = statement_from(doc, index, article, select_sentence(doc, start))
    assert reports[0].article == "wire-2025-05-16"
    assert reports[0].excerpt == "Kyslytsya said the talks would continue in June."
    assert values["speaker"] == "sergiy-kyslytsya"
    assert values["type"] == "paraphrase"
    assert values["round"] == "istanbul-2025-05-16"
    quoted = Selection(ARCHIVE.index("“We"), ARCHIVE.index(" after the talks"))
    values, reports = statement_from(doc, index, article, quoted)
    assert values["type"] == "quote"
    assert values["text"] == "We are satisfied with the outcome"  # the comma is the sentence's
    assert values["speaker"] == "vladimir-medinsky"


def test_the_round_is_guessed_from_the_date_when_no_round_cites_the_article(
    tmp_path: Path,
) -> None:
    root = make_dossier(tmp_path)
    (root / "rounds" / "istanbul-2025-05-16.toml").write_text(
        ROUND.replace('articles = ["wire-2025-05-16"]', ""), "utf-8"
    )
    index = load(root).index
    article = index.get_as("wire-2025-05-16", Article)
    assert article is not None
    assert guess_round(index, article) == "istanbul-2025-05-16"
    later = article.model_copy(update={"published": dt.date(2025, 9, 1)})
    assert guess_round(index, later) is None  # months later: no guess


def test_suggestions_name_a_known_person_by_any_spelling(tmp_path: Path) -> None:
    index = load(make_dossier(tmp_path)).index
    text = "Мединский сказал, that the talks were useful, he told reporters."
    found = suggestions(text, index)
    assert [s.speaker for s in found] == ["vladimir-medinsky"]


def test_long_lines_wrap_at_words_and_cut_a_word_longer_than_the_line() -> None:
    text = "one two three four\r\n" + "x" * 25 + "\n“quoted” 中文中文中文 words"
    lines = [text[a:b] for a, b in wrap_offsets(text, 10)]
    assert lines == ["one two ", "three four", "x" * 10, "x" * 10, "x" * 5, "“quoted” ",
                     "中文中文中", "文 words"]  # fmt: skip


# -- through the app --------------------------------------------------------------------------


async def test_reported_excerpts_are_highlighted_and_labelled(
    tmp_path: Path, messages: Messages
) -> None:
    app = ParleyApp(make_dossier(tmp_path), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        screen = await open_reader(app, pilot, messages)
        doc = screen.doc
        assert doc is not None
        reported = [h for h in doc.highlights if not h.suggestion]
        assert [h.claim_id for h in reported] == ["medinsky-satisfied"]
        assert doc.text[reported[0].start : reported[0].end] == (
            "“We are satisfied with the outcome,” Medinsky told reporters"
        )
        lines = screen_text(screen.view)
        width = screen.view.label_width
        first = next(n for n, x in enumerate(lines) if "The delegations met" in x)
        # The label beside the passage, in the gutter: the speaker and the first words.
        label = " ".join(x[:width].strip() for x in lines[first : first + 3])
        assert label == "Medinsky: “We are satisfied with the …”"
        assert "satisfied with the outcome,” Medinsky told reporters" in lines[first + 1]
        assert "reported" in str(screen.view.border_subtitle)


async def test_brackets_move_through_highlights_and_show_the_statement(
    tmp_path: Path, messages: Messages
) -> None:
    app = ParleyApp(make_dossier(tmp_path), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        screen = await open_reader(app, pilot, messages)
        doc = screen.doc
        assert doc is not None
        pane = screen.query_one("#statement", DetailPane)
        await pilot.press("right_square_bracket")
        assert "We are satisfied with the outcome." in pane.content.plain
        assert "Vladimir Medinsky" in pane.content.plain
        await pilot.press("right_square_bracket")
        assert "Suggested statement" in pane.content.plain
        assert "Kyslytsya said the talks would continue in June." in pane.content.plain
        await pilot.press("left_square_bracket")
        assert "We are satisfied with the outcome." in pane.content.plain
        await pilot.press("enter")  # opens the statement in the browser
        await pilot.pause()
        assert app.screen is not screen
        assert isinstance(app.screen, MainScreen)
        assert app.screen.selected == "medinsky-satisfied"


async def test_suggestions_are_marked_apart_from_reported_excerpts(
    tmp_path: Path, messages: Messages
) -> None:
    app = ParleyApp(make_dossier(tmp_path), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        screen = await open_reader(app, pilot, messages)
        doc = screen.doc
        assert doc is not None
        suggested = [h for h in doc.highlights if h.suggestion]
        # "Medinsky told reporters" is already reported: only Kyslytsya's words are suggested.
        assert [(h.speaker, doc.text[h.start : h.end]) for h in suggested] == [
            ("sergiy-kyslytsya", "Kyslytsya said the talks would continue in June.")
        ]
        view = screen.view
        line = next(n for n, x in enumerate(screen_text(view)) if "Kyslytsya said" in x)
        assert view.render_line(line).text.startswith("Kyslytsya?")
        assert view.render_line(line + 1).text.startswith("suggested")
        # Drawn in another style than a reported excerpt.
        styles = {s.text: s.style for s in view.render_line(line) if s.text.strip()}
        report_line = next(n for n, x in enumerate(screen_text(view)) if "satisfied" in x)
        report_styles = {s.text: s.style for s in view.render_line(report_line)}
        reported = next(v for k, v in report_styles.items() if "satisfied" in k)
        suggestion = next(v for k, v in styles.items() if "Kyslytsya said" in k)
        assert reported != suggestion


async def test_a_selection_becomes_a_statement_with_the_exact_excerpt(
    tmp_path: Path, messages: Messages
) -> None:
    root = make_dossier(tmp_path)
    app = ParleyApp(root, watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        screen = await open_reader(app, pilot, messages)
        # On the reported quote, select it, then one sentence more and one word less.
        await pilot.press("right_square_bracket", "v", "j", "j", "b")
        view = screen.view
        assert view.selection is not None
        selected = ARCHIVE[view.selection.start : view.selection.end]
        assert selected.startswith("“We are satisfied")
        assert selected.endswith("Kyslytsya said the talks would continue in")
        words = len(selected.split())
        assert f"{words} words selected · n makes a statement" in str(view.border_subtitle)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm)
        assert [r.excerpt for r in form.reports] == [selected.strip()]
        assert form.reports[0].excerpt in ARCHIVE  # verbatim: a slice of the archive
        values = form.values()
        assert values["speaker"] == "vladimir-medinsky"
        assert values["type"] == "quote"
        assert values["round"] == "istanbul-2025-05-16"
        mark = messages.mark()
        await pilot.press("ctrl+s")
        await messages.wait(DossierChanged, after=mark)
        await pilot.pause()
        assert app.screen is screen
        doc = screen.doc
        assert doc is not None
        new = [h for h in doc.highlights if h.claim_id and h.claim_id != "medinsky-satisfied"]
        assert len(new) == 1  # the new statement, highlighted after the reload
        assert doc.text[new[0].start : new[0].end] == selected.strip()
        written = (root / "claims" / f"{new[0].claim_id}.toml").read_text("utf-8")
        assert "Kyslytsya said the talks would continue in" in written


async def test_n_on_a_suggestion_fills_the_form_from_it(tmp_path: Path, messages: Messages) -> None:
    app = ParleyApp(make_dossier(tmp_path), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await open_reader(app, pilot, messages)
        await pilot.press("right_square_bracket", "right_square_bracket", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.reports[0].excerpt == "Kyslytsya said the talks would continue in June."
        assert form.values()["speaker"] == "sergiy-kyslytsya"
        assert form.values()["type"] == "paraphrase"


async def test_hostile_archive_text_is_shown_literally(tmp_path: Path, messages: Messages) -> None:
    hostile = (
        "Evil \x1b]0;PWNED\x07 title [bold red]not bold[/] [@click=app.quit]quit[/]\n"
        "\u202eRTL override and a zero\u200bwidth space.\n"
    )
    app = ParleyApp(make_dossier(tmp_path, hostile + ARCHIVE), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        screen = await open_reader(app, pilot, messages)
        lines = screen_text(screen.view)
        body = " ".join(line[screen.view.label_width :].strip() for line in lines)
        assert "Evil \\x1b]0;PWNED\\x07 title" in body
        assert "[bold red]not bold[/] [@click=app.quit]quit[/]" in body
        assert "\\u202eRTL override and a zero\\u200bwidth space." in body
        assert not any("\x1b" in line or "\u202e" in line for line in lines)
        await pilot.click(TextView, offset=(20, 1))
        assert app.is_running


async def test_without_an_archive_the_reader_says_how_to_add_one(
    tmp_path: Path, messages: Messages
) -> None:
    app = ParleyApp(make_dossier(tmp_path, archive=None), watch=False)
    async with app.run_test(size=(80, 24), message_hook=messages) as pilot:
        screen = await open_reader(app, pilot, messages)
        text = " ".join(screen_text(screen.view))
        assert "no archived text" in text
        assert 'archive = "archives/wire-2025-05-16.md"' in " ".join(text.split())
        await pilot.press("right_square_bracket", "v", "n")  # nothing to move to or select
        assert app.screen is screen
        await pilot.press("escape")
        assert app.screen is not screen


async def test_an_edited_archive_redraws_keeping_the_highlight(
    tmp_path: Path, messages: Messages
) -> None:
    root = make_dossier(tmp_path)
    app = ParleyApp(root, watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        screen = await open_reader(app, pilot, messages)
        await pilot.press("right_square_bracket", "v")
        assert screen.view.selection is not None
        archive = root / "archives" / "wire-2025-05-16.md"
        archive.write_text("A new first paragraph.\n\n" + ARCHIVE, "utf-8")
        mark = messages.mark()
        await app.refresh_dossier({archive})  # as the watcher reports it
        await messages.wait(DossierChanged, after=mark)
        await pilot.pause()
        doc = screen.doc
        assert doc is not None and doc.text.startswith("A new first paragraph.")
        view = screen.view
        assert view.current is not None
        assert doc.highlights[view.current].claim_id == "medinsky-satisfied"
        assert any("A new first paragraph." in line for line in screen_text(view))
        assert view.selection is None  # it pointed into the text as it was


async def test_a_mouse_drag_selects(tmp_path: Path, messages: Messages) -> None:
    app = ParleyApp(make_dossier(tmp_path), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        screen = await open_reader(app, pilot, messages)
        view = screen.view
        line = next(n for n, x in enumerate(screen_text(view)) if x.strip().startswith("Kysl"))
        gutter = view.label_width + 1
        # The view's border takes a cell on each side.
        await pilot.mouse_down(TextView, offset=(1 + gutter, 1 + line))
        await pilot.hover(TextView, offset=(1 + gutter + 13, 1 + line))
        await pilot.mouse_up(TextView, offset=(1 + gutter + 13, 1 + line))
        assert view.selection is not None
        assert ARCHIVE[view.selection.start : view.selection.end] == "Kyslytsya said"
        # A click drops the selection; on a highlight it moves there and shows its statement.
        quote = next(n for n, x in enumerate(screen_text(view)) if "satisfied with" in x)
        await pilot.click(TextView, offset=(1 + gutter + 3, 1 + quote))
        assert view.selection is None
        assert view.current is not None
        assert screen.doc is not None
        assert screen.doc.highlights[view.current].claim_id == "medinsky-satisfied"
        pane = screen.query_one("#statement", DetailPane)
        assert "We are satisfied with the outcome." in pane.content.plain


async def test_r_on_a_statement_reads_its_report_and_elsewhere_says_what_it_reads(
    tmp_path: Path, messages: Messages
) -> None:
    app = ParleyApp(make_dossier(tmp_path), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await messages.wait(DossierOpened)
        await pilot.press("r")  # a person is highlighted: nothing to read
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("r reads an article" in str(n.message) for n in app._notifications)
        await pilot.press("3", "r")  # the only statement: its report's article
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.article_id == "wire-2025-05-16"


async def test_a_long_archive_gets_its_suggestions_off_the_key_path(
    tmp_path: Path, messages: Messages
) -> None:
    filler = "The weather in the city was mild and nobody spoke of the talks at all.\n\n" * 1500
    app = ParleyApp(make_dossier(tmp_path, filler + ARCHIVE), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        screen = await open_reader(app, pilot, messages)
        doc = screen.doc
        assert doc is not None and len(doc.text) > SUGGEST_AT_ONCE_BELOW
        await pilot.press("right_square_bracket")  # keys work while the rules run
        shown = await messages.wait(SuggestionsShown)
        assert shown.count == 1
        await pilot.pause()
        assert screen.view.current is not None
        assert doc.highlights[screen.view.current].claim_id == "medinsky-satisfied"
        await pilot.press("right_square_bracket")
        assert "Suggested statement" in screen.query_one("#statement", DetailPane).content.plain
