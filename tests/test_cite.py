"""Citations: Markdown escaping, the citation of a statement or article in every format."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.pilot import Pilot

from parley.cli import main
from parley.dossier.grades import badge
from parley.dossier.index import Index
from parley.dossier.load import load
from parley.export import markdown
from parley.export.citation import claim_citation
from parley.export.cite import citation_text, cite
from parley.export.csl import item
from parley.export.markdown import citation_markdown, claim_markdown
from parley.ui.app import ParleyApp
from parley.ui.commands import ACTIONS, Where, actions
from parley.ui.screens.main import MainScreen
from parley.ui.widgets.rowlist import RowList
from tests.conftest import BUNDLED_DOSSIERS, DOSSIERS
from tests.hostile_export import graded_dossier

HOSTILE = [
    "[b]bold[/b] *em* **strong** _u_ __uu__ `code` ``more``",
    "</script><script>alert(1)</script> <b>bold</b> <!-- hidden -->",
    "# heading\n## two\n- item\n+ plus\n* star\n1. one\n2) two\n> quote\n=====\n---\n***",
    "    indented code\n\ttabbed code",
    "a | b | c",
    "&amp; &lt; &#65; &copy",
    "[link](http://x) ![img](y) <http://auto> [^1] [@cite] @bare",
    "$x$ $$y$$ ~~strike~~ ~sub~ ^sup^ {.class} \\[escaped\\]",
    "quotes \"double\" 'single' “curly” «guillemets»",
    "a trailing backslash \\",
    "first paragraph\n\nsecond after a blank line\n\n\nthird",
    "bidi \u202eevil\u202c and zero\u200bwidth",
]


def md() -> MarkdownIt:
    """CommonMark with the GitHub table and strikethrough extensions."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def rendered_text(children: list[Token]) -> str:
    """The text a reader sees in inline tokens; fails on any markup (emphasis, link, html)."""
    out: list[str] = []
    for token in children:
        if token.type == "text" and not token.content:
            continue
        if token.type == "text":
            out.append(token.content)
        elif token.type == "hardbreak":
            out.append("\n")
        elif token.type == "softbreak":
            out.append(" ")
        else:
            raise AssertionError(f"text became markup: {token.type} {token.content!r}")
    return "".join(out)


def as_rendered(text: str) -> str:
    """``text`` as Markdown can show it: no leading blanks on a line, no outer newlines,
    and a control character as U+FFFD (how this reader renders its character reference)."""
    lines = "\n".join(line.lstrip(" \t") for line in text.strip("\n").split("\n"))
    return re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f]", "\ufffd", lines)


