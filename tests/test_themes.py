"""Themes and the terminal's own keys: a switch redraws every pane, the theme is remembered
(``TEXTUAL_THEME`` over it), ``NO_COLOR`` keeps sides apart in words, ``ctrl+c``/``ctrl+q``
quit without losing typed text, ``ctrl+z`` suspends to the shell and ``fg`` comes back."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.segment import Segment
from textual.color import Color
from textual.pilot import Pilot

from parley.dossier.load import load
from parley.files.config import config_path
from parley.ui.app import ParleyApp
from parley.ui.screens.discard import DiscardForm
from parley.ui.screens.record_form import RecordForm
from parley.ui.widgets.detail import DetailPane
from parley.ui.widgets.rowlist import RowList

from .conftest import DOSSIERS, FIXTURES

SnapCompare = Callable[..., bool]
LIGHT = "textual-light"


def make_app(folder: Path = DOSSIERS) -> ParleyApp:
    return ParleyApp(folder, load(folder), watch=False)


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def backgrounds(rows: RowList, lines: int) -> set[Color | None]:
    """The background colours of the list's first ``lines`` lines, the cursor's row left out."""
    return {
        Color.from_rich_color(seg.style.bgcolor) if seg.style and seg.style.bgcolor else None
        for y in range(lines)
        if rows.row_at(y) != rows.cursor
        for seg in rows.render_line(y)
    }


def is_light(color: Color | None) -> bool:
    assert color is not None
    red, green, blue = color.rgb
    return (red + green + blue) / 3 > 128


async def pick_theme(pilot: Pilot[Any], name: str) -> None:
    """Switch theme the way a user does: the palette's "Theme", then its name."""
    await pilot.press("ctrl+p", *"theme")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*name, "enter")
    await pilot.pause()


# -- a theme switch redraws every pane --------------------------------------------------


async def test_a_switch_to_a_light_theme_redraws_the_people_list_at_once() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")  # People, drawn (and kept) in the dark theme
        await pilot.pause()
        people = app.screen.query_one("#navigator", RowList)
        assert not any(is_light(c) for c in backgrounds(people, 10))
        await pick_theme(pilot, LIGHT)
        assert app.theme == LIGHT
        after = backgrounds(people, 10)
        assert after and all(is_light(c) for c in after), after


