"""Source grades: reliability A-F on articles, credibility 1-6 on claims, and the badge."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.cli import main
from parley.dossier.grades import badge, best_reliability
from parley.dossier.load import load
from parley.dossier.model import Reliability

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
