"""Text from files, paths and errors reaches the terminal only as literal, visible text.

A hostile dossier is built here (never committed: its file names hold control
characters) with escape sequences, bidi overrides, zero-width characters and
Textual markup in every text field of every record kind, and in file and folder
names. It is opened in the app, every screen visited, and what a terminal would
receive checked: the app is alive, the text is shown as written, and no escape
sequence from the data is sent.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from textual.app import App

from parley.cli import main
from parley.dossier.load import load
from parley.dossier.model import Kind, cut_at_word
from parley.dossier.text import clean, one_line, safe
from parley.present.panes import linked_view, related_view
from parley.ui.app import ParleyApp
from parley.ui.screens.main import MainScreen
from parley.ui.screens.record_form import RecordForm, ReportForm
from parley.ui.widgets.rowlist import RowList

ROOT = Path(__file__).resolve().parents[1]

OSC = "\x1b]0;PWNED\x07\x1b]52;c;SGVsbG8=\x07"  # sets the window title, writes the clipboard
OSC_SHOWN = "\\x1b]0;PWNED\\x07\\x1b]52;c;SGVsbG8=\\x07"
# The same with ESC \\ ending each command, which survives where a BEL is dropped.
SILENT = "Silent \x1b]0;PWNED\x1b\\\x1b]52;c;SGVsbG8=\x1b\\ [/b]"
CLIP = "\x1b]52;c;SGVsbG8=\x1b\\Clip"  # short enough to reach the terminal uncut
CUT_INTO_CLICK = "A" * 24 + "[@click=app.quit]Q"  # cut at 40: ``AAA…[@click=app.qui…``
CLICKME = "[@click=app.quit]CLICKME[/] [sic] [the Russians]"
# What a terminal acts on or hides: controls, ESC, C1, bidi, zero-width characters.
RAW = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff\ud800-\udfff]"
)


# -- the hostile folder ---------------------------------------------------------------


def _write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


def hostile_folder(base: Path) -> Path:
    """A dossier with hostile text in every text field, and hostile file and folder names."""
    folder = base / "dossier \x1b[1m[b]bold [sic]"
    for sub in ("rounds", "people", "claims", "articles"):
        (folder / sub).mkdir(parents=True)
    people = folder / "people"
    _write(people / "anna-smith.toml", {
        "name": "Anna [/] Smith",
        "aliases": ["[sic] Ann", "Ann\x1b]0;PWNED\x07"],
        "side": "ukraine",
        "roles": [{"title": "Head [/] of \u202edelegation\u202c", "article": "talks"}],
        "notes": "notes [/] \x1b[2J and [@click=app.quit]quit[/]",
    })  # fmt: skip
    _write(people / "pwned.toml", {"name": OSC, "side": "russia"})
    _write(people / "silent.toml", {"name": SILENT, "side": "turkey"})
    _write(people / "clipper.toml", {"name": CLIP, "side": "turkey"})
    _write(people / "long-name.toml", {"name": CUT_INTO_CLICK, "side": "ukraine"})
    _write(folder / "rounds" / "zround.toml", {
        "title": "Zround [/sic]",
        "when": "spring \x1b[5m[/]",
        "unknown": {"date": "not given [/] \x9b2J"},
        "place": "Istanbul [the Russians]",
        "venue": "Palace \u2066[b]\u2069",
        "chair": "anna-smith",
        "delegations": [
            {"side": "ukraine", "head": "anna-smith", "members": ["long-name"]},
            {"side": "russia", "head": "pwned"},
        ],
        "articles": ["talks"],
        "notes": "[/]\x1b]0;PWNED\x07",
    })  # fmt: skip
    articles = folder / "articles"
    _write(articles / "talks.toml", {
        "title": "Talks resume [/] in Istanbul",
        "outlet": "Outlet [b]\u200b",
        "outlet_kind": "other",
        "url": "https://example.org/[/]\x1b]8;;https://evil\x07",
        "published": dt.date(2025, 5, 16),
        "authors": ["Reporter [/]", "\ufeffHidden"],
        "language": "en",
        "notes": "[@click=app.quit]x[/]",
    })  # fmt: skip
    _write(articles / "clickme.toml", {
        "title": CLICKME,
        "language": "en",
        "unknown": {
            "outlet": "[/] nobody says",
            "published": "\x1b]0;PWNED\x07",
            "authors": "[sic]",
            "url": "[@click=app.quit]none[/]",
            "outlet_kind": "\u202eunknown",
        },
    })  # fmt: skip
    claims = folder / "claims"
    _write(claims / "we-said.toml", {
        "speaker": "anna-smith",
        "text": "We [sic] said [/] and [@click=app.quit]quit[/] \x1b[31mred \u202eevil",
        "type": "quote",
        "said_on": dt.date(2025, 5, 16),
        "occasion": "At [the Russians] press \x1b]0;PWNED\x07",
        "round": "zround",
        "contested": ["first-meeting-length"],
        "contradicts": ["they-said"],
        "notes": "n [/]",
        "reported_by": [
            {"article": "talks", "excerpt": "[/] excerpt \x1b]52;c;SGVsbG8=\x07"},
            {"article": "clickme", "excerpt": "[@click=app.quit]x[/]"},
        ],
    })  # fmt: skip
    _write(claims / "anna-again.toml", {
        "speaker": "anna-smith", "text": "Again [/]", "type": "quote",
        "reported_by": [{"article": "talks", "excerpt": "again"}],
    })  # fmt: skip
    _write(claims / "they-said.toml", {
        "side": "russia",
        "credited_as": "[sic] the Russians \x1b[2J",
        "via": "pwned",
        "text": "Zclaim [/sic] \u200bhidden",
        "type": "paraphrase",
        "contested": ["first-meeting-length"],
        "reported_by": [{"article": "talks", "excerpt": "they [b]said"}],
    })  # fmt: skip
    _write(claims / "relayed.toml", {
        "side": "turkey", "via": "clipper", "text": "Relayed", "type": "paraphrase",
        "reported_by": [{"article": "talks", "excerpt": "relayed"}],
    })  # fmt: skip
    _write(claims / "long-one.toml", {
        "speaker": "long-name", "text": "Long [/] one", "type": "quote",
        "reported_by": [{"article": "talks", "excerpt": "long"}],
    })  # fmt: skip
    _write(claims / "narrated.toml", {
        "narrator": "clickme", "text": "Narrated [b]bold[/b]", "type": "paraphrase",
    })  # fmt: skip
    # Files whose names or contents are broken show up as problems, names and all.
    _write(claims / "esc\x1b]0;PWNED\x07[b].toml", {"text": "x"})
    _write(claims / "two\nlines.toml", {"text": "x"})
    _write(claims / os.fsdecode(b"bad\xff.toml"), {"text": "x"})  # not UTF-8
    (people / "bad.toml").write_text('name = "x"\n"[/]key\\u001b[2J" = 1\nside = "a"\n')
    (articles / "syntax.toml").write_text('title = "[/] \x1b]0;PWNED\x07\n')
    return folder


def plain_start(folder: Path) -> Path:
    """Make a plain person the most quoted, so the app opens on a harmless page."""
    _write(folder / "people" / "plain.toml", {"name": "Plain Person", "side": "ukraine"})
    for n in range(3):
        _write(folder / "claims" / f"plain-{n}.toml", {
            "speaker": "plain", "text": f"Plain {n}", "type": "quote",
            "reported_by": [{"article": "talks", "excerpt": "plain"}],
        })  # fmt: skip
    return folder


# -- reading what a terminal would receive ---------------------------------------------


def _full_update(app: App[Any]) -> Any:
    """What Textual writes to the terminal for a full repaint of the current screen."""
    return app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)


def screen_lines(app: App[Any]) -> list[str]:
    """The screen's text, line by line, as a full repaint sends it."""
    return [
        "".join(seg.text for strip in line for seg in strip) for line in _full_update(app).strips
    ]