def test_the_people_list_after_a_switch_to_a_light_theme(
    snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every pane in the light theme, the People list's rows included."""
    monkeypatch.chdir(FIXTURES)
    app = ParleyApp(Path("dossiers"), load("dossiers"), watch=False)

    async def switch(pilot: Pilot[Any]) -> None:
        await pilot.press("2", "j")
        await pilot.pause()
        pilot.app.theme = LIGHT
        await pilot.pause()

    assert snap_compare(app, run_before=switch, terminal_size=(120, 40))


def contrast(one: Color, other: Color) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(color: Color) -> float:
        parts = [c / 255 for c in color.rgb]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def segments_with(rows: RowList, text: str) -> list[Segment]:
    """The drawn segments of the list's visible lines that hold ``text``."""
    height = rows.scrollable_content_region.height
    return [seg for y in range(height) for seg in rows.render_line(y) if text in seg.text]


async def test_on_a_light_theme_borders_and_speakers_stand_out_from_the_pane() -> None:
    app = make_app()
    app.theme = LIGHT
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")  # every statement, with the speakers coloured by side
        await pilot.pause()
        screen = app.screen
        claims = screen.query_one("#navigator", RowList)
        linked = screen.query_one("#top", RowList)
        assert not linked.has_focus
        surface = linked.styles.background
        border = surface + linked.styles.border_top[1]
        assert contrast(border, surface) >= 2.2, border
        spoken = segments_with(claims, "Medinsky")
        assert spoken
        for seg in spoken:
            assert seg.style and seg.style.color and seg.style.bgcolor
            fg, bg = (Color.from_rich_color(c) for c in (seg.style.color, seg.style.bgcolor))
            assert contrast(fg, bg) >= 3, (seg.text, fg, bg)


# -- the theme remembered, and TEXTUAL_THEME ----------------------------------------------


async def test_textual_theme_wins_over_the_saved_theme_and_is_not_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_config('theme = "nord"\n')
    monkeypatch.setenv("TEXTUAL_THEME", LIGHT)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == LIGHT
        assert app.app_problems == []
    assert path.read_text("utf-8") == 'theme = "nord"\n'


async def test_an_unknown_textual_theme_is_told_and_the_saved_theme_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_config('theme = "nord"\n')
    monkeypatch.setenv("TEXTUAL_THEME", "no-such-theme")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        assert any("TEXTUAL_THEME" in p.message for p in app.app_problems)


# -- NO_COLOR: sides and disputes stay apart without colour ------------------------------


def listed_text(rows: RowList) -> str:
    """Every row of the list as plain text."""
    return "\n".join(rows._renderer(row, 200).plain for row in rows.rows if row.record_id)


async def test_under_no_color_each_speaker_says_their_side_and_disputes_keep_their_mark(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")  # every statement
        await pilot.pause()
        text = listed_text(app.screen.query_one("#navigator", RowList))
        assert "(Russia):" in text and "(Ukraine):" in text
        assert "⚡" in text
        # The record pane names the speaker's side after the name, not by its dot alone.
        shown = app.screen.query_one(DetailPane).content.plain
        assert re.search(r"Speaker: ● [^\n(]+ \((Russia|Ukraine)\)", shown), shown


async def test_with_colours_the_side_is_the_colour_not_words() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        text = listed_text(app.screen.query_one("#navigator", RowList))
        assert "(Russia):" not in text and "(Ukraine):" not in text


# -- ctrl+c and ctrl+q ----------------------------------------------------------------


async def test_ctrl_c_with_nothing_selected_quits_the_browser() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    """A copy of the frozen dossier, to open forms on."""
    folder = tmp_path / "dossiers"
    shutil.copytree(DOSSIERS, folder)
    return folder


async def test_ctrl_q_asks_before_throwing_a_forms_typed_text_away(dossier: Path) -> None:
    app = make_app(dossier)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm)
        await pilot.press(*"Typed words")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, DiscardForm)
        await pilot.press("n")  # keep editing: the form, as typed
        await pilot.pause()
        assert app.screen is form and form.typed()
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_q_quits_an_untouched_form_at_once(dossier: Path) -> None:
    app = make_app(dossier)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "n")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_z_suspends_from_the_browser_and_from_a_form(
    dossier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suspended: list[str] = []
    monkeypatch.setattr(
        ParleyApp, "action_suspend_process", lambda app: suspended.append(type(app.screen).__name__)
    )
    app = make_app(dossier)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+z")
        await pilot.press("tab", "n")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
    assert suspended == ["MainScreen", "RecordForm"]


# -- ctrl+z in a real terminal --------------------------------------------------------


class Tmux:
    """A shell in a detached tmux session of its own (own server socket), always killed."""

    def __init__(self, socket: str, session: str) -> None:
        self.socket = socket
        self.session = session

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", self.socket, *args],
            capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
        return result.stdout

    def send(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def settled(self, seconds: float, what: str) -> str:
        """The pane once two looks 0.3 s apart agree (drawing done); fails after ``seconds``."""
        deadline = time.monotonic() + seconds
        before = self.screen()
        while True:
            time.sleep(0.3)
            now = self.screen()
            if now == before:
                return now
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: still changing after {seconds} s:\n{now}")
            before = now

    def until(self, test: Callable[[str], bool], seconds: float, what: str) -> str:
        """The pane once ``test`` accepts it; fails after ``seconds``."""
        deadline = time.monotonic() + seconds
        screen = self.screen()
        while not test(screen):
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not within {seconds} s; the pane:\n{screen}")
            time.sleep(0.1)
            screen = self.screen()
        return screen


def process_state(pid: int) -> str:
    """The state letter in /proc/PID/stat (R, S, T...)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rpartition(")")[2].split()[0]


def child_of(pid: int) -> int | None:
    """The shell's one child: the app it runs."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    return int(children[0]) if children else None


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    socket = str(tmp_path / "tmux-socket")
    session = f"parley-themes-{os.getpid()}"
    env = {
        "PS1": "READY$ ",
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
        "XDG_STATE_HOME": os.environ["XDG_STATE_HOME"],
        "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", str(tmp_path / "cache")),
    }
    command = " ".join(["env", *(f"{k}='{v}'" for k, v in env.items()), "bash --norc --noprofile"])
    subprocess.run(
        ["tmux", "-S", socket, "-f", os.devnull, "new-session", "-d", "-s", session,
         "-x", "120", "-y", "40", command],
        check=True, timeout=10,
    )  # fmt: skip
    try:
        yield Tmux(socket, session)
    finally:
        subprocess.run(["tmux", "-S", socket, "kill-server"], timeout=10, check=False)


def shell_prompt(screen: str) -> bool:
    return screen.rstrip().endswith("READY$")


@pytest.mark.skipif(
    shutil.which("tmux") is None or not Path("/proc/self/stat").exists(),
    reason="needs tmux and /proc for a real terminal",
)
@pytest.mark.long
@pytest.mark.timeout(90)
def test_ctrl_z_stops_the_app_in_a_real_terminal_and_fg_brings_it_back(
    tmux: Tmux, dossier: Path
) -> None:
    tmux.until(shell_prompt, 10, "the shell's prompt")
    shell = int(tmux.run("display-message", "-p", "-t", tmux.session, "#{pane_pid}").strip())
    tmux.send(f"'{sys.executable}' -m parley '{dossier}'", "Enter")
    # Starting imports Textual and reads the folder: longer than a key, on a busy machine too.
    tmux.until(lambda s: "Rounds" in s and "? Help" in s, 40, "the browser")
    browser = tmux.settled(10, "the browser")
    app = child_of(shell)
    assert app is not None

    tmux.send("C-z")
    screen = tmux.until(shell_prompt, 5, "the prompt after ctrl+z")
    assert "Stopped" in screen and "? Help" not in screen
    assert process_state(app) == "T"

    tmux.send("fg", "Enter")
    # Redrawn whole: every cell as it was before, no shell line left over.
    tmux.until(lambda s: s == browser, 5, "the browser as it was, after fg")
    assert process_state(app) in "RS"
    tmux.send("?")  # a key works: the help opens
    tmux.until(lambda s: "Marks in the lists" in s, 5, "the help after fg")
    tmux.send("Escape")
    tmux.until(lambda s: "Marks in the lists" not in s, 5, "the help closed")

    # A form holding typed text: suspended and back, nothing typed is lost.
    tmux.send("Tab", "n")
    tmux.until(lambda s: "New claim" in s, 5, "the new-claim form")
    tmux.send("Typed before ctrl+z")
    tmux.until(lambda s: "Typed before ctrl+z" in s, 5, "the typed text")
    form = tmux.settled(5, "the form")
    tmux.send("C-z")
    tmux.until(shell_prompt, 5, "the prompt after ctrl+z in a form")
    assert process_state(app) == "T"
    tmux.send("fg", "Enter")

    def form_back(screen: str) -> bool:
        # The field that had focus lost it while suspended, so its check may show below it;
        # the rest is as it was, and nothing of the shell is left.
        return (
            "Typed before ctrl+z" in screen
            and "READY$" not in screen
            and screen.splitlines()[:3] == form.splitlines()[:3]
            and screen.splitlines()[-1] == form.splitlines()[-1]
        )

    tmux.until(form_back, 5, "the form as typed, after fg")
    tmux.send(" and after")
    tmux.until(lambda s: "Typed before ctrl+z and after" in s, 5, "typing after fg")

    tmux.send("C-q")
    tmux.until(lambda s: "Throw away what you typed?" in s, 5, "the question before quitting")
    tmux.send("y")
    tmux.until(shell_prompt, 10, "the prompt after quitting")
    assert child_of(shell) is None


@pytest.mark.skipif(
    shutil.which("tmux") is None or not Path("/proc/self/stat").exists(),
    reason="needs tmux and /proc for a real terminal",
)
@pytest.mark.timeout(90)
def test_ctrl_z_gives_the_prompt_back_when_the_app_runs_under_another_program(
    tmux: Tmux, dossier: Path
) -> None:
    """As `make run` starts it: a parent that waits for parley, in the same job."""
    tmux.until(shell_prompt, 10, "the shell's prompt")
    shell = int(tmux.run("display-message", "-p", "-t", tmux.session, "#{pane_pid}").strip())
    tmux.send(f"sh -c \"'{sys.executable}' -m parley '{dossier}'; echo ENDED\"", "Enter")
    tmux.until(lambda s: "Rounds" in s and "? Help" in s, 40, "the browser")
    browser = tmux.settled(10, "the browser")
    parent = child_of(shell)
    assert parent is not None
    app = child_of(parent)
    assert app is not None

    tmux.send("C-z")
    screen = tmux.until(shell_prompt, 5, "the prompt after ctrl+z")
    assert "Stopped" in screen
    assert process_state(app) == "T" and process_state(parent) == "T"

    tmux.send("fg", "Enter")
    tmux.until(lambda s: s == browser, 5, "the browser as it was, after fg")
    tmux.send("q")
    tmux.until(lambda s: "ENDED" in s, 10, "the parent going on once parley quits")
