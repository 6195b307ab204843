"""Loaded records share what repeats, and sharing changes nothing a user sees.

A 100,000-claim folder fits in a few hundred MB only because equal values are one
object (``dossier/compact.py``). Each test pins one sharing the memory figures in
the README rely on; the last ones show the records, exports and writes are what
they were without it.
"""

from __future__ import annotations

import asyncio
import platform
import sys
from pathlib import Path

import pytest

from parley.dossier import read
from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Claim, Kind
from parley.export.formats import FORMATS
from parley.export.scope import Scope
from tests.conftest import DOSSIERS

CLAIM = """\
speaker = "ana-petrova"
type = "quote"
text = "We will return {n} to the table."
said_on = 2025-05-16
topics = ["ceasefire"]

[[reported_by]]
article = "tass-one"
excerpt = "We will return {n} to the table."
"""


def two_claims(tmp_path: Path) -> tuple[Claim, Claim]:
    """Two claims by one speaker, on one day, reported by one article, from separate files."""
    folder = tmp_path / "d"
    (folder / "claims").mkdir(parents=True)
    for n in (1, 2):
        (folder / "claims" / f"c{n}.toml").write_text(CLAIM.format(n=n), "utf-8")
    index = load(folder).index
    first, second = index.get_as("c1", Claim), index.get_as("c2", Claim)
    assert first is not None and second is not None
    return first, second


def test_claims_by_one_speaker_share_the_speaker_id_and_references(tmp_path: Path) -> None:
    first, second = two_claims(tmp_path)
    assert first.speaker == "ana-petrova"
    assert first.speaker is second.speaker
    assert first.topics[0] is second.topics[0]
    assert first.reported_by[0].article is second.reported_by[0].article


def test_records_with_the_same_keys_share_one_set_of_given_keys(tmp_path: Path) -> None:
    first, second = two_claims(tmp_path)
    assert first.model_fields_set == {"id", "speaker", "type", "text", "said_on", "topics",
                                      "reported_by"}  # fmt: skip
    assert first.model_fields_set is second.model_fields_set
    assert first.reported_by[0].model_fields_set is second.reported_by[0].model_fields_set


def test_equal_dates_are_one_date(tmp_path: Path) -> None:
    first, second = two_claims(tmp_path)
    assert first.said_on is not None
    assert first.said_on is second.said_on


def test_empty_lists_and_tables_are_one_read_only_object(tmp_path: Path) -> None:
    first, second = two_claims(tmp_path)
    assert first.contested == [] and first.unknown == {}
    assert first.contested is second.contested is first.contradicts
    assert first.unknown is second.inferred
    # Changing one record's empty list would change every record's: it refuses.
    with pytest.raises(TypeError):
        first.contested.append("ceasefire")
    with pytest.raises(TypeError):
        first.unknown["said_on"] = "not given"
    assert second.contested == [] and second.unknown == {}


def test_prose_is_kept_as_read_not_interned(tmp_path: Path) -> None:
    first, _ = two_claims(tmp_path)
    assert first.text == "We will return 1 to the table."
    assert first.reported_by[0].excerpt == first.text