def assert_nothing_raw(app: App[Any]) -> str:
    """The app runs, and no escape sequence or invisible character from the data is sent."""
    assert app.is_running and app.return_value is None
    update = _full_update(app)
    lines = ["".join(seg.text for strip in line for seg in strip) for line in update.strips]
    for line in lines:
        assert RAW.search(line) is None, line
    # All of it, Textual's own escape codes included: no title, clipboard or link command.
    sent = update.render_segments(app.console)
    assert "\x07" not in sent and "\x1b]" not in sent and "\x9b" not in sent
    return "\n".join(lines)


def clickable_text(app: App[Any]) -> list[str]:
    """Text on screen that runs an action when clicked, with the action."""
    update = _full_update(app)
    found = []
    for line in update.strips:  # type: ignore[attr-defined]
        for strip in line:
            for seg in strip:
                meta = seg.style.meta if seg.style else {}
                if "@click" in meta:
                    found.append(f"{seg.text}: {meta['@click']}")
    return found


async def wait_for_main(app: ParleyApp, pilot: Any) -> MainScreen:
    """The browser, once the background load has opened it (bounded)."""
    for _ in range(200):
        if isinstance(app.screen, MainScreen):
            await pilot.pause()
            return app.screen
        await pilot.pause(0.05)
    raise AssertionError("the browser did not open")