def list_item_text(source: str) -> str:
    """The inline text of the first paragraph of the only list item in ``source``."""
    tokens = md().parse(source)
    types = [t.type for t in tokens]
    assert types == [
        "bullet_list_open",
        "list_item_open",
        "paragraph_open",
        "inline",
        "paragraph_close",
        "list_item_close",
        "bullet_list_close",
    ], types
    return rendered_text(tokens[3].children or [])


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_in_a_list_item_renders_exactly_as_written(text: str) -> None:
    assert list_item_text(f"- {markdown.escape(text, 2)}\n") == as_rendered(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_starting_a_line_stays_a_paragraph(text: str) -> None:
    tokens = md().parse(markdown.escape(text) + "\n")
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert rendered_text(tokens[1].children or []) == as_rendered(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_stays_in_its_table_cell(text: str) -> None:
    table = f"| text | next |\n|---|---|\n| {markdown.one_line(text)} | after |\n"
    tokens = md().parse(table)
    cells = [t for t in tokens if t.type == "inline"]
    assert len(cells) == 4
    assert rendered_text(cells[2].children or []) == " ".join(text.split())
    assert rendered_text(cells[3].children or []) == "after"


def test_terminal_controls_never_reach_the_markdown_file_raw() -> None:
    escaped = markdown.escape("red \x1b[31m bell \x07 csi \x9b bidi \u202e title \x1b]0;x\x07")
    assert not any(c in escaped for c in "\x1b\x07\x9b\u202e")
    assert "&#27;" in escaped and "&#8238;" in escaped


def test_a_link_is_made_only_for_a_plain_web_address() -> None:
    assert markdown.link("title", "javascript:alert(1)") == "title"
    assert markdown.link("t [x]", "https://e.org/a_(b)") == "[t \\[x\\]](https://e.org/a_%28b%29)"
    tokens = md().parse(markdown.link("t", "https://e.org/a (b)") + "\n")
    assert [t.type for t in tokens[1].children or []] == ["text"]


# -- a small dossier of hostile records -----------------------------------------

EVIL = "Evil [b]name[/b] *x* `y` </script>\x1b[31m\n# not a heading"
EXCERPT = 'He said "*never*" | [link](javascript:x) <img src=x>\n- not a bullet'


def write(folder: Path, kind: str, record_id: str, data: dict[str, Any]) -> None:
    path = folder / kind / f"{record_id}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(data), "utf-8")


def hostile_dossier(folder: Path) -> Index:
    """A person, a round, an article and one statement of each kind, all with hostile text."""
    write(
        folder,
        "people",
        "eve",
        {
            "name": EVIL,
            "side": "red",
            "roles": [
                {"title": "first role *bold*", "article": "other"},
                {"title": "role [as reported]", "article": "news"},
            ],
        },
    )
    write(
        folder,
        "rounds",
        "r1",
        {
            "title": "Round `one`",
            "date": dt.date(2025, 5, 16),
            "place": "Place <b>",
        },
    )
    write(
        folder,
        "articles",
        "news",
        {
            "title": "Title *with* [markup]\nand a newline",
            "outlet": "Outlet | pipe",
            "url": "https://example.org/a?b=1&c=(2)",
            "published": dt.date(2025, 5, 17),
            "authors": ["A. _Writer_"],
            "language": "en",
            "unknown": {"outlet_kind": "not known"},
        },
    )
    write(
        folder,
        "articles",
        "trap",
        {
            "title": "A link that runs code",
            "url": "javascript:alert(1)",
            "language": "en",
            "unknown": {"outlet": "?", "published": "?", "authors": "?", "outlet_kind": "?"},
        },
    )
    write(
        folder,
        "articles",
        "other",
        {
            "title": "Undated",
            "language": "en",
            "unknown": {
                "outlet": "?",
                "published": "?",
                "authors": "?",
                "url": "?",
                "outlet_kind": "?",
            },
        },
    )
    report = [{"article": "news", "excerpt": EXCERPT}]
    write(
        folder,
        "claims",
        "quote",
        {
            "speaker": "eve",
            "type": "quote",
            "text": EVIL,
            "round": "r1",
            "said_on": dt.date(2025, 5, 16),
            "occasion": "at the *press* conference",
            "reported_by": report,
        },
    )
    write(
        folder,
        "claims",
        "para",
        {
            "speaker": "eve",
            "type": "paraphrase",
            "text": "Paraphrased " + EVIL,
            "credited_as": "a [senior] official",
            "reported_by": report,
        },
    )
    write(
        folder,
        "claims",
        "side",
        {
            "side": "red",
            "type": "paraphrase",
            "text": "The side " + EVIL,
            "reported_by": report,
        },
    )
    write(
        folder,
        "claims",
        "narr",
        {
            "narrator": "news",
            "type": "paraphrase",
            "text": "The article " + EVIL,
            "reported_by": report,
        },
    )
    write(folder, "claims", "bare", {"speaker": "eve", "type": "quote", "text": "No source."})
    dossier = load(folder)
    errors = [p for p in dossier.problems if p.severity == "error"]
    assert not errors, errors
    return dossier.index


@pytest.fixture
def index(tmp_path: Path) -> Index:
    return hostile_dossier(tmp_path)


CLAIMS = ["quote", "para", "side", "narr", "bare"]


@pytest.mark.parametrize("claim_id", CLAIMS)
def test_a_statement_in_markdown_is_one_list_item_whose_text_reads_exactly(
    index: Index, claim_id: str
) -> None:
    source = claim_markdown(index, claim_id)
    tokens = md().parse(source)
    # one top-level item; the only nested list is its reports
    assert sum(t.type == "bullet_list_open" and t.level == 0 for t in tokens) == 1
    assert not any(t.type in ("heading_open", "html_block", "code_block", "fence") for t in tokens)
    inline = [t for t in tokens if t.type == "inline"]
    first = [t for t in inline[0].children or [] if t.content or t.type != "text"]
    assert [t.type for t in first[:3]] == ["strong_open", "text", "strong_close"]
    who = {"side": "Red", "narr": "Outlet | pipe"}.get(claim_id, " ".join(EVIL.split()))
    assert first[1].content == as_rendered(who)
    what = rendered_text(first[3:])
    claim_text = index.records[claim_id].text  # type: ignore[union-attr]
    assert as_rendered(claim_text) in what
    if claim_id in ("quote", "bare"):
        assert f"quoted: “{as_rendered(claim_text)}”" in what
    else:
        assert f"paraphrased: {as_rendered(claim_text)}" in what
    reports = [_rendered_with_links(t.children or []) for t in inline[1:]]
    if claim_id == "bare":
        assert reports == ["no report"]
    else:
        assert reports == [
            "Outlet | pipe, “Title *with* [markup] and a newline”, 17 May 2025, "
            f"by A. _Writer_: “{as_rendered(EXCERPT)}”"
        ]


def _rendered_with_links(children: list[Token]) -> str:
    """Inline text where the only markup allowed is a link to the article's https URL."""
    out = []
    for token in children:
        if token.type == "link_open":
            assert token.attrGet("href") == "https://example.org/a?b=1&c=%282%29"
        elif token.type == "link_close":
            continue
        else:
            out.append(rendered_text([token]))
    return "".join(out)


# -- the text form and `parley cite` ---------------------------------------------

MEDINSKY = "medinsky-prisoner-exchange-agreed"


def test_a_paraphrase_cites_who_what_when_where_and_the_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["cite", MEDINSKY, str(DOSSIERS)]) == 0
    assert capsys.readouterr().out == (
        "Vladimir Medinsky, Russian presidential aide and head of the Russian delegation"
        " to the talks\n"
        "Paraphrase: A large-scale swap of 1,000 prisoners from each side has been agreed.\n"
        "When: reported 16 May 2025\n"
        "Where: First round of direct talks, Istanbul, Türkiye, 16 May 2025;"
        " speaking to the press after the negotiations\n"
        "Reported by:\n"
        "- outlet not named, “Russian Delegation Satisfied With Outcome of Ukraine Talks and"
        " Ready to Continue Dialogue”, 16 May 2025, no URL\n"
        "  Excerpt: “Mass prisoner exchange planned – A large-scale swap of 1,000 prisoners"
        " from each side has been agreed upon.”\n"
    )


def test_the_role_is_the_one_the_reporting_article_gives(index: Index) -> None:
    """Eve's first role comes from another article; the reporting one calls her otherwise."""
    assert cite(index, "quote").splitlines()[0].endswith(", role [as reported]")


@pytest.mark.parametrize(
    ("claim_id", "who", "what"),
    [
        ("quote", ", role [as reported]", "Quote: “Evil"),
        ("para", ", role [as reported]; credited as “a [senior] official”", "Paraphrase: Para"),
        ("side", "Red, a side, no person named", "Paraphrase: The side"),
        (
            "narr",
            "Outlet | pipe, the article in its own voice, crediting nobody",
            "Paraphrase: The",
        ),
        ("bare", ", first role *bold*", "Quote: “No source.”"),
    ],
)
def test_each_kind_of_statement_says_who_and_how_it_is_given(
    index: Index, claim_id: str, who: str, what: str
) -> None:
    lines = cite(index, claim_id).splitlines()
    assert who in lines[0]
    assert lines[1].startswith(what)


def test_when_is_the_date_said_or_the_first_report(index: Index) -> None:
    assert "When: 16 May 2025" in cite(index, "quote")
    assert "When: reported 17 May 2025" in cite(index, "para")
    assert "When: date unknown" in cite(index, "bare")
    assert "Reported by: no article" in cite(index, "bare")


def test_an_article_cites_itself(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "pism-bulletin-2025-05-20", str(DOSSIERS)]) == 0
    assert capsys.readouterr().out == (
        "PISM (Polish Institute of International Affairs), “Russian-Ukrainian Delegations Meet"
        " in Istanbul”, 20 May 2025, by Anna Maria Dyner, Maria Piechowska, no URL\n"
    )


