"""What an editor would ask of the sources: each question, and ``parley check --sources``."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path

import pytest

from parley.cli import main
from parley.dossier.load import load
from parley.dossier.locate import KeyMap
from parley.dossier.sources import _simple_position, questions

from .conftest import DOSSIERS
from .test_grades import article, claim, make_dossier

EXCERPT = "The mood is good, Medinsky said."


def asked(root: Path, record_id: str) -> list[str]:
    """The questions about one record of the dossier at ``root``."""
    dossier = load(root)
    assert dossier.errors == []
    return [q.message for q in questions(dossier.index).of(record_id)]


def two_sources(tmp_path: Path, claim_text: str = "The mood is good.", **articles: str) -> Path:
    """A quote reported by two articles (a and b), each given as a file text."""
    files = {
        "articles/a.toml": articles.get("a", article("First Wire")),
        "articles/b.toml": articles.get("b", article("Second Wire")),
        "claims/c.toml": claim(("a", EXCERPT), ("b", EXCERPT), text=claim_text),
    }
    return make_dossier(tmp_path, files)


# -- a single article ------------------------------------------------------------


def test_a_statement_carried_by_a_single_article_is_questioned(tmp_path: Path) -> None:
    root = make_dossier(
        tmp_path, {"articles/a.toml": article(), "claims/c.toml": claim(("a", EXCERPT))}
    )
    assert asked(root, "c") == [
        "carried by a single article (Example Wire, 16 May 2025): find a second source"
    ]


def test_two_excerpts_of_one_article_are_still_a_single_article(tmp_path: Path) -> None:
    twice = claim(("a", EXCERPT), ("a", "Good, he said."))
    root = make_dossier(tmp_path, {"articles/a.toml": article(), "claims/c.toml": twice})
    assert [q.split(" (")[0] for q in asked(root, "c")] == ["carried by a single article"]


def test_a_statement_with_two_articles_is_not(tmp_path: Path) -> None:
    assert asked(two_sources(tmp_path), "c") == []


def test_an_article_in_its_own_voice_is_its_own_source(tmp_path: Path) -> None:
    own = 'narrator = "a"\ntype = "paraphrase"\ntext = "The talks failed."\n'
    root = make_dossier(tmp_path, {"articles/a.toml": article(), "claims/c.toml": own})
    assert asked(root, "c") == []


# -- one side's state media ------------------------------------------------------------


def state(outlet: str, side: str | None) -> str:
    return article(outlet, f'affiliation = "{side}"\n' if side else "", kind="state media")


def test_a_statement_only_one_sides_state_media_carry_is_questioned(tmp_path: Path) -> None:
    root = two_sources(tmp_path, a=state("Agency One", "russia"), b=state("Agency Two", "russia"))
    assert asked(root, "c") == [
        "its only sources are Russia's state media: find an independent source"
    ]


@pytest.mark.parametrize(
    ("second", "why"),
    [
        (article("Second Wire"), "an independent outlet carries it too"),
        (state("Agency Two", "ukraine"), "two sides' state media carry it"),
        (state("Agency Two", None), "the second outlet's side is not recorded"),
    ],
)
def test_state_media_with_another_source_are_not(tmp_path: Path, second: str, why: str) -> None:
    root = two_sources(tmp_path, a=state("Agency One", "russia"), b=second)
    assert asked(root, "c") == [], why


# -- quotes not in their excerpts ---------------------------------------------------


def test_a_quote_in_none_of_its_excerpts_is_questioned(tmp_path: Path) -> None:
    root = two_sources(tmp_path, claim_text="The mood is excellent.")
    assert asked(root, "c") == [
        "a quote whose words appear in none of its excerpts: check the words against "
        "the articles, or call it a paraphrase"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The mood is good.",
        "the MOOD is   good",  # case and spaces
        "“The mood — is good”",  # quotation marks and dashes are not words
        "The mood … good",  # an ellipsis leaves words out
        "The mood [after the talks] is good",  # brackets add the quoter's words
    ],
)
def test_a_quote_found_in_an_excerpt_is_not(tmp_path: Path, text: str) -> None:
    assert asked(two_sources(tmp_path, claim_text=text), "c") == []


def test_apostrophes_and_dashes_of_any_kind_match(tmp_path: Path) -> None:
    excerpt = "“Russia’s position – as before – is firm,” he said."
    files = {
        "articles/a.toml": article("First Wire"),
        "articles/b.toml": article("Second Wire"),
        "claims/c.toml": claim(
            ("a", excerpt), ("b", excerpt), text="Russia's position - as before"
        ),
    }
    assert asked(make_dossier(tmp_path, files), "c") == []


def test_a_paraphrase_need_not_match_its_excerpt(tmp_path: Path) -> None:
    root = two_sources(tmp_path)
    path = root / "claims/c.toml"
    path.write_text(
        path.read_text().replace('type = "quote"', 'type = "paraphrase"').replace("good", "fine")
    )
    assert asked(root, "c") == []


# -- articles without a date or an outlet --------------------------------------------


def test_an_article_without_a_date_or_an_outlet_is_questioned(tmp_path: Path) -> None:
    bare = (
        'title = "Talks end"\nlanguage = "en"\n[unknown]\noutlet = "Not named."\n'
        'outlet_kind = "Not named."\npublished = "No date."\nauthors = "None."\nurl = "None."\n'
    )
    root = two_sources(tmp_path, a=bare)
    assert asked(root, "a") == [
        "no date of publication: an editor cannot tell when it was written",
        "no outlet: an editor cannot tell who published it",
    ]
    assert asked(root, "b") == []


# -- names spelt differently --------------------------------------------------------


def credited(tmp_path: Path, credit: str, aliases: str = '["Medinsky"]') -> Path:
    root = two_sources(tmp_path)
    path = root / "claims/c.toml"
    path.write_text(f'credited_as = "{credit}"\n' + path.read_text())
    person = f'name = "Vladimir Medinsky"\naliases = {aliases}\nside = "russia"\n'
    (root / "people/medinsky.toml").write_text(person)
    return root


@pytest.mark.parametrize(
    ("credit", "name", "recorded"),
    [
        ("Vladimir Medinskiy", "Vladimir Medinskiy", "Vladimir Medinsky"),
        ("head of delegation Vladimir Medinskij", "Vladimir Medinskij", "Vladimir Medinsky"),
        ("aide Medinskiy", "Medinskiy", "Medinsky"),
        ("Мединский", "Мединский", "Medinsky"),  # a transliteration
    ],
)  # fmt: skip
def test_a_name_spelt_another_way_without_an_alias_is_questioned(
    tmp_path: Path, credit: str, name: str, recorded: str
) -> None:
    assert asked(credited(tmp_path, credit), "c") == [
        f"credited as {name!r}, which differs from {recorded!r} only by spelling: "
        "add it to the aliases of 'medinsky', or correct it"
    ]


@pytest.mark.parametrize(
    ("credit", "aliases"),
    [
        ("the head of the Russian delegation Vladimir Medinsky", '["Medinsky"]'),
        ("Medinsky's team", '["Medinsky"]'),
        ("Vladimir Medinskiy", '["Medinsky", "Vladimir Medinskiy"]'),  # recorded
        ("Мединский", '["Мединский"]'),
        ("the head of the Russian delegation", '["Medinsky"]'),  # no name at all
        ("Vladimir Putin", "[]"),  # another name, not a spelling
    ],
)
def test_a_recorded_spelling_or_another_name_is_not(
    tmp_path: Path, credit: str, aliases: str
) -> None:
    assert asked(credited(tmp_path, credit, aliases), "c") == []


# -- the command line -------------------------------------------------------------


def test_check_sources_lists_the_questions_as_warnings_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = two_sources(tmp_path, claim_text="The mood is excellent.")
    assert main(["check", str(root)]) == 0
    plain = capsys.readouterr().out
    assert "excerpts" not in plain
    assert plain.splitlines()[-1].endswith("0 errors, 0 warnings")

    assert main(["check", "--sources", str(root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"{root}/claims/c.toml:3:1: warning: a quote whose words appear in none" in lines[0]
    assert lines[-1].endswith("0 errors, 0 warnings; 1 question about sources")


def test_check_sources_json_keeps_questions_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = two_sources(tmp_path, claim_text="The mood is excellent.")
    assert main(["check", "--sources", "--format", "json", str(root)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["warnings"] == 0 and report["problems"] == []
    [question] = report["sources"]
    assert (question["id"], question["severity"], question["line"]) == ("c", "warning", 3)
    assert main(["check", "--format", "json", str(root)]) == 0
    assert "sources" not in json.loads(capsys.readouterr().out)


def test_check_sources_still_fails_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = two_sources(tmp_path)
    (root / "claims/broken.toml").write_text('type = "quote"\n')
    assert main(["check", "--sources", str(root)]) == 1


def test_check_sources_on_the_frozen_dossier(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--sources", str(DOSSIERS)]) == 0
    out = capsys.readouterr().out
    assert "sputnik-2025-05-16.toml:" in out and "warning: no outlet" in out
    assert "0 errors, 7 warnings; 67 questions about sources" in out.splitlines()[-1]


def test_check_help_names_the_flag_and_the_exit_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "--sources also list what an editor would ask of the sources" in out
    assert "exit status: 0 no error (warnings and questions about sources do not count)" in out


def test_the_questions_of_an_index_go_with_it(tmp_path: Path) -> None:
    """A reload replaces the index: the questions kept for the old one must not keep it."""
    index = load(two_sources(tmp_path, claim_text="The mood is excellent.")).index
    assert questions(index).of("c")
    assert questions(index) is questions(index)
    gone = weakref.ref(index)
    del index
    gc.collect()
    assert gone() is None


TRICKY = [
    'speaker = "m"\ntext = "a"\n[[reported_by]]\narticle = "a"\n',
    '  text   = "indented"\n\n[[ reported_by ]]\narticle = "a"\n',
    "notes = '''\ntext = not a key\n[[reported_by]]\n'''\ntext = \"real\"\n[[reported_by]]\n",
    'notes = """\n[unknown]\noutlet = "no"\n"""\n[unknown]\noutlet = "yes"\n',
    '[unknown] # why\npublished = "x"\noutlet = "y"\n',
    '[unknown]\npublished = "x"\n[other]\noutlet = "y"\n',
    'unknown.outlet = "dotted"\ntitle = "t"\n',
    '[[reported_by]]\ntext = "inside a table"\n',
    'aliases = [\n  "a",\n]\ncredited_as = "after an array"\n',
]
LOCS = [("text",), ("reported_by",), ("credited_as",), ("unknown", "outlet"), ("published",)]


@pytest.mark.parametrize("text", TRICKY)
def test_the_quick_way_to_a_keys_line_agrees_with_the_full_scan(text: str) -> None:
    keys = KeyMap(text)
    for loc in LOCS:
        quick = _simple_position(text, loc)
        assert quick is None or quick == keys.locate(loc), loc


def test_the_quick_way_answers_plainly_written_files() -> None:
    assert _simple_position(TRICKY[0], ("text",)) == (2, 1)
    assert _simple_position(TRICKY[1], ("reported_by",)) == (3, 1)
    assert _simple_position(TRICKY[4], ("unknown", "outlet")) == (3, 1)