# -- the safe-text function ----------------------------------------------------------------


def test_safe_shows_controls_bidi_and_zero_width_visibly() -> None:
    assert safe(OSC) == OSC_SHOWN
    assert safe("a\u202eb\u2066c\u2069\u200e\u200f\u061c") == (
        "a\\u202eb\\u2066c\\u2069\\u200e\\u200f\\u061c"
    )
    assert safe("z\u200bw\u200cj\u200dn\u2060f\ufeff") == "z\\u200bw\\u200cj\\u200dn\\u2060f\\ufeff"
    assert safe("\x00\x7f\x85\x9b") == "\\x00\\x7f\\x85\\x9b"
    assert safe("two\nlines\tand\r") == "two\\nlines\\tand\\r"
    assert safe("bad\udcff") == "bad\\udcff"  # a file name byte that is not UTF-8
    for code in [*range(0x20), *range(0x7F, 0xA0), 0x202E, 0x2066, 0x200B, 0xFEFF]:
        assert RAW.search(safe(chr(code))) is None


def test_safe_leaves_ordinary_text_and_markup_alone() -> None:
    text = "Кислиця [b]said[/b] “no” — 5 > 4 & \\x1b"
    assert safe(text) is text
    assert clean(text) is text


def test_clean_keeps_lines_and_one_line_folds_them() -> None:
    assert clean("a\r\nb\tc\rd\x1b") == "a\nb\tc\\rd\\x1b"
    assert one_line("a\r\n  b\n\tc\x1b", 0) == "a b c\\x1b"
    assert one_line(CUT_INTO_CLICK, 40) == "A" * 24 + "[@click=app.qui…"


# -- views: messages and headings built from names ---------------------------------------


def test_person_pages_carry_no_raw_escape_in_messages_or_headings(tmp_path: Path) -> None:
    index = load(hostile_folder(tmp_path)).index
    silent = linked_view(index, "silent")
    assert not silent.rows
    assert RAW.search(silent.empty) is None and "PWNED" in silent.empty
    pwned = linked_view(index, "pwned")
    headings = [row.heading for row in pwned.rows if row.heading]
    assert headings == [f"Relayed by {OSC_SHOWN}"]
    for record_id in index.ids(Kind.PERSON) + index.ids(Kind.ROUND) + index.ids(Kind.ARTICLE):
        for view in (linked_view(index, record_id), related_view(index, record_id, None)):
            for text in (view.title, view.empty, *(r.heading or "" for r in view.rows)):
                assert RAW.search(text) is None, text


# -- parley check ------------------------------------------------------------------------


def test_check_prints_one_safe_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = hostile_folder(tmp_path)
    problems = load(folder).problems
    main(["check", str(folder)])
    out = capsys.readouterr().out
    assert RAW.search(out.replace("\n", "")) is None
    lines = out.rstrip("\n").split("\n")
    assert len(lines) == len(problems) + 1  # and the summary
    for problem, line in zip(problems, lines, strict=False):
        assert line.startswith(f"{safe(str(problem.path))}:{problem.line}:{problem.col}: ")
    assert any("esc\\x1b]0;PWNED\\x07[b].toml:" in line for line in lines)
    assert any("two\\nlines.toml:" in line for line in lines)


