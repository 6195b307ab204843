"""Writing record files: new records, added reports, and refusing to lose anything."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from parley.dossier.load import parse_file
from parley.dossier.model import Claim, Kind, is_valid_id
from parley.dossier.stamp import file_stamp
from parley.files import atomic, records
from parley.files.atomic import Expect, WriteRefused, atomic_write
from parley.files.ids import slugify, unique_id
from parley.files.records import (
    append_report,
    create_record,
    new_record_path,
    record_toml,
    validate_record,
)


def leftovers(folder: Path) -> list[str]:
    """Temporary files parley may have left anywhere under ``folder``."""
    return [p.name for p in folder.rglob("*") if atomic.TEMP_MARK in p.name]


CLAIM: dict[str, Any] = {
    "speaker": "serhii-kyslytsia",
    "type": "quote",
    "text": "We never reached that point.\nNot once.",
    "said_on": dt.date(2025, 5, 16),
    "round": "istanbul-2025-05-16",
    "topics": ["ceasefire", "prisoner-exchange"],
    "notes": 'He said "never" twice.',
    "reported_by": [
        {"article": "pism-bulletin-2025-05-20", "excerpt": "“We never reached that point.”"}
    ],
}

RECORDS: dict[Kind, dict[str, Any]] = {
    Kind.CLAIM: CLAIM,
    Kind.ROUND: {
        "title": "Third round",
        "when": "June 2025",
        "place": "Istanbul, Türkiye",
        "unknown": {"date": "No source gives the day."},
        "articles": ["sputnik-2025-05-16"],
        "delegations": [
            {"side": "russia", "head": "vladimir-medinsky", "members": ["igor-kostyukov"]},
            {"side": "ukraine", "articles": ["sputnik-2025-05-16"]},
        ],
    },
    Kind.PERSON: {
        "name": "Serhii Kyslytsia",
        "aliases": ["Сергій Кислиця", "Kyslytsya"],
        "side": "ukraine",
        "roles": [{"title": "First Deputy Minister", "article": "pism-bulletin-2025-05-20"}],
    },
    Kind.ARTICLE: {
        "title": "Talks halted",
        "outlet": "Example Wire",
        "outlet_kind": "news agency",
        "published": dt.date(2025, 5, 25),
        "language": "en",
        "unknown": {"url": "Read on paper.", "authors": "No byline."},
    },
}


# -- new records --------------------------------------------------------------


def test_created_claim_lands_at_its_slug_and_loads_back_equal(tmp_path: Path) -> None:
    record_id = slugify("Сергій Кислиця: «Ми ніколи»", fallback="claim")
    path = create_record(tmp_path, Kind.CLAIM, CLAIM, record_id)

    assert path == tmp_path / "claims" / f"{record_id}.toml"
    assert path == new_record_path(tmp_path, Kind.CLAIM, record_id)
    text = path.read_text("utf-8")
    assert text.startswith("#:schema ../schema/claim.json\n")
    parsed = parse_file(tmp_path, path)
    assert parsed.problems == []
    assert parsed.record == validate_record(Kind.CLAIM, CLAIM, record_id)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_round_trips(tmp_path: Path, kind: Kind) -> None:
    path = create_record(tmp_path, kind, RECORDS[kind], "new-record")
    parsed = parse_file(tmp_path, path)
    assert parsed.problems == []
    assert parsed.record == validate_record(kind, RECORDS[kind], "new-record")


def test_new_file_puts_values_first_then_unknown_then_tables() -> None:
    text = record_toml(Kind.ROUND, RECORDS[Kind.ROUND])
    lines = text.splitlines()
    assert lines[:5] == [
        "#:schema ../schema/round.json",
        'title = "Third round"',
        'when = "June 2025"',
        'place = "Istanbul, Türkiye"',
        'articles = ["sputnik-2025-05-16"]',
    ]
    assert text.index("[unknown]") < text.index("[[delegations]]")
    assert text.count("[[delegations]]") == 2
    assert "None" not in text and "venue" not in text  # empty values are left out


def test_empty_values_are_left_out_and_still_load_equal(tmp_path: Path) -> None:
    data = {**RECORDS[Kind.PERSON], "notes": "", "aliases": [], "roles": None}
    path = create_record(tmp_path, Kind.PERSON, data, "someone")
    assert "notes" not in path.read_text("utf-8")
    assert parse_file(tmp_path, path).record == validate_record(Kind.PERSON, data, "someone")


def test_second_create_with_the_same_id_is_refused_and_first_file_untouched(
    tmp_path: Path,
) -> None:
    path = create_record(tmp_path, Kind.CLAIM, CLAIM, "same-id")
    before = path.read_bytes()
    other = {**CLAIM, "text": "Something else entirely."}
    with pytest.raises(WriteRefused, match=r"claims/same-id\.toml already exists"):
        create_record(tmp_path, Kind.CLAIM, other, "same-id")
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_invalid_record_is_rejected_before_touching_disk(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        create_record(tmp_path, Kind.CLAIM, {**CLAIM, "speaker": "Not An Id"}, "x")
    with pytest.raises(ValidationError):
        create_record(tmp_path, Kind.CLAIM, {**CLAIM, "side": "russia"}, "x")  # two speakers
    with pytest.raises(ValueError, match="not a valid id"):
        create_record(tmp_path, Kind.CLAIM, CLAIM, "Bad_Name")
    assert list(tmp_path.iterdir()) == []


def test_create_refuses_a_missing_dossier(tmp_path: Path) -> None:
    with pytest.raises(WriteRefused, match="no such dossier folder"):
        create_record(tmp_path / "nope", Kind.CLAIM, CLAIM, "x")
    assert not (tmp_path / "nope").exists()


# -- ids ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Сергій Кислиця: «Ми ніколи»",
        "  Medinsky — “we are ready to fight forever”!  ",
        "Şükrü Erdoğan / 2025",
        "x" * 500,
        ("word " * 40).strip(),
        "的",
    ],
)
def test_slugify_always_gives_a_valid_id(text: str) -> None:
    slug = slugify(text)
    assert is_valid_id(slug)
    assert 0 < len(slug) <= 60


def test_slugify_is_readable_and_never_empty() -> None:
    assert slugify("Сергій Кислиця: «Ми ніколи»") == "sergiy-kislitsya-mi-nikoli"
    assert slugify("Medinsky: War is Russians killing Russians") == (
        "medinsky-war-is-russians-killing-russians"
    )
    assert slugify("«»—!?", fallback="claim") == "claim"
    assert slugify("") == "record"
    assert slugify("alpha beta gamma", max_len=12) == "alpha-beta"  # cut at a word


def test_unique_id_appends_a_number() -> None:
    assert unique_id(set(), "talks") == "talks"
    assert unique_id({"talks"}, "talks") == "talks-2"
    assert unique_id({"talks", "talks-2", "talks-3"}, "talks") == "talks-4"
    long = "a" * 120
    assert is_valid_id(unique_id({long}, long))


# -- adding a report to a hand-edited claim ------------------------------------

HAND_EDITED = """\
#:schema ../schema/claim.json
# Checked against the Times interview, 2025-11-12.
type   =   "quote"     # a quote, not a paraphrase
speaker="serhii-kyslytsia"
text = '''They know very well the background of every one of us.'''