def _load_unshared(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Index:
    with monkeypatch.context() as patch:
        patch.setattr(read, "compact", lambda record: record)
        return load(folder).index


def test_shared_records_equal_the_records_as_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = _load_unshared(monkeypatch, DOSSIERS)
    shared = load(DOSSIERS).index
    assert list(shared.records) == list(plain.records)
    for record_id, record in plain.records.items():
        twin = shared.records[record_id]
        assert twin == record
        assert twin.model_dump() == record.model_dump()
        assert twin.model_dump_json() == record.model_dump_json()
        assert twin.model_fields_set == record.model_fields_set


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_export_is_what_it_was_without_sharing(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    export = FORMATS[name].export
    plain = _load_unshared(monkeypatch, DOSSIERS)
    assert export(load(DOSSIERS).index, Scope()) == export(plain, Scope())


def test_a_shared_record_can_still_be_copied_with_a_change(tmp_path: Path) -> None:
    first, second = two_claims(tmp_path)
    changed = first.model_copy(update={"credited_as": "the minister"})
    assert "credited_as" in changed.model_fields_set
    assert "credited_as" not in second.model_fields_set  # the shared set is untouched
    assert "credited_as" not in first.model_fields_set


def test_files_are_listed_in_path_order_without_keeping_their_parts(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    names = ["claims/a-b/x.toml", "claims/a/x.toml", "claims/a.toml", "claims/a b.toml",
             "people/z.toml", "claims/a/b/c.toml", "claims/A.toml", "claims/é.toml"]  # fmt: skip
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("", "utf-8")
    found = read.discover(folder)
    assert found == sorted(folder / name for name in names)
    assert [read.kind_of(folder, path) for path in found[:2]] == [Kind.CLAIM, Kind.CLAIM]
    assert read.kind_of(folder, folder / "x.toml") is None
    assert read.kind_of(folder, folder / "people" / "z.toml") is Kind.PERSON
    assert read.kind_of(folder, tmp_path / "people" / "z.toml") is None


async def test_building_search_never_writes_the_whole_dossier_out_as_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A worker's description names its arguments; a dossier's repr is every record as
    # text: at 100,000 claims hundreds of MB and seconds of frozen keys, at every reload.
    import parley.dossier.search
    import parley.ui.app
    from parley.dossier.check import Dossier
    from parley.ui.app import ParleyApp

    written: list[int] = []

    def counted_repr(self: Dossier) -> str:
        written.append(len(self.files))
        return "Dossier(...)"

    monkeypatch.setattr(Dossier, "__repr__", counted_repr)
    monkeypatch.setattr(parley.ui.app, "SEARCH_INDEX_DELAY", 3600)  # built when this test says
    app = ParleyApp(DOSSIERS, load(DOSSIERS), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.dossier is not None
        worker = app._build_search_index(app.dossier)
        await asyncio.wait_for(worker.wait(), 30)
        assert app.search_index().search("kyslytsia")  # built, and it finds
    assert written == []


def test_folding_a_big_column_in_slices_folds_each_text_as_alone() -> None:
    from parley.dossier.search import fold, fold_many

    texts = [f"“Кислиця” said {n}: Sergey Kyslytsya, Zelenskyy’s envoy" for n in range(9000)]
    texts[4095:4098] = ["Dolmabahçe", "", "Serhiy   Oleh"]  # across a slice's edge
    assert fold_many(texts) == [fold(text) for text in texts]


async def test_reloads_quicker_than_search_builds_never_pile_up_builds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A cancelled build's thread runs on to its end: at 100,000 claims each build holds
    # hundreds of MB, so builds of dossiers already replaced must wait, then be skipped.
    import threading

    import parley.dossier.search
    import parley.ui.app
    from parley.ui.app import ParleyApp

    started: list[object] = []
    entered = [threading.Event() for _ in range(3)]
    release = threading.Event()

    class SlowSearch:
        def __init__(self, index: object) -> None:
            started.append(index)
            entered[len(started) - 1].set()
            release.wait(20)

    monkeypatch.setattr(parley.dossier.search, "SearchIndex", SlowSearch)  # imported when built
    monkeypatch.setattr(parley.ui.app, "SEARCH_INDEX_DELAY", 3600)  # built when this test says
    first, second, third = load(DOSSIERS), load(DOSSIERS), load(DOSSIERS)
    app = ParleyApp(DOSSIERS, first, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app._build_search_index(first)
        assert await asyncio.to_thread(entered[0].wait, 10)
        app.dossier = second  # reloaded while the first build runs
        app._build_search_index(second)
        # Before the fix the second build starts at once, beside the first.
        await asyncio.to_thread(entered[1].wait, 2)
        app.dossier = third  # and reloaded again
        last = app._build_search_index(third)
        release.set()
        await asyncio.wait_for(last.wait(), 30)
        assert started == [first.index, third.index]  # the replaced one was never built


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc's malloc arenas",
)
def test_threads_share_one_malloc_arena_so_reloads_leave_memory_flat() -> None:
    # Each reload runs in a new thread; with an arena each, glibc keeps what every
    # thread freed (benchmarks/bench_soak.py at 20k: +23 MB over 30 reloads, +2 MB with one).
    from parley.ui.app import one_malloc_arena

    assert one_malloc_arena()
