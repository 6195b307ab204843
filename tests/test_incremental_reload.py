"""A reload after a one-file edit of any kind gives what a full load of the folder gives.

Each edit below is applied in turn to one copy of the frozen dossier (so later
edits start from what the earlier reloads made), and after each the reloaded
dossier is compared with a fresh ``load``: every problem with its message, line
and related notes, and every answer of the index.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.dossier.check import Dossier, assemble, references
from parley.dossier.index import Index
from parley.dossier.load import load, reload
from parley.dossier.model import Kind
from parley.dossier.problems import Problem
from parley.dossier.search import SearchIndex
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged, DossierOpened

from .conftest import DOSSIERS, FIXTURES, Messages


def _problem(problem: Problem) -> tuple[Any, ...]:
    related = tuple(_problem(p) for p in problem.related)
    return (
        str(problem.path),
        problem.line,
        problem.col,
        problem.severity,
        problem.message,
        problem.record_id,
        related,
    )


def answers(dossier: Dossier) -> dict[str, Any]:
    """Everything a user can see of a dossier: its problems and each answer of its index."""
    index = dossier.index
    seen: dict[str, Any] = {
        "problems": [_problem(p) for p in dossier.problems],
        "stale": sorted(dossier.stale),
        "ids": {kind: list(index.ids(kind)) for kind in Kind},
        "records": {i: index.get(i) for i in sorted(index.records)},
        "paths": {i: index.path(i) for i in sorted(index.records)},
        "disputes": [(d.topic, d.claims) for d in index.disputes()],
        "sides": index.sides(),
        "most quoted": index.most_quoted_person(),
        "archives": sorted(dossier.archives),
    }
    for record_id in sorted(index.records):
        seen[record_id] = (
            index.claims_by_person(record_id),
            index.claims_relayed_by(record_id),
            index.claims_reported_by(record_id),
            index.claims_of_round(record_id),
            index.people_of_round(record_id),
            index.rounds_of_person(record_id),
            index.contradictions(record_id),
            index.citation_count(record_id),
            index.articles_reporting(record_id),
            index.claim_date(record_id),
            index.round_date(record_id),
            dossier.problems_of(record_id),
        )
    return seen


def assert_same(reloaded: Dossier, folder: Path) -> None:
    """``reloaded`` is what a load gives; or, while a file keeps its last good record (which
    a fresh load cannot know), what checking all the same files again gives."""
    full = load(folder)
    assert sorted(reloaded.files) == sorted(full.files)
    if any(parsed.stale for parsed in reloaded.files.values()):
        full = assemble(reloaded.root, dict(reloaded.files), absolute=reloaded.absolute)
    for record_id, record in reloaded.index.records.items():  # what a reload looks at again
        for _, ref, _ in references(record):
            assert record_id in reloaded.index.referrers(ref), (record_id, ref)
    fresh, mine = answers(full), answers(reloaded)
    assert mine.keys() == fresh.keys()
    for key in fresh:
        assert mine[key] == fresh[key], key


# -- edits ---------------------------------------------------------------------------

Edit = Callable[[Path], list[Path]]


def _set(path: Path, key: str, value: str) -> list[Path]:
    """Set a top-level ``key = value`` line (added after the first line when missing)."""
    text = path.read_text("utf-8")
    line = re.compile(rf"^{key} = .*$", re.M)
    if line.search(text):
        text = line.sub(lambda _: f"{key} = {value}", text, count=1)
    else:
        head, _, rest = text.partition("\n")
        text = f"{head}\n{key} = {value}\n{rest}"
    path.write_text(text, "utf-8")
    return [path]


def _append(path: Path, text: str) -> list[Path]:
    path.write_text(path.read_text("utf-8") + text, "utf-8")
    return [path]


def _claim(folder: Path, name: str) -> Path:
    return folder / "claims" / f"{name}.toml"


def _move(source: Path, target: Path) -> list[Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    source.rename(target)
    return [source, target]


def _remove(path: Path) -> list[Path]:
    path.unlink()
    return [path]


def _write(path: Path, text: str) -> list[Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return [path]


BACKGROUND = "kyslytsia-they-know-our-background"
NEW_CLAIM = """speaker = "serhii-kyslytsia"
type = "paraphrase"
text = "A claim made in the test."
round = "istanbul-2025-06"
contested = ["a-point-of-the-test", "ceasefire-agreed"]
contradicts = ["kyslytsia-they-know-our-background"]