topics = [ "russian-conduct",   # how they behaved
           "negotiators" ]

[[reported_by]]
# the first source
excerpt = "“They know very well the background of every one of us,” he noted."
article = "united24-kyslytsia-times-interview"
"""


def claim_file(root: Path, text: str, name: str = "they-know.toml") -> Path:
    (root / "claims").mkdir(exist_ok=True)
    path = root / "claims" / name
    path.write_bytes(text.encode("utf-8"))
    return path


def reports(root: Path, path: Path) -> list[tuple[str, str]]:
    record = parse_file(root, path).record
    assert isinstance(record, Claim), parse_file(root, path).problems
    return [(r.article, r.excerpt) for r in record.reported_by]


def test_append_keeps_every_byte_the_user_wrote(tmp_path: Path) -> None:
    path = claim_file(tmp_path, HAND_EDITED)
    old = path.read_bytes()
    excerpt = 'Kyslytsia said: "they know the background of every one of us".\nSecond line.'

    new_text = append_report(path, "pism-bulletin-2025-05-20", excerpt, expected_bytes=old)

    new = path.read_bytes()
    assert new == new_text.encode("utf-8")
    assert new.startswith(old)  # every original line, byte for byte
    assert new[len(old) :].startswith(b"\n[[reported_by]]\n")
    assert reports(tmp_path, path) == [
        (
            "united24-kyslytsia-times-interview",
            "“They know very well the background of every one of us,” he noted.",
        ),
        ("pism-bulletin-2025-05-20", excerpt),
    ]
    assert leftovers(tmp_path) == []


def test_append_to_a_claim_with_no_reports_and_no_final_newline(tmp_path: Path) -> None:
    text = 'speaker = "serhii-kyslytsia"\ntype = "quote"\ntext = "No newline at the end."'
    path = claim_file(tmp_path, text)
    new_text = append_report(
        path, "sputnik-2025-05-16", "An excerpt.", expected_bytes=text.encode()
    )
    assert new_text.startswith(text + "\n")
    assert reports(tmp_path, path) == [("sputnik-2025-05-16", "An excerpt.")]


def test_append_keeps_windows_line_endings(tmp_path: Path) -> None:
    text = HAND_EDITED.replace("\n", "\r\n")
    path = claim_file(tmp_path, text)
    excerpt = "Two\nlines."
    append_report(path, "sputnik-2025-05-16", excerpt, expected_bytes=text.encode())
    new = path.read_bytes()
    assert new.startswith(text.encode())
    assert b"\n" not in new.replace(b"\r\n", b"")  # no bare LF slipped in
    assert reports(tmp_path, path)[-1] == ("sputnik-2025-05-16", excerpt)


def test_append_into_an_inline_array_keeps_comments(tmp_path: Path) -> None:
    text = """\
