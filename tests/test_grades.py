"""Source grades: reliability A-F on articles, credibility 1-6 on claims, and the badge."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.cli import main
from parley.dossier.grades import badge, best_reliability
from parley.dossier.load import load
from parley.dossier.model import Reliability
from parley.dossier.sources import questions
from parley.present.panes import LEGEND, QUESTIONED, STATEMENT_HEIGHT, Row
from parley.ui.app import ParleyApp
from parley.ui.render import RowRenderer, detail
from parley.ui.screens.help import help_content
from parley.ui.widgets.detail import DetailPane

PERSON = 'name = "Vladimir Medinsky"\nside = "russia"\n'


def article(outlet: str = "Example Wire", extra: str = "", kind: str = "news agency") -> str:
    """An article file with a date, an outlet and its kind, and ``extra`` lines."""
    return (
        f'title = "Talks end"\noutlet = "{outlet}"\noutlet_kind = "{kind}"\n'
        f"published = 2025-05-16\n"
        f'language = "en"\n{extra}[unknown]\nauthors = "No byline."\nurl = "No address."\n'
    )


def claim(*reports: tuple[str, str], extra: str = "", text: str = "The mood is good.") -> str:
    """A quote by Medinsky reported by each (article, excerpt) in ``reports``."""
    body = f'speaker = "medinsky"\ntype = "quote"\ntext = "{text}"\n{extra}'
    for article_id, excerpt in reports:
        body += f'\n[[reported_by]]\narticle = "{article_id}"\nexcerpt = "{excerpt}"\n'
    return body


def make_dossier(root: Path, files: dict[str, str]) -> Path:
    """A dossier folder holding ``files`` (``"claims/x.toml": text``) and a speaker."""
    for folder in ("rounds", "people", "claims", "articles"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    files = {"people/medinsky.toml": PERSON, **files}
    for name, text in files.items():
        (root / name).write_text(text, "utf-8")
    return root


def graded(tmp_path: Path, reliabilities: list[str | None], credibility: int | None) -> Path:
    """One claim reported by one article per reliability (None: ungraded), with credibility."""
    files: dict[str, str] = {}
    reports = []
    for n, grade in enumerate(reliabilities):
        files[f"articles/a{n}.toml"] = article(extra=f'reliability = "{grade}"\n' if grade else "")
        reports.append((f"a{n}", "The mood is good, he said."))
    extra = f"credibility = {credibility}\n" if credibility is not None else ""
    files["claims/c.toml"] = claim(*reports, extra=extra)
    return make_dossier(tmp_path, files)


@pytest.mark.parametrize(
    ("reliabilities", "credibility", "shown"),
    [
        (["B"], 2, "B2"),
        (["C", "A", None], 3, "A3"),  # the best source counts
        (["F", "D"], 1, "D1"),  # F says nothing when another grade is known
        (["F"], 6, "F6"),
        ([None], 2, "?2"),
        (["B"], None, "B?"),
        ([None, None], None, ""),  # nothing graded: no badge
    ],
)
def test_badge_is_best_reliability_then_credibility(
    tmp_path: Path, reliabilities: list[str | None], credibility: int | None, shown: str
) -> None:
    dossier = load(graded(tmp_path, reliabilities, credibility))
    assert dossier.errors == []
    assert badge(dossier.index, "c") == shown


def test_best_reliability_of_an_unknown_claim_is_none(tmp_path: Path) -> None:
    dossier = load(graded(tmp_path, ["B"], 2))
    assert best_reliability(dossier.index, "nope") is None
    assert best_reliability(dossier.index, "c") is Reliability.B
    assert badge(dossier.index, "nope") == ""


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('reliability = "G"', "'G' is not allowed here: use one of A, B, C, D, E, F"),
        ('reliability = "b"', "'b' is not allowed here: use one of A, B, C, D, E, F"),
        ("reliability = 1", "1 is not allowed here: use one of A, B, C, D, E, F"),
    ],
)
def test_a_bad_reliability_is_an_error_that_says_the_scale(
    tmp_path: Path, line: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_dossier(tmp_path, {"articles/a.toml": article(extra=line + "\n")})
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"a.toml:6:1: error: reliability: {message}" in out, out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "0 is not a credibility grade: use a whole number from 1 (confirmed by other "
              "sources) to 6 (truth cannot be judged)"),
        ("7", "7 is not a credibility grade: use a whole number from 1"),
        ('"2"', "'2' is not a credibility grade: use a whole number from 1 (confirmed by "
                "other sources) to 6 (truth cannot be judged), without quotes"),
        ("2.5", "2.5 is not a credibility grade"),
    ],
)  # fmt: skip
def test_a_bad_credibility_is_an_error_that_says_the_scale(
    tmp_path: Path, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        "articles/a.toml": article(),
        "claims/c.toml": claim(("a", "Good, he said."), extra=f"credibility = {value}\n"),
    }
    root = make_dossier(tmp_path, files)
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"c.toml:4:1: error: credibility: {message}" in out, out


def test_grades_and_affiliation_load(tmp_path: Path) -> None:
    extra = 'affiliation = "russia"\nreliability = "C"\n'
    files = {
        "articles/a.toml": article(extra=extra, kind="state media"),
        "claims/c.toml": claim(("a", "Good, he said."), extra="credibility = 4\n"),
    }
    dossier = load(make_dossier(tmp_path, files))
    assert dossier.errors == []
    assert badge(dossier.index, "c") == "C4"


# -- in the app ------------------------------------------------------------------


def marked(tmp_path: Path) -> Path:
    """A graded quote no excerpt holds (``wrong``), and a plain one two articles carry (``ok``)."""
    excerpt = "The mood is good, he said."
    files = {
        "articles/a.toml": article("First Wire", 'reliability = "B"\n'),
        "articles/b.toml": article("Second Wire"),
        "claims/wrong.toml": claim(
            ("a", excerpt), ("b", excerpt), text="The mood is excellent.", extra="credibility = 2\n"
        ),
        "claims/ok.toml": claim(("a", excerpt), ("b", excerpt)),
    }
    return make_dossier(tmp_path, files)


def test_a_statement_row_shows_its_badge_and_the_question_marker(tmp_path: Path) -> None:
    index = load(marked(tmp_path)).index
    draw = RowRenderer(index, None, lines=STATEMENT_HEIGHT)
    wrong = draw(Row("wrong"), 80).plain
    assert wrong.startswith(f"  “ ” B2 {QUESTIONED} rep. 2025-05-16 Vladimir Medinsky: The mood")
    ok = draw(Row("ok"), 80).plain
    assert ok.startswith("  “ ” B? rep. 2025-05-16 Vladimir Medinsky: The mood")
    assert QUESTIONED not in ok


def test_a_single_source_is_asked_in_the_detail_but_not_marked_in_lists(tmp_path: Path) -> None:
    """Nearly every statement of a small dossier has one source: a mark on each says nothing."""
    excerpt = "The mood is good, he said."
    files = {"articles/a.toml": article("First Wire"), "claims/one.toml": claim(("a", excerpt))}
    index = load(make_dossier(tmp_path, files)).index
    [question] = questions(index).of("one")
    assert question.message.startswith("carried by a single article")
    row = RowRenderer(index, None, lines=STATEMENT_HEIGHT)(Row("one"), 80).plain
    assert QUESTIONED not in row
    assert "• carried by a single article" in detail(index, "one").plain


def test_an_article_row_shows_its_reliability(tmp_path: Path) -> None:
    index = load(marked(tmp_path)).index
    draw = RowRenderer(index)
    assert draw(Row("a"), 60).plain.startswith("B First Wire, 16 May 2025")
    assert draw(Row("b"), 60).plain.startswith("Second Wire, 16 May 2025")


async def test_the_detail_pane_gives_the_grade_each_reports_letter_and_the_questions(
    tmp_path: Path,
) -> None:
    root = marked(tmp_path)
    app = ParleyApp(root, load(root), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")  # the claims, "ok" first
        await pilot.pause()
        shown = app.screen.query_one(DetailPane).content.plain
        assert "Grade: B?: best source usually reliable, credibility not graded" in shown
        assert "Questions about the sources" not in shown
        await pilot.press("j")
        await pilot.pause()
        shown = app.screen.query_one(DetailPane).content.plain
        assert "Grade: B2: best source usually reliable, probably true" in shown
        assert "• First Wire, 16 May 2025  B\n" in shown
        assert "• Second Wire, 16 May 2025\n" in shown
        assert (
            "Questions about the sources (1)\n"
            f"{QUESTIONED} a quote whose words appear in none of its excerpts" in shown
        )


def test_help_explains_the_marker_and_the_badge() -> None:
    text = help_content().plain
    assert f"  {QUESTIONED}" in text and "an editor would question its sources" in text
    assert "B2" in text and "its grade: best source A-F, credibility 1-6" in text
    assert f"{QUESTIONED}questioned" in LEGEND


def test_an_articles_detail_gives_its_grade_side_and_questions(tmp_path: Path) -> None:
    undated = (
        'title = "Talks end"\noutlet_kind = "state media"\naffiliation = "russia"\n'
        'reliability = "D"\nlanguage = "en"\n[unknown]\noutlet = "Not named."\n'
        'published = "No date."\nauthors = "None."\nurl = "None."\n'
    )
    files = {"articles/a.toml": undated, "claims/c.toml": claim(("a", "Good, he said."))}
    index = load(make_dossier(tmp_path, files)).index
    shown = detail(index, "a").plain
    assert "Affiliation: Russia\nReliability: D: not usually reliable\n" in shown
    assert (
        "Questions about the sources (2)\n"
        f"{QUESTIONED} no date of publication: an editor cannot tell when it was written\n"
        f"{QUESTIONED} no outlet: an editor cannot tell who published it\n"
    ) in shown
