"""Writing safely in folders that are not ordinary: killed saves, symlinks, read-only files,
line endings and names Windows cannot open."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static, TextArea

from parley.cli import main
from parley.dossier.load import discover, load, parse_file
from parley.dossier.model import Claim, Kind
from parley.files import atomic
from parley.files.atomic import Expect, WriteRefused, atomic_write, remove_stale_temp_files
from parley.files.ids import DEVICE_NAMES, slugify
from parley.files.records import append_report, create_record
from parley.present.forms import check_form, suggested_id
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierOpened

from .conftest import DOSSIERS, Messages
from .test_editing import fill_report_form

CLAIM = 'side = "russia"\ntype = "quote"\ntext = "We are ready."\n'


def dossier(root: Path) -> Path:
    """A small dossier with one claim; returns the claim's path."""
    for folder in ("claims", "people", "rounds", "articles"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    path = root / "claims" / "ready.toml"
    path.write_text(CLAIM, "utf-8")
    return path


def dead_pid() -> int:
    """The id of a process that has finished (and so is gone)."""
    argv = [sys.executable, "-c", "import os; print(os.getpid())"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=True)
    return int(done.stdout)


def temp_name(target: str, pid: int, token: str = "0123abcd") -> str:
    return f".{target}.parley-{pid}-{token}.tmp"


# -- temporary files of a killed save ------------------------------------------

KILLED_SAVE = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from parley.files.records import create_record
    from parley.dossier.model import Kind

    def hang(fd):  # the data is written, the temporary file not yet renamed
        print("writing", flush=True)
        time.sleep(60)

    os.fsync = hang
    create_record(Path(sys.argv[1]), Kind.CLAIM,
                  {"side": "russia", "type": "quote", "text": "x"}, "half-saved")
    """
)


def test_a_killed_save_leaves_a_temp_file_that_the_next_check_removes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claim = dossier(tmp_path)
    save = subprocess.Popen(
        [sys.executable, "-c", KILLED_SAVE, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert save.stdout is not None
        assert save.stdout.readline() == "writing\n"  # empty if the child failed: no hang
        save.kill()
    finally:
        save.kill()
        save.wait(timeout=30)
    left = [p.name for p in (tmp_path / "claims").iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and left[0].startswith(f".half-saved.toml.parley-{save.pid}-")
    assert not (tmp_path / "claims" / "half-saved.toml").exists()

    assert main(["check", str(tmp_path)]) == 0
    assert "1 claim" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "claims").iterdir()) == [claim.name]


def test_only_parleys_own_temp_files_of_gone_processes_are_removed(tmp_path: Path) -> None:
    dossier(tmp_path)
    gone, alive = dead_pid(), os.getpid()
    claims, schema, other = tmp_path / "claims", tmp_path / "schema", tmp_path / "notes"
    schema.mkdir()
    other.mkdir()
    (claims / "deep").mkdir()
    stale = [
        claims / temp_name("x.toml", gone),
        claims / "deep" / temp_name("y.toml", gone),
        schema / temp_name("claim.json", gone),
    ]
    kept = [
        claims / temp_name("x.toml", alive),  # another parley saving right now
        claims / ".x.tmp",  # someone else's
        claims / ".x.toml.tmp",
        claims / temp_name("x.toml", gone, "nothex!!"),
        claims / temp_name("x.txt", gone),
        claims / temp_name("x.toml", gone)[1:],  # not hidden: not parley's
        claims / f".x.toml.parley-{gone}-0123abcd.tmp.bak",
        other / temp_name("x.toml", gone),  # not where parley writes
    ]
    for path in stale + kept:
        path.write_text("half\n")
    folder_lookalike = claims / temp_name("z.toml", gone)
    folder_lookalike.mkdir()

    removed = remove_stale_temp_files(tmp_path)

    assert sorted(removed) == sorted(stale)
    assert not any(p.exists() for p in stale)
    assert all(p.read_text() == "half\n" for p in kept)
    assert folder_lookalike.is_dir()
    assert remove_stale_temp_files(tmp_path) == []
    assert remove_stale_temp_files(tmp_path / "missing") == []


def test_temp_files_of_older_parley_versions_go_once_an_hour_old(tmp_path: Path) -> None:
    dossier(tmp_path)
    old = tmp_path / "claims" / ".x.toml.parley-tmp-0123abcd"
    recent = tmp_path / "claims" / ".y.toml.parley-tmp-4567cdef"
    for path in (old, recent):
        path.write_text("half\n")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert remove_stale_temp_files(tmp_path) == [old]
    assert recent.read_text() == "half\n"


def test_a_save_names_its_temp_file_with_its_process_id_and_the_loader_skips_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier(tmp_path)
    seen: list[str] = []
    real_fsync = os.fsync

    def look(fd: int) -> None:
        if not seen:  # the first fsync: the temporary file's, before the rename
            seen.extend(p.name for p in (tmp_path / "claims").iterdir() if p.name.endswith(".tmp"))
            assert [p.name for p in discover(tmp_path)] == ["ready.toml"]
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", look)
    create_record(tmp_path, Kind.CLAIM, {"side": "russia", "type": "quote", "text": "x"}, "new")
    assert len(seen) == 1
    assert re.fullmatch(rf"\.new\.toml\.parley-{os.getpid()}-[0-9a-f]{{8}}\.tmp", seen[0])
    assert not any(p.name.endswith(".tmp") for p in (tmp_path / "claims").iterdir())


async def test_the_app_removes_stale_temp_files_when_it_loads(
    tmp_path: Path, messages: Messages
) -> None:
    dossier(tmp_path)
    stale = tmp_path / "claims" / temp_name("ready.toml", dead_pid())
    stale.write_text("half\n")
    app = ParleyApp(tmp_path, watch=False)
    async with app.run_test(message_hook=messages):
        await messages.wait(DossierOpened)
        assert not stale.exists()


# -- symlinks and read-only files ------------------------------------------------


def test_a_report_is_not_written_through_a_symlink_out_of_the_dossier(tmp_path: Path) -> None:
    root = tmp_path / "dossier"
    dossier(root)
    outside = tmp_path / "elsewhere.toml"
    outside.write_text(CLAIM, "utf-8")
    link = root / "claims" / "linked.toml"
    link.symlink_to(outside)

    with pytest.raises(WriteRefused) as refused:
        append_report(link, "some-article", "x", expected_bytes=link.read_bytes())
    assert str(refused.value) == (
        "claims/linked.toml is a symlink to a file outside the dossier; "
        "parley does not write through it"
    )
    assert outside.read_text("utf-8") == CLAIM
    assert link.is_symlink()


def test_a_symlink_inside_the_dossier_is_still_written_through(tmp_path: Path) -> None:
    target = dossier(tmp_path)
    link = tmp_path / "claims" / "alias.toml"
    link.symlink_to(target)
    append_report(link, "some-article", "x", expected_bytes=link.read_bytes())
    assert link.is_symlink()
    record = parse_file(tmp_path, target).record
    assert isinstance(record, Claim) and [r.article for r in record.reported_by] == ["some-article"]


def test_a_read_only_claim_is_not_replaced(tmp_path: Path) -> None:
    path = dossier(tmp_path)
    path.chmod(0o444)
    with pytest.raises(WriteRefused) as refused:
        append_report(path, "some-article", "x", expected_bytes=path.read_bytes())
    assert str(refused.value) == "claims/ready.toml is read-only; parley does not replace it"
    assert path.read_text("utf-8") == CLAIM
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert [p.name for p in (tmp_path / "claims").iterdir()] == ["ready.toml"]


def test_a_pipe_in_place_of_a_claim_is_refused_not_waited_on(tmp_path: Path) -> None:
    path = dossier(tmp_path)
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(WriteRefused, match="is not a regular file"):
        append_report(path, "some-article", "x", expected_bytes=CLAIM.encode())


def test_a_new_record_is_not_written_through_a_symlink(tmp_path: Path) -> None:
    root = tmp_path / "dossier"
    dossier(root)
    outside = tmp_path / "elsewhere.toml"
    (root / "claims" / "new.toml").symlink_to(outside)  # dangling: the name looks free
    data = {"side": "russia", "type": "quote", "text": "x"}
    with pytest.raises(WriteRefused, match=r"claims/new\.toml is a symlink"):
        create_record(root, Kind.CLAIM, data, "new")
    assert not outside.exists()


def test_a_new_record_is_not_written_into_a_folder_outside_the_dossier(tmp_path: Path) -> None:
    root = tmp_path / "dossier"
    root.mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "claims").symlink_to(outside, target_is_directory=True)
    data = {"side": "russia", "type": "quote", "text": "x"}
    with pytest.raises(WriteRefused, match="outside the dossier"):
        create_record(root, Kind.CLAIM, data, "new")
    assert list(outside.iterdir()) == []


def test_parley_schema_refuses_a_symlink_out_and_a_read_only_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "dossier"
    dossier(root)
    (root / "schema").mkdir()
    outside = tmp_path / "mine.json"
    outside.write_text("{}\n")
    (root / "schema" / "round.json").symlink_to(outside)
    assert main(["schema", str(root)]) == 1
    assert "schema/round.json is a symlink to a file outside the dossier" in capsys.readouterr().err
    assert outside.read_text() == "{}\n"

    (root / "schema" / "round.json").unlink()
    stale = root / "schema" / "round.json"
    stale.write_text("{}\n")
    stale.chmod(0o444)
    assert main(["schema", str(root)]) == 1
    assert "schema/round.json is read-only; parley does not replace it" in capsys.readouterr().err
    assert stale.read_text() == "{}\n"


def test_a_generated_file_can_still_replace_a_writable_one(tmp_path: Path) -> None:
    path = tmp_path / "schema" / "x.json"
    path.parent.mkdir()
    path.write_text("old\n")
    path.chmod(0o640)
    atomic_write(path, "new\n", expect=Expect.generated())
    assert path.read_text() == "new\n" and stat.S_IMODE(path.stat().st_mode) == 0o640


# -- what the user typed, kept exactly ---------------------------------------------

TEXTS = [
    "Line one.\r\nLine two.",
    "Ends with CRLF\r\n",
    "\r\nStarts with CRLF",
    "Lone\rcarriage return",
    "Mixed\n\r\nendings\r",
    "Tab\there\tand\x0bvertical tab\x0cform feed",
    "Quotes \" and ' and \"\"\" and ''' inside",
    "'''\nmultiline with triple singles\n'''",
    '"""\nmultiline with triple doubles\n"""',
    "Back\\slash \\n not a newline \\",
    "Trailing backslash\\\nnext line\\",
    "Unicode: Сергій Кислиця «Ми» — 的 🙂 \u2028 \u0085",
    "Controls: \x00\x01\x1b[31m\x7f\x9b end",
    "  spaces around, with a final newline  \n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_new_record_text_loads_back_exactly(tmp_path: Path, text: str) -> None:
    report = {"article": "some-article", "excerpt": text}
    data: dict[str, Any] = {"side": "russia", "type": "quote", "text": text, "notes": text}
    data |= {"credited_as": text, "occasion": text, "reported_by": [report]}
    create_record(tmp_path, Kind.CLAIM, data, "typed")
    record = load(tmp_path).index.get("typed")
    assert isinstance(record, Claim)
    assert [record.text, record.notes, record.credited_as, record.occasion] == [text] * 4
    assert record.reported_by[0].excerpt == text


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("text", TEXTS)
def test_an_appended_excerpt_loads_back_exactly(tmp_path: Path, text: str, newline: str) -> None:
    path = dossier(tmp_path)
    path.write_bytes(CLAIM.replace("\n", newline).encode())
    append_report(path, "some-article", text, expected_bytes=path.read_bytes())
    record = load(tmp_path).index.get("ready")
    assert isinstance(record, Claim) and record.reported_by[0].excerpt == text
    assert path.read_bytes().startswith(CLAIM.replace("\n", newline).encode())


@pytest.mark.parametrize("text", TEXTS)
def test_an_excerpt_added_to_an_inline_array_loads_back_exactly(tmp_path: Path, text: str) -> None:
    path = dossier(tmp_path)
    path.write_text(CLAIM + 'reported_by = [{article = "first", excerpt = "one"}]\n', "utf-8")
    append_report(path, "some-article", text, expected_bytes=path.read_bytes())
    record = load(tmp_path).index.get("ready")
    assert isinstance(record, Claim)
    assert [(r.article, r.excerpt) for r in record.reported_by] == [
        ("first", "one"),
        ("some-article", text),
    ]


def test_the_form_keeps_crlf_inside_a_long_text(tmp_path: Path) -> None:
    index = load(tmp_path).index
    typed = "\r\nFirst line.\r\nSecond line.\r\n"
    result = check_form(Kind.CLAIM, {"side": "russia", "type": "quote", "text": typed}, index)
    assert result.ok, result.errors
    create_record(tmp_path, Kind.CLAIM, result.data, result.record_id)
    record = load(tmp_path).index.get(result.record_id)
    # Only the line breaks around it go, CRLF as LF; no stray carriage return is left.
    assert isinstance(record, Claim) and record.text == "First line.\r\nSecond line."


# -- ids Windows cannot use as file names ----------------------------------------


@pytest.mark.parametrize("name", sorted(DEVICE_NAMES))
def test_slugify_never_gives_a_windows_device_name(name: str) -> None:
    for text in (name, name.upper(), f" {name.title()}! ", f"«{name}»"):
        slug = slugify(text, fallback="claim")
        assert slug not in DEVICE_NAMES and slug.startswith(name)
    assert slugify(name.upper(), max_len=3) not in DEVICE_NAMES
    assert slugify("Con", fallback="con") == "con-record"


def test_a_claim_titled_con_is_not_saved_as_con_toml(tmp_path: Path) -> None:
    index = load(tmp_path).index
    values = {"side": "russia", "type": "quote", "text": "Con"}
    assert suggested_id(Kind.CLAIM, values, index) == "con-claim"
    result = check_form(Kind.CLAIM, values, index)
    assert result.ok and result.record_id == "con-claim"
    path = create_record(tmp_path, Kind.CLAIM, result.data, result.record_id)
    assert path.name == "con-claim.toml"
    person = check_form(Kind.PERSON, {"name": "NUL", "side": "ukraine"}, index)
    assert person.record_id == "nul-person"


def test_temp_name_pattern_matches_what_atomic_write_makes() -> None:
    name = temp_name("some-claim.toml", 4242)
    match = atomic._TEMP_NAME.fullmatch(name)
    assert match is not None and match[1] == "some-claim.toml" and match[2] == "4242"


# -- through the app ----------------------------------------------------------------


@pytest.mark.parametrize("how", ["read-only", "symlink"])
async def test_a_in_the_app_refuses_and_keeps_the_typed_report(tmp_path: Path, how: str) -> None:
    root = tmp_path / "dossiers"
    shutil.copytree(DOSSIERS, root)
    claim_id = "kyslytsia-they-know-our-background"
    path = root / "claims" / f"{claim_id}.toml"
    original = path.read_bytes()
    if how == "read-only":
        path.chmod(0o444)
        kept = path
    else:
        kept = tmp_path / "outside.toml"
        kept.write_bytes(original)
        path.unlink()
        path.symlink_to(kept)
    app = ParleyApp(root, load(root), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await fill_report_form(app, pilot, claim_id)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open, with what was typed
        summary = str(form.query_one("#summary", Static).render())
        reason = "is read-only" if how == "read-only" else "is a symlink to a file outside"
        assert f"claims/{claim_id}.toml {reason}" in summary
        assert form.query_one("#f-excerpt", TextArea).text == "An excerpt."
    assert kept.read_bytes() == original


def test_temp_cleanup_never_raises_on_a_path_it_cannot_use(tmp_path: Path) -> None:
    assert remove_stale_temp_files(tmp_path / ("x" * 5000)) == []
    assert remove_stale_temp_files(tmp_path / "a\x00b") == []
