"""A merge conflict in a record file: both sides side by side; keep one, or open the file."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from parley.dossier.conflict import SIDES, Side
from parley.dossier.load import Dossier
from parley.dossier.read import Refused
from parley.dossier.text import clean, one_line, safe
from parley.files.atomic import WriteRefused, display_path
from parley.present.conflict import ConflictView, Field, SideView, keep, read_conflict
from parley.ui.commands import Where, bindings
from parley.ui.render import MUTED
from parley.ui.screens.base import ParleyScreen
from parley.ui.widgets.keybar import KeyBar

CHANGED = "$warning"


class ConflictScreen(ParleyScreen[None]):
    """One conflict block of a file at a time; it follows the file as it changes on disk."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.CONFLICT)
    DEFAULT_CSS = """
    ConflictScreen #conflict-title { height: auto; padding: 0 1; }
    ConflictScreen #conflict-status { height: auto; padding: 0 1; color: $warning; }
    ConflictScreen #conflict-status.-empty { display: none; }
    ConflictScreen #conflict-sides { height: 1fr; }
    ConflictScreen .conflict-side {
        width: 1fr; height: 1fr; border: round $panel-lighten-2; padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    ConflictScreen .conflict-side.-chosen { border: heavy $accent; }
    """

    def __init__(self, dossier: Dossier, path: Path) -> None:
        super().__init__()
        self._dossier = dossier
        self.path = path
        self.view: ConflictView | None = None
        self.chosen: Side = "ours"
        self._number = 0
        self._resolved_here = False  # the last block went through this view: close, not "gone"

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        yield Static("", id="conflict-title", markup=False)
        yield Static("", id="conflict-status", markup=False, classes="-empty")
        with Horizontal(id="conflict-sides"):
            for side in SIDES:
                with VerticalScroll(id=f"conflict-{side}", classes="conflict-side"):
                    yield Static("", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Merge conflict"
        self._read()

    @property
    def _label(self) -> str:
        return safe(display_path(self.path))

    # -- reading and drawing --------------------------------------------------------

    def _read(self) -> bool:
        """Read the file again and show its block (the same number, or the last); False: unread."""
        try:
            self.view = read_conflict(self._dossier.root, self.path, self._number)
        except (OSError, Refused, UnicodeDecodeError) as error:
            self.view = None
            self._say(f"{self._label} cannot be read now: {one_line(str(error), 120)}")
            self._draw()
            return False
        self._draw()
        return True

    def _draw(self) -> None:
        title = self.query_one("#conflict-title", Static)
        view = self.view
        if view is None:
            title.update(Content.assemble((self._label, "bold"), ("  no conflict now", MUTED)))
            for side in SIDES:
                self._side_pane(side).display = False
            if not self._status_text:
                self._say(f"{self._label} holds no conflict markers now. esc goes back.")
            return
        self._number = view.number
        block = view.block
        title.update(
            Content.assemble(
                (self._label, "bold"),
                (f"  conflict {view.number + 1} of {view.count}, ", MUTED),
                (f"lines {block.start}-{block.end}", "bold"),
            )
        )
        for side, shown in zip(SIDES, view.sides, strict=True):
            pane = self._side_pane(side)
            pane.display = True
            pane.set_class(side == self.chosen, "-chosen")
            pane.border_title = Content(f"{side}: {one_line(shown.label, 40)}")  # not markup
            pane.border_subtitle = "enter keeps this side" if side == self.chosen else ""
            pane.query_one(Static).update(side_content(shown))

    def _side_pane(self, side: Side) -> VerticalScroll:
        return self.query_one(f"#conflict-{side}", VerticalScroll)

    _status_text = ""

    def _say(self, text: str) -> None:
        """Show ``text`` above the sides (a message that stays until the next one)."""
        self._status_text = text
        status = self.query_one("#conflict-status", Static)
        status.update(text)
        status.set_class(not text, "-empty")

    def dossier_changed(self, dossier: Dossier) -> None:
        self._dossier = dossier
        before = self.view
        read = self._read()
        if self.view is None and self._resolved_here:
            self._close()
        elif before is not None and self.view is None and read:
            self._say(
                f"The conflict is gone: {self._label} changed on disk and holds no conflict "
                "markers now (a merge aborted, or resolved elsewhere). Nothing was written. "
                "esc goes back."
            )
        elif before is not None and self.view is not None and self.view.raw != before.raw:
            self._say(f"{self._label} changed on disk: shown as it is now.")

    def _close(self) -> None:
        if self.is_current:
            self.dismiss(None)

    # -- the keys -------------------------------------------------------------------

    def action_choose(self, side: str) -> None:
        """Make ``ours`` or ``theirs`` the side ``enter`` keeps."""
        self.chosen = "theirs" if side == "theirs" else "ours"
        self._draw()

    async def action_keep(self) -> None:
        """Replace the block shown by the chosen side; refused if the file changed since shown."""
        view = self.view
        if view is None or not self.writable():
            return
        try:
            keep(view, self.chosen, self._dossier.root)
        except (WriteRefused, OSError) as error:
            why = one_line(str(error), 160)
            self.notify(f"Nothing was written: {why}", severity="error", markup=False)
            self._read()
            self._say(f"Nothing was written: {why}. Shown again as it is on disk now.")
            return
        left = view.count - 1
        kept = f"Kept {self.chosen} for lines {view.block.start}-{view.block.end}"
        if left:
            self._say(f"{kept}; {left} more conflict{'s' if left > 1 else ''} in {self._label}.")
        else:
            self._resolved_here = True
            self.notify(f"{kept}: {self._label} has no conflict left.", markup=False)
        self._read()
        await self.parley.refresh_dossier({self.path})
        if self.view is None:
            self._close()

    async def action_edit(self) -> None:
        """Open the file in the editor at the first conflict marker."""
        if not self.writable():
            return
        line = self.view.conflicts.blocks[0].start if self.view is not None else 1
        await self.parley.edit_file(self.path, line)

    def action_close(self) -> None:
        self.dismiss(None)


def side_content(shown: SideView) -> Content:
    """One side: the fields that differ, why it is not a record, its lines, then the rest."""
    parts: list[Content] = []
    fields = shown.fields or ()
    if shown.fields is None:
        parts.append(Content.styled("Not valid TOML on this side:\n", f"bold {CHANGED}"))
    parts += [_field_line(field) for field in fields if field.differs]
    for problem in shown.problems:
        parts.append(Content.assemble(("! ", f"bold {CHANGED}"), clean(problem), "\n"))
    parts.append(Content.styled("\nThe lines this side keeps:\n", f"bold {MUTED}"))
    lines = "".join(shown.lines).rstrip("\n") or "(none: keeping this side removes the block)"
    parts.append(Content.assemble(clean(lines), "\n"))
    same = [_field_line(field) for field in fields if not field.differs]
    if same:
        parts.append(Content.styled("\nThe same on both sides:\n", f"bold {MUTED}"))
    return Content.assemble(*parts, *same)


def _field_line(field: Field) -> Content:
    """``≠ key: value`` for a field the sides differ in, ``  key: value`` (muted) for the rest."""
    if not field.differs:
        return Content.assemble(
            (f"  {field.key}: ", MUTED), (clean(field.value or ""), MUTED), "\n"
        )
    value = (
        (clean(field.value), "bold") if field.value is not None else ("(none)", f"italic {MUTED}")
    )
    return Content.assemble(("≠ ", f"bold {CHANGED}"), (f"{field.key}: ", f"bold {CHANGED}"),
                            value, "\n")  # fmt: skip