[[reported_by]]
article = "sputnik-2025-05-16"
excerpt = "made in the test"
"""

EDITS: dict[str, Edit] = {
    "claim wording": lambda f: _set(_claim(f, BACKGROUND), "text", '"Other words."'),
    "claim speaker": lambda f: _set(_claim(f, BACKGROUND), "speaker", '"rustem-umerov"'),
    "claim speaker nobody": lambda f: _set(_claim(f, BACKGROUND), "speaker", '"rustem-umerof"'),
    "claim round": lambda f: _set(_claim(f, BACKGROUND), "round", '"istanbul-2025-06"'),
    "claim date": lambda f: _set(_claim(f, BACKGROUND), "said_on", "2020-01-02"),
    "claim contested": lambda f: _set(_claim(f, BACKGROUND), "contested", '["ceasefire-agreed"]'),
    "report added": lambda f: _append(
        _claim(f, BACKGROUND),
        '\n[[reported_by]]\narticle = "pism-bulletin-2025-05-20"\nexcerpt = "background"\n',
    ),
    "new claim": lambda f: _write(_claim(f, "a-new-claim"), NEW_CLAIM),
    "claim contradicts": lambda f: _set(
        _claim(f, BACKGROUND), "contradicts", '["a-new-claim", "no-such-claim"]'
    ),
    "claim invalid": lambda f: _write(_claim(f, "a-new-claim"), NEW_CLAIM + "text = [\n"),
    "claim invalid again": lambda f: _write(_claim(f, "a-new-claim"), "speaker = 3\n"),
    "claim mended": lambda f: _write(_claim(f, "a-new-claim"), NEW_CLAIM),
    "claim deleted": lambda f: _remove(_claim(f, "a-new-claim")),
    "claim renamed": lambda f: _move(_claim(f, BACKGROUND), _claim(f, "renamed-claim")),
    "claim renamed back": lambda f: _move(_claim(f, "renamed-claim"), _claim(f, BACKGROUND)),
    "duplicate id": lambda f: _write(
        f / "claims" / "more" / f"{BACKGROUND}.toml",
        NEW_CLAIM.replace("in the test", "in the copy").replace(f'["{BACKGROUND}"]', "[]"),
    ),
    "duplicate broken": lambda f: _write(f / "claims" / "more" / f"{BACKGROUND}.toml", "x = [\n"),
    "duplicate's first removed": lambda f: _move(_claim(f, BACKGROUND), f / "claims.bak"),
    "first back": lambda f: _move(f / "claims.bak", _claim(f, BACKGROUND)),
    "duplicate removed": lambda f: _remove(f / "claims" / "more" / f"{BACKGROUND}.toml"),
    "person renamed": lambda f: _set(f / "people" / "rustem-umerov.toml", "name", '"R. Umerov"'),
    "alias added": lambda f: _set(
        f / "people" / "rustem-umerov.toml", "aliases", '["Umerov", "Умєров"]'
    ),
    "person side": lambda f: _set(f / "people" / "rustem-umerov.toml", "side", '"mediator"'),
    "person removed": lambda f: _move(f / "people" / "rustem-umerov.toml", f / "umerov.bak"),
    "person broken": lambda f: _write(f / "people" / "rustem-umerov.toml", "name = [\n"),
    "person back": lambda f: _move(f / "umerov.bak", f / "people" / "rustem-umerov.toml"),
    "article date": lambda f: _set(
        f / "articles" / "sputnik-2025-05-16.toml", "published", "2019-01-01"
    ),
    "article removed": lambda f: _move(
        f / "articles" / "pism-bulletin-2025-05-20.toml", f / "pism.bak"
    ),
    "article back": lambda f: _move(
        f / "pism.bak", f / "articles" / "pism-bulletin-2025-05-20.toml"
    ),
    "archive added": lambda f: [
        *_write(f / "archives" / "sputnik-2025-05-16.md", "Medinsky said the talks went well.\n"),
        *_set(
            f / "articles" / "sputnik-2025-05-16.toml",
            "archive",
            '"archives/sputnik-2025-05-16.md"',
        ),
    ],
    "archive edited": lambda f: _write(
        f / "archives" / "sputnik-2025-05-16.md", "Other words.\n\nmade in the test\n"
    ),
    "round date": lambda f: _set(f / "rounds" / "istanbul-2025-06.toml", "date", "2021-03-04"),
    "round chair": lambda f: _set(
        f / "rounds" / "istanbul-2025-06.toml", "chair", '"rustem-umerov"'
    ),
    "round removed": lambda f: _remove(f / "rounds" / "istanbul-2025-06.toml"),
    "file outside the folders": lambda f: _write(f / "stray" / "rustem-umerov.toml", "x = 1\n"),
    "claim under a person's name": lambda f: _write(
        _claim(f, "hakan-fidan"), NEW_CLAIM.replace("in the test", "in a name")
    ),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "d"
    shutil.copytree(DOSSIERS, copy)
    return copy


@pytest.mark.long
def test_every_kind_of_edit_reloads_as_a_full_load_would(folder: Path) -> None:
    dossier = load(folder)
    search = SearchIndex(dossier.index)
    for name, edit in EDITS.items():
        paths = edit(folder)
        dossier, changed = reload(dossier, paths)
        assert changed, name
        assert dossier.changed_ids is not None
        search = search.updated(dossier.index, dossier.changed_ids)
        try:
            assert_same(dossier, folder)
            assert_same_search(search, SearchIndex(dossier.index))
        except AssertionError as error:
            raise AssertionError(f"after {name!r}: {error}") from error


QUERIES = [
    *("kyslytsia umerov r-umerov Умєров other-words test the-test claim ceasefire").split(),
    *("istanbul sputnik background renamed times medinsky rustem ukraine mediator").split(),
    *("a-new-claim bulletin fidan umerof kislitsa russia-intent round pism").split(),
]


def assert_same_search(updated: SearchIndex, fresh: SearchIndex) -> None:
    """Every query finds the same records, in the same order, by the same field."""
    picks = [None, *(frozenset({kind}) for kind in Kind), frozenset({Kind.CLAIM, Kind.PERSON})]
    for kinds in picks:
        if kinds is not None:
            for limit in (3, 50):
                assert updated.search("", limit, kinds) == fresh.search("", limit, kinds)
        for query in QUERIES:
            words = query.replace("-", " ")
            for limit in (2, 50):
                mine, theirs = (
                    updated.search(words, limit, kinds),
                    fresh.search(words, limit, kinds),
                )
                assert mine == theirs, (words, limit, kinds)


@pytest.mark.long
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=6))
def test_any_sequence_of_edits_reloads_as_a_full_load_would(
    tmp_path_factory: pytest.TempPathFactory, names: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("d") / "d"
    shutil.copytree(DOSSIERS, folder)
    dossier = load(folder)
    search = SearchIndex(dossier.index)
    for name in names:
        try:
            paths = EDITS[name](folder)
        except OSError:
            continue  # an edit that needs an earlier one (a file to move back)
        dossier, changed = reload(dossier, paths)
        if changed:  # else the same dossier (an archive no article names yet)
            assert dossier.changed_ids is not None
            search = search.updated(dossier.index, dossier.changed_ids)
    assert_same(dossier, folder)
    assert_same_search(search, SearchIndex(dossier.index))


def test_search_finds_the_new_wording_and_not_the_old_right_after_a_reload(
    folder: Path,
) -> None:
    dossier = load(folder)
    search = SearchIndex(dossier.index)
    assert [h.record_id for h in search.search("quite nasty")] == [BACKGROUND]
    claim = _claim(folder, BACKGROUND)
    claim.write_text(claim.read_text("utf-8").replace("quite nasty", "rather very rude"), "utf-8")
    dossier, _ = reload(dossier, [claim])
    assert dossier.changed_ids == frozenset({BACKGROUND})
    search = search.updated(dossier.index, dossier.changed_ids)
    assert [h.record_id for h in search.search("rather very rude")] == [BACKGROUND]
    assert search.search("quite nasty") == []
    assert search.search("rather very rude") == SearchIndex(dossier.index).search(
        "rather very rude"
    )


def test_edits_beside_broken_files_reload_as_a_full_load_would(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    shutil.copytree(FIXTURES / "broken", folder)
    dossier = load(folder)
    claims = folder / "claims"
    edits: list[Callable[[], list[Path]]] = [
        lambda: _write(claims / "syntax.toml", 'speaker = "jane-speaker"\ntype = "quote"\n'),
        lambda: _write(claims / "syntax.toml", "speaker = [\n"),
        lambda: _write(claims / "good-claim.toml", "text = [\n"),
        lambda: _write(folder / "people" / "lonely.toml", "name = 3\n"),
        lambda: _remove(claims / "nested" / "good-claim.toml"),
        lambda: _write(folder / "people" / "jane-speakr.toml", 'name = "J"\nside = "x"\n'),
    ]
    for n, edit in enumerate(edits):
        dossier, _ = reload(dossier, edit())
        try:
            assert_same(dossier, folder)
        except AssertionError as error:
            raise AssertionError(f"after edit {n}: {error}") from error


async def test_the_app_searches_the_new_wording_as_soon_as_a_reload_is_shown(
    folder: Path, messages: Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Search is brought up to date with the reload, not rebuilt (3 s at 100k claims)."""
    import parley.dossier.search

    built: list[Index] = []
    # The app imports SearchIndex where it builds one (after the first screen).
    monkeypatch.setattr(parley.dossier.search, "SearchIndex", lambda index: built.append(index))
    app = ParleyApp(folder, load(folder), watch=False)
    async with app.run_test(message_hook=messages) as pilot:
        await messages.wait(DossierOpened)
        assert app.dossier is not None
        app._search_index = SearchIndex(app.dossier.index)  # as the app builds it after opening
        claim = _claim(folder, BACKGROUND)
        claim.write_text(
            claim.read_text("utf-8").replace("quite nasty", "rather very rude"), "utf-8"
        )
        mark = messages.mark()
        assert await app.refresh_dossier({claim})
        await messages.wait(DossierChanged, after=mark)
        await pilot.pause()
        search = app._search_index
        assert search is not None  # ready: `/` opens on it at once
        assert [h.record_id for h in search.search("rather very rude")] == [BACKGROUND]
        assert search.search("quite nasty") == []
        assert_same_search(search, SearchIndex(app.dossier.index))
        assert app.dossier.index not in built


def test_an_editors_scratch_file_beside_an_edit_does_not_make_a_reload_walk_the_folder(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """vim checks a folder is writable with a file named 4913: the watcher reports it too."""
    import parley.dossier.reload

    dossier = load(folder)
    claim = _set(_claim(folder, BACKGROUND), "text", '"Saved from vim."')[0]
    scratch = folder / "claims" / "4913"
    scratch.write_text("", "utf-8")
    scratch.unlink()

    def walk(*_: object, **__: object) -> list[Path]:
        raise AssertionError("walked every file for a one-file edit")

    monkeypatch.setattr(parley.dossier.reload, "discover", walk)
    dossier, changed = reload(dossier, [claim, scratch])
    assert changed == {claim}
    assert dossier.index.get(BACKGROUND).text == "Saved from vim."  # type: ignore[union-attr]
    monkeypatch.undo()
    # A folder that went (renamed away) is still looked for everywhere.
    (folder / "rounds").rename(folder / "meetings")
    dossier, changed = reload(dossier, [folder / "rounds"])
    assert dossier.index.ids(Kind.ROUND) == []
    assert_same(dossier, folder)