def test_check_json_keeps_exact_paths_and_sends_no_raw_control(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = hostile_folder(tmp_path)
    (folder / "claims" / "bidi\u202e\x85.toml").write_text('text = "x"\n')
    problems = load(folder).problems
    main(["check", str(folder), "--format", "json"])
    out = capsys.readouterr().out
    assert RAW.search(out.replace("\n", "")) is None
    report = json.loads(out)
    assert report["dossiers"][0]["folder"] == str(folder)
    assert [p["path"] for p in report["problems"]] == [str(p.path) for p in problems]


def test_check_prints_a_file_name_that_is_not_utf8_without_a_traceback(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    paths = [str(p.path) for p in load(folder).problems]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}  # as in any UTF-8 locale but C
    for output in ("text", "json"):
        done = subprocess.run(
            [sys.executable, "-m", "parley", "check", str(folder), "--format", output],
            capture_output=True, env=env, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 1, done.stderr
        assert b"Traceback" not in done.stderr
        out = done.stdout.decode("utf-8")
        assert "bad\\udcff.toml" in out
    assert [p["path"] for p in json.loads(out)["problems"]] == paths


# -- the app -------------------------------------------------------------------------------


async def test_loading_screen_shows_the_folder_path_safely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = hostile_folder(tmp_path)
    release = threading.Event()

    def slow_load(path: Path, progress: Any = None) -> Any:
        release.wait(timeout=20)
        return load(path)

    monkeypatch.setattr("parley.ui.app.open_dossier", slow_load)
    app = ParleyApp(folder, watch=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            text = assert_nothing_raw(app)
            assert "dossier \\x1b[1m[b]bold [sic]" in text
            release.set()
            await wait_for_main(app, pilot)
    finally:
        release.set()


@pytest.mark.parametrize("record_id", ["anna-smith", "talks", "zround", "long-name", "clickme"])
async def test_markup_in_a_name_or_title_is_shown_not_parsed(
    tmp_path: Path, record_id: str
) -> None:
    folder = plain_start(hostile_folder(tmp_path))
    dossier = load(folder)
    app = ParleyApp(folder, dossier, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_main(app, pilot)
        screen.go_to(record_id)
        await pilot.pause()
        text = assert_nothing_raw(app)
        top = screen.query_one("#top", RowList)
        title = top._border_title
        assert title is not None
        record = dossier.index.get(record_id)
        assert record is not None
        assert cut_at_word(one_line(record.title_text), 40) in title.plain
        assert cut_at_word(one_line(record.title_text), 40)[:30] in text


async def test_clickable_markup_in_a_title_does_nothing_when_clicked(tmp_path: Path) -> None:
    folder = plain_start(hostile_folder(tmp_path))
    app = ParleyApp(folder, load(folder), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_main(app, pilot)
        screen.go_to("clickme")
        await pilot.pause()
        assert not [c for c in clickable_text(app) if "quit" in c]
        lines = screen_lines(app)
        spots = [(line.index("CLICKME"), y) for y, line in enumerate(lines) if "CLICKME" in line]
        assert spots
        for x, y in spots:
            await pilot.click(offset=(x + 2, y))
            await pilot.pause()
            assert app.is_running and app.return_value is None


async def test_add_report_to_a_claim_with_markup_opens_the_form(tmp_path: Path) -> None:
    folder = plain_start(hostile_folder(tmp_path))
    app = ParleyApp(folder, load(folder), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_main(app, pilot)
        screen.go_to("we-said")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ReportForm)
        text = assert_nothing_raw(app)
        assert "We [sic] said [/] and [@click=app.quit]" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


@pytest.mark.long
async def test_markup_added_by_an_edit_while_a_form_is_open_keeps_the_form(
    tmp_path: Path,
) -> None:
    folder = plain_start(hostile_folder(tmp_path))
    app = ParleyApp(folder, load(folder), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_main(app, pilot)
        assert screen.selected == "plain"
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm)
        await pilot.press(*"typed")
        _write(folder / "people" / "plain.toml", {"name": "Plain [/] Person", "side": "ukraine"})
        assert await app.refresh_dossier()
        await pilot.pause()
        assert app.screen is form and app.is_running
        assert "typed" in form.values().values()
        await pilot.press("escape", "y")  # esc asks first: something was typed
        await pilot.pause()
        assert "Statements by Plain [/] Person" in assert_nothing_raw(app)


@pytest.mark.long
@pytest.mark.timeout(150)  # visits every screen of a hostile folder: the suite's longest
async def test_hostile_folder_every_screen_alive_literal_and_no_raw_escape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = hostile_folder(tmp_path)
    monkeypatch.chdir(tmp_path)  # short paths: the problems list shows them whole
    app = ParleyApp(Path(folder.name), watch=False)
    seen: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_main(app, pilot)
        seen.append(assert_nothing_raw(app))
        for key, kind in zip("1234", (Kind.ROUND, Kind.PERSON, Kind.CLAIM, Kind.ARTICLE),
                             strict=True):  # fmt: skip
            await pilot.press(key)
            await pilot.pause()
            assert screen.kind is kind
            navigator = screen.query_one("#navigator", RowList)
            for n in range(len(navigator.rows)):
                navigator.focus()
                navigator.cursor = n  # the record whole in the detail pane
                await pilot.pause()
                seen.append(assert_nothing_raw(app))
                navigator.action_select()  # as enter: focus the linked pane
                await pilot.pause()
                seen.append(assert_nothing_raw(app))
                await pilot.press("enter")  # follow the first linked row to its own page
                seen.append(assert_nothing_raw(app))
                await pilot.press("backspace")
        for keys in (["d", "enter"], ["slash", *"pwned"], ["question_mark"],
                     ["exclamation_mark"], ["ctrl+p", *"new"], ["n"]):  # fmt: skip
            await pilot.press(*keys)
            await pilot.pause(0.2)
            assert app.screen is not screen, keys
            seen.append(assert_nothing_raw(app))
            await pilot.press("escape")
            if keys[0] == "d":
                await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen, keys
        screen.go_to("we-said")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ReportForm)
        seen.append(assert_nothing_raw(app))
        await pilot.press("escape")
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
    assert app.return_value is None
    everything = "\n".join(seen)
    for literal in ("Anna [/] Smith", "Talks resume [/] in Istanbul", "Zround [/sic]",
                    "[@click=app.quit]CLICKME[/]", "[sic]",
                    "[the Russians]", OSC_SHOWN, "esc\\x1b]0;PWNED\\x07[b].toml",
                    "two\\nlines.toml", "bad\\udcff.toml", "Silent \\x1b]0;PWNED"):  # fmt: skip
        assert literal in everything, literal


def test_detail_pane_shows_multiline_text_with_visible_escapes(tmp_path: Path) -> None:
    from parley.ui.render import detail

    index = load(hostile_folder(tmp_path)).index
    for record_id in index.ids(Kind.CLAIM) + index.ids(Kind.PERSON) + index.ids(Kind.ROUND):
        plain = detail(index, record_id).plain
        assert RAW.search(plain.replace("\n", "")) is None, record_id
    assert "spring \\x1b[5m[/]" in detail(index, "we-said").plain


# -- a real terminal -------------------------------------------------------------------------


def _tmux(socket: str, *args: str) -> str:
    done = subprocess.run(
        ["tmux", "-S", socket, *args], capture_output=True, text=True, timeout=10, check=False
    )
    return done.stdout


@pytest.mark.timeout(90)
@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_real_terminal_gets_no_title_or_clipboard_from_the_data(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    # A server of its own (its socket in a fresh short folder), so the clipboard
    # setting and the paste buffers are this test's alone.
    sockets = Path(tempfile.mkdtemp(prefix="parley-safety-"))
    socket = str(sockets / "tmux")
    session = f"safety-{uuid.uuid4().hex[:8]}"
    conf = tmp_path / "tmux.conf"
    conf.write_text("set -g set-clipboard on\nset -g remain-on-exit on\n")
    command = shlex.join([sys.executable, "-m", "parley", str(folder)])
    env = {**os.environ, "TERM": "xterm-256color"}
    subprocess.run(
        ["tmux", "-S", socket, "-f", str(conf), "new-session", "-d", "-s", session,
         "-x", "100", "-y", "30", f"cd {shlex.quote(str(ROOT))} && exec {command}"],
        env=env, timeout=10, check=True,
    )  # fmt: skip

    def wait_for(text: str) -> str:
        deadline = time.monotonic() + 20
        pane = ""
        while time.monotonic() < deadline:
            pane = _tmux(socket, "capture-pane", "-p", "-t", session)
            if text in pane:
                return pane
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{pane}")

    try:
        wait_for("Statements by Anna [/] Smith")
        _tmux(socket, "send-keys", "-t", session, "/")
        wait_for("Search people")
        _tmux(socket, "send-keys", "-t", session, "-l", "pwned")
        wait_for("for 'pwned'")
        _tmux(socket, "send-keys", "-t", session, "Enter")
        wait_for("Relayed by")
        _tmux(socket, "send-keys", "-t", session, "/")
        wait_for("Search people")
        _tmux(socket, "send-keys", "-t", session, "-l", "clipper")
        wait_for("for 'clipper'")
        _tmux(socket, "send-keys", "-t", session, "Enter")
        wait_for("Person clipper")
        # The terminal reads its input in order: once the help drawn after the page
        # shows, it has taken in everything the page sent.
        _tmux(socket, "send-keys", "-t", session, "?")
        wait_for("esc closes")
        title = _tmux(socket, "display", "-p", "-t", session, "#{pane_title}")
        assert "PWNED" not in title
        buffers = _tmux(socket, "list-buffers")
        assert "Hello" not in buffers and "SGVsbG8" not in buffers
        _tmux(socket, "send-keys", "-t", session, "Escape")
        # The sequences show as literal text. Where a pane wraps or cuts them depends on
        # the layout of the moment, so only their visible start is waited for.
        wait_for("Relayed by \\x1b]52;c;SGVsbG8=")
        _tmux(socket, "send-keys", "-t", session, "BSpace")
        wait_for("Relayed by \\x1b]0;PWNED")
        wait_for("Statements by \\x1b]0;PWNED")
    finally:
        subprocess.run(["tmux", "-S", socket, "kill-server"], timeout=10, check=False)
        shutil.rmtree(sockets, ignore_errors=True)