#:schema ../schema/claim.json
# top comment
text = "Russians are killing Russians."   # their words
type = "paraphrase"
side = "russia"
reported_by = [
  # the interview
  { article = "unknown-outlet-2025-05-25-kyslytsia-interview", excerpt = "It hurts them." },
]
notes = "kept"  # after the array
"""
    path = claim_file(tmp_path, text)
    new_text = append_report(
        path, "sputnik-2025-05-16", 'A "quoted" line.', expected_bytes=text.encode()
    )

    for line in text.splitlines():
        assert line in new_text.splitlines()
    assert reports(tmp_path, path) == [
        ("unknown-outlet-2025-05-25-kyslytsia-interview", "It hurts them."),
        ("sputnik-2025-05-16", 'A "quoted" line.'),
    ]
    record = parse_file(tmp_path, path).record
    assert isinstance(record, Claim) and record.notes == "kept"


def test_changed_on_disk_is_refused_and_the_other_writers_file_kept(tmp_path: Path) -> None:
    path = claim_file(tmp_path, HAND_EDITED)
    read_earlier = path.read_bytes()
    theirs = HAND_EDITED.replace("russian-conduct", "conduct").encode()
    path.write_bytes(theirs)  # someone else saved meanwhile

    with pytest.raises(WriteRefused, match=r"claims/they-know\.toml changed on disk"):
        append_report(path, "sputnik-2025-05-16", "x", expected_bytes=read_earlier)
    assert path.read_bytes() == theirs
    assert leftovers(tmp_path) == []


def test_duplicate_report_is_refused(tmp_path: Path) -> None:
    path = claim_file(tmp_path, HAND_EDITED)
    old = path.read_bytes()
    with pytest.raises(WriteRefused, match="already reports"):
        append_report(path, "united24-kyslytsia-times-interview", "again", expected_bytes=old)
    assert path.read_bytes() == old


def test_bad_report_and_broken_file_are_refused(tmp_path: Path) -> None:
    path = claim_file(tmp_path, HAND_EDITED)
    old = path.read_bytes()
    with pytest.raises(ValidationError):
        append_report(path, "Not An Id", "x", expected_bytes=old)
    with pytest.raises(ValidationError):
        append_report(path, "sputnik-2025-05-16", "   ", expected_bytes=old)
    broken = b'type = "quote"\ntext = "nobody said it"\n'
    path.write_bytes(broken)
    with pytest.raises(WriteRefused, match="has errors"):
        append_report(path, "sputnik-2025-05-16", "x", expected_bytes=broken)
    assert path.read_bytes() == broken


def test_a_change_that_would_not_load_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = 'side = "russia"\ntype = "quote"\ntext = "x"\nreported_by = []\n'
    path = claim_file(tmp_path, text)
    # Pretend the inline array went unnoticed: appending [[reported_by]] would redefine it.
    monkeypatch.setattr(records, "_has_inline_reports", lambda body: False)
    with pytest.raises(WriteRefused, match="nothing was written"):
        append_report(path, "sputnik-2025-05-16", "x", expected_bytes=text.encode())
    assert path.read_text("utf-8") == text
    assert leftovers(tmp_path) == []


def test_append_keeps_the_file_permissions(tmp_path: Path) -> None:
    path = claim_file(tmp_path, HAND_EDITED)
    path.chmod(0o640)
    append_report(path, "sputnik-2025-05-16", "x", expected_bytes=path.read_bytes())
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


# -- atomic_write ---------------------------------------------------------------


def test_atomic_write_expectations(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    atomic_write(path, "x = 1\n", expect=Expect.new())
    with pytest.raises(WriteRefused, match="already exists"):
        atomic_write(path, "x = 2\n", expect=Expect.new())

    stamp = file_stamp(path)
    assert stamp is not None and stamp[1] == 6
    atomic_write(path, "x = 3\n", expect=Expect.unchanged(stamp=stamp))
    atomic_write(path, "x = 4\n", expect=Expect.unchanged(b"x = 3\n"))
    with pytest.raises(WriteRefused, match="changed on disk"):
        atomic_write(path, "x = 5\n", expect=Expect.unchanged(b"x = 3\n"))
    assert path.read_text() == "x = 4\n"

    path.unlink()
    assert file_stamp(path) is None
    with pytest.raises(WriteRefused, match="deleted or renamed"):
        atomic_write(path, "x = 6\n", expect=Expect.unchanged(b"x = 4\n"))
    assert not path.exists()
    assert leftovers(tmp_path) == []


def test_a_failed_rename_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.toml"
    path.write_text("old = 1\n")

    def broken_replace(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(WriteRefused, match="No space left"):
        atomic_write(path, "new = 1\n", expect=Expect.unchanged(b"old = 1\n"))
    assert path.read_text() == "old = 1\n"
    assert leftovers(tmp_path) == []


def test_atomic_write_does_not_create_folders(tmp_path: Path) -> None:
    with pytest.raises(WriteRefused, match="no folder"):
        atomic_write(tmp_path / "missing" / "a.toml", "x = 1\n", expect=Expect.new())
    assert list(tmp_path.iterdir()) == []
