"""Property: every record parley writes loads back equal, field by field."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.dossier.load import load
from parley.dossier.model import Claim, Kind
from parley.files.ids import DEVICE_NAMES
from parley.files.records import _plain, append_report, create_record, validate_record
from parley.present.forms import check_form

SETTINGS = settings(max_examples=120, deadline=None)
FEWER = settings(max_examples=80, deadline=None)  # each example appends and loads several times

# Ids drawn as words joined by hyphens: much cheaper for hypothesis than a regex.
words = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
ids = st.lists(words, min_size=1, max_size=3).map("-".join)
# Pieces that have broken TOML writers, mixed with any text: line endings, quotes, escapes.
TRICKY = ["\r\n", "\r", "\n", "\t", '"', "'", "\\", "'''", '"""', " ", "\x00", "\x1b", "\u2028"]
any_text = st.lists(st.sampled_from(TRICKY) | st.text(max_size=6), max_size=8).map("".join)
texts = any_text.filter(lambda s: bool(s.strip()))
Draw = Callable[[st.SearchStrategy[Any]], Any]


@pytest.fixture(autouse=True, scope="module")
def _no_fsync() -> Iterator[None]:
    """Durability is not what these tests look at, and each fsync costs the disk ~10 ms."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", lambda fd: None)
        yield


def _maybe(draw: Draw, data: dict[str, Any], key: str, values: st.SearchStrategy[Any]) -> None:
    """Give ``key`` a value half the time."""
    if draw(st.booleans()):
        data[key] = draw(values)


def _given_or_unknown(draw: Draw, data: dict[str, Any], key: str, values: Any) -> None:
    """A key the model lets be explained under [unknown]: give it, or say why it is not."""
    if draw(st.booleans()):
        data[key] = draw(values)
    else:
        data.setdefault("unknown", {})[key] = draw(texts)


@st.composite
def claims(draw: Draw, reports: bool = True) -> dict[str, Any]:
    who = draw(st.sampled_from(["speaker", "side", "narrator"]))
    data: dict[str, Any] = {who: draw(ids), "type": draw(st.sampled_from(["quote", "paraphrase"]))}
    data["text"] = draw(texts)
    for key in ("credited_as", "occasion", "notes"):
        _maybe(draw, data, key, any_text)
    for key in ("via", "round"):
        _maybe(draw, data, key, ids)
    _maybe(draw, data, "said_on", st.dates())
    for key in ("topics", "contested"):
        _maybe(draw, data, key, st.lists(ids, unique=True, max_size=4))
    _maybe(draw, data, "contradicts", st.lists(ids.filter(lambda i: i != "written"), unique=True))
    if reports:
        report = st.fixed_dictionaries({"article": ids, "excerpt": texts})
        _maybe(draw, data, "reported_by", st.lists(report, max_size=3))
    return data


@st.composite
def people(draw: Draw) -> dict[str, Any]:
    data: dict[str, Any] = {"name": draw(texts), "side": draw(ids)}
    _maybe(draw, data, "aliases", st.lists(texts, unique=True, max_size=3))
    role = st.fixed_dictionaries({"title": texts, "article": ids})
    _maybe(draw, data, "roles", st.lists(role, max_size=3))
    _maybe(draw, data, "notes", any_text)
    return data


@st.composite
def delegations(draw: Draw) -> dict[str, Any]:
    data: dict[str, Any] = {"side": draw(ids)}
    _maybe(draw, data, "head", ids)
    _maybe(draw, data, "members", st.lists(ids, unique=True, min_size=1, max_size=3))
    _maybe(draw, data, "articles", st.lists(ids, min_size=1, max_size=3))
    return data


@st.composite
def rounds(draw: Draw) -> dict[str, Any]:
    data: dict[str, Any] = {"title": draw(texts), "place": draw(texts)}
    _given_or_unknown(draw, data, "date", st.dates())
    for key in ("when", "venue", "notes"):
        _maybe(draw, data, key, any_text)
    _maybe(draw, data, "chair", ids)
    groups = st.lists(delegations(), max_size=3, unique_by=lambda d: d["side"])
    _maybe(draw, data, "delegations", groups)
    _maybe(draw, data, "articles", st.lists(ids, unique=True, max_size=3))
    return data


@st.composite
def articles(draw: Draw) -> dict[str, Any]:
    data: dict[str, Any] = {"title": draw(texts)}
    data["language"] = draw(st.sampled_from(["en", "uk", "ru", "tr", "en-GB", "zh-Hant-TW"]))
    _given_or_unknown(draw, data, "outlet", texts)
    kinds = ["state media", "independent", "think tank", "news agency", "other"]
    _given_or_unknown(draw, data, "outlet_kind", st.sampled_from(kinds))
    _given_or_unknown(draw, data, "published", st.dates())
    _given_or_unknown(draw, data, "authors", st.lists(texts, unique=True, min_size=1, max_size=3))
    _given_or_unknown(draw, data, "url", texts)
    _maybe(draw, data, "notes", any_text)
    return data


records = st.one_of(
    st.tuples(st.just(Kind.CLAIM), claims()),
    st.tuples(st.just(Kind.PERSON), people()),
    st.tuples(st.just(Kind.ROUND), rounds()),
    st.tuples(st.just(Kind.ARTICLE), articles()),
)


def assert_loads_as_written(record: Any, kind: Kind, data: dict[str, Any]) -> None:
    """The loaded record is the one ``data`` makes, and every given value is in it unchanged."""
    assert record == validate_record(kind, data, record.id)
    for key, value in data.items():
        if value in (None, "", [], {}):
            assert not getattr(record, key)  # empty values are not written
        else:
            assert _plain(getattr(record, key)) == _plain(value), key


@pytest.mark.long
@SETTINGS
@given(records)
def test_every_new_record_loads_back_equal(case: tuple[Kind, dict[str, Any]]) -> None:
    kind, data = case
    with tempfile.TemporaryDirectory() as folder:
        create_record(folder, kind, data, "written")
        record = load(folder).index.get("written")
        assert record is not None and record.kind is kind
        assert_loads_as_written(record, kind, data)


CRLF_CLAIM = '#:schema ../schema/claim.json\r\nside = "russia"\r\ntype = "quote"\r\ntext = "x"\r\n'
INLINE_CLAIM = 'side = "russia"\ntype = "quote"\ntext = "x"\nreported_by = [\n  { article = "a0", excerpt = "first" },\n]\n'  # noqa: E501


@FEWER
@given(
    st.one_of(claims(reports=False), st.just(CRLF_CLAIM), st.just(INLINE_CLAIM)),
    st.lists(st.tuples(ids, texts), min_size=1, max_size=3, unique_by=lambda r: r[0]),
)
def test_every_appended_report_loads_back_equal(
    base: dict[str, Any] | str, added: list[tuple[str, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        if isinstance(base, str):
            path = Path(folder, "claims", "written.toml")
            path.parent.mkdir()
            path.write_bytes(base.encode())
        else:
            path = create_record(folder, Kind.CLAIM, base, "written")
        before = load(folder).index.get("written")
        assert isinstance(before, Claim)
        for article, excerpt in added:
            if any(r.article == article for r in before.reported_by):
                continue
            old = path.read_bytes()
            new_text = append_report(path, article, excerpt, expected_bytes=old)
            assert new_text.encode() == path.read_bytes()
            after = load(folder).index.get("written")
            assert isinstance(after, Claim)
            assert after.model_dump(exclude={"reported_by"}) == before.model_dump(
                exclude={"reported_by"}
            )
            assert [(r.article, r.excerpt) for r in after.reported_by] == [
                *((r.article, r.excerpt) for r in before.reported_by),
                (article, excerpt),
            ]
            before = after


@SETTINGS
@given(texts, any_text, any_text)
def test_what_is_typed_into_the_form_is_what_loads(text: str, notes: str, credited: str) -> None:
    """Long fields lose only their line breaks at the ends; one-line fields their spaces.

    A field of nothing but white space counts as left empty.
    """
    with tempfile.TemporaryDirectory() as folder:
        values = {"side": "russia", "type": "quote", "text": text, "notes": notes}
        values["credited_as"] = credited
        result = check_form(Kind.CLAIM, values, load(folder).index)
        assert result.ok, result.errors
        assert result.record_id not in DEVICE_NAMES
        create_record(folder, Kind.CLAIM, result.data, result.record_id)
        record = load(folder).index.get(result.record_id)
        assert isinstance(record, Claim)
        assert record.text == text.strip("\r\n")
        assert record.notes == (notes.strip("\r\n") if notes.strip() else None)
        assert record.credited_as == (credited.strip() or None)