@pytest.mark.parametrize(
    ("record_id", "message"),
    [
        ("vladimir-medinsky", "'vladimir-medinsky' is a person: only a statement or an article"),
        ("istanbul-2025-05-16", "'istanbul-2025-05-16' is a round: only a statement or"),
        ("medinsky-prisoner", "did you mean medinsky-prisoner-exchange-agreed?"),
    ],
)
def test_what_cannot_be_cited_is_one_line_and_a_usage_error(
    capsys: pytest.CaptureFixture[str], record_id: str, message: str
) -> None:
    assert main(["cite", record_id, str(DOSSIERS)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err
    assert err.count("\n") == 1 and err.startswith("parley: ")


def test_hostile_text_reaches_the_terminal_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile_dossier(tmp_path)
    for claim_id in CLAIMS:
        for format in ("text", "markdown", "csl-json"):
            assert main(["cite", claim_id, "--format", format, str(tmp_path)]) == 0
            out = capsys.readouterr().out
            assert "\x1b" not in out and "\u202e" not in out
    assert main(["cite", "quote", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    # text is plain: markup shown as written, the escape code visible, nothing dropped
    assert "Quote: “Evil [b]name[/b] *x* `y` </script>\\x1b[31m\n# not a heading”" in out


def test_markdown_and_csl_json_from_the_command_are_the_library_s(
    capsys: pytest.CaptureFixture[str],
) -> None:
    index = load(DOSSIERS).index
    for format in ("markdown", "csl-json"):
        assert main(["cite", MEDINSKY, "--format", format, str(DOSSIERS)]) == 0
        assert capsys.readouterr().out == cite(index, MEDINSKY, format)  # type: ignore[arg-type]
    assert claim_markdown(index, MEDINSKY) == cite(index, MEDINSKY, "markdown")


def test_cite_runs_as_a_command_with_its_own_help() -> None:
    def parley(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "parley", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)

    result = parley("cite", MEDINSKY, "--format", "csl-json", str(DOSSIERS))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"] == "sputnik-2025-05-16"
    help_ = parley("cite", "--help")
    assert help_.returncode == 0
    assert "--format {text,markdown,csl-json}" in help_.stdout
    assert "cite" in parley("--help").stdout


# -- the keys: `y` cites, `o` opens -----------------------------------------------


def notes(app: ParleyApp) -> list[str]:
    return [n.message for n in app._notifications]


@asynccontextmanager
async def browsing(folder: Path) -> AsyncIterator[tuple[ParleyApp, Pilot[None], list[str]]]:
    """The browser on ``folder``, with a browser opener that only records the address."""
    app = ParleyApp(folder, load(folder))
    opened: list[str] = []
    app.open_url = lambda url, **_kw: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        yield app, pilot, opened


async def test_y_copies_the_highlighted_statement_s_citation() -> None:
    async with browsing(DOSSIERS) as (app, pilot, _opened):
        await pilot.press("tab")  # the statements of the person picked at start
        row = app.screen.query_one("#top", RowList).current
        assert row is not None and row.record_id
        await pilot.press("y")
        expected = cite(load(DOSSIERS).index, row.record_id)
        assert app.clipboard == expected
        assert notes(app)[-1].startswith("Citation copied: Serhii Kyslytsia, ")


async def test_y_and_o_on_a_person_say_what_they_work_on() -> None:
    async with browsing(DOSSIERS) as (app, pilot, opened):
        await pilot.press("y")
        assert app.clipboard == ""
        assert notes(app)[-1] == (
            "y copies the citation of a statement or an article (a person is highlighted)."
        )
        await pilot.press("o")
        assert opened == []
        assert notes(app)[-1].startswith("o opens the address of an article or a statement's")


async def test_o_without_a_url_says_so() -> None:
    async with browsing(DOSSIERS) as (app, pilot, opened):
        await pilot.press("tab", "o")
        assert notes(app)[-1] == "No URL recorded for any report of this statement."
        await pilot.press("tab", "o")  # the reports pane: an article
        assert notes(app)[-1] == "No URL recorded for this article."
        assert opened == []


async def test_y_and_o_on_hostile_records(tmp_path: Path) -> None:
    hostile_dossier(tmp_path)
    async with browsing(tmp_path) as (app, pilot, opened):
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.go_to("quote")  # a statement opens in the record pane
        await pilot.pause()
        await pilot.press("y")
        # the clipboard goes through the terminal: the escape code is shown, not sent
        assert "\x1b" not in app.clipboard
        assert "</script>\\x1b[31m" in app.clipboard
        assert "\x1b" not in notes(app)[-1] and "Citation copied: Evil [b]name" in notes(app)[-1]
        await pilot.press("o")
        assert opened == ["https://example.org/a?b=1&c=(2)"]
        screen.go_to("trap")
        await pilot.pause()
        await pilot.press("o")
        assert opened == ["https://example.org/a?b=1&c=(2)"]
        assert notes(app)[-1] == "Not opened: javascript:alert(1) is not a web address."
        await pilot.press("y")
        assert app.clipboard.startswith("outlet not named, “A link that runs code”")


def test_the_keys_are_in_the_action_table() -> None:
    by_id = {a.id: a for a in ACTIONS}
    assert by_id["cite"].keys == "y" and by_id["open-source"].keys == "o"
    assert {"cite", "open_source"} <= {a.action for a in actions(Where.MAIN)}


def test_the_readme_example_is_what_the_command_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    command = "$ parley cite medinsky-russia-ready-to-fight-forever\n"
    example = readme.split(command, 1)[1].split("```", 1)[0]
    assert main(["cite", "medinsky-russia-ready-to-fight-forever", str(BUNDLED_DOSSIERS)]) == 0
    assert capsys.readouterr().out == example


def test_grades_are_cited_when_the_records_carry_them(index: Index) -> None:
    """Source reliability (A-F) and credibility (1-6), as the Admiralty badge ``B2``."""
    plain = claim_citation(index, "quote")
    assert not plain.badge and "Grade" not in citation_text(plain)
    source = replace(plain.reports[0], reliability="B")
    graded = replace(plain, badge="B2", reports=(source,))
    assert "\nGrade: B2\n" in citation_text(graded)
    assert ", reliability B, https://example.org/" in citation_text(graded)
    assert "  Grade: B2\n" in citation_markdown(graded)
    assert item(source)["annote"] == "Source reliability (Admiralty grade): B"


def test_a_citation_grades_a_statement_as_the_app_does(tmp_path: Path) -> None:
    """The best source's letter, not the first report's: TASS (D) is listed before a B wire."""
    graded = load(graded_dossier(tmp_path)).index
    assert badge(graded, "both") == "B2"
    assert claim_citation(graded, "both").badge == "B2"
    assert "\nGrade: B2\n" in cite(graded, "both", "text")
    assert claim_citation(graded, "partial").badge == "?3"


def test_a_statement_whose_file_has_errors_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile_dossier(tmp_path)
    (tmp_path / "claims" / "broken.toml").write_text('type = "quote"\n', "utf-8")
    assert main(["cite", "broken", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    path = tmp_path / "claims" / "broken.toml"
    assert err == f"parley: {path} has errors, so it cannot be cited: see parley check\n"
