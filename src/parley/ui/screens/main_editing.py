"""The browser's editing flows: what `e` opens, what `n` creates, what `a` adds a report to.

Functions over the browser screen, so that screen reads as layout, state and navigation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parley.dossier.conflict import is_conflict_message
from parley.dossier.model import Claim, Kind
from parley.dossier.text import safe
from parley.files.editor import field_loc, line_of

if TYPE_CHECKING:
    from parley.ui.screens.main import MainScreen


def edit_target(screen: MainScreen) -> tuple[str, str | None] | None:
    """The record (and report) the user is looking at: what `e` opens."""
    pane = screen.focused_pane()
    row = pane.current if pane is not None else None
    if row is None or row.record_id is None:
        return (screen.selected, None) if screen.selected else None
    record = screen.index.get(row.record_id)
    if row.claim_id and record is not None and record.kind is Kind.ARTICLE:
        # A report row: its excerpt lives in the claim's file.
        return row.claim_id, row.record_id
    return row.record_id, None


async def edit(screen: MainScreen) -> None:
    """Open the record in view in the user's editor, at its line."""
    target = edit_target(screen)
    if target is None:
        screen.notify("Nothing to edit here.", severity="warning", markup=False)
        return
    record_id, article_id = target
    record = screen.index.get(record_id)
    path = screen.index.path(record_id)
    if record is None or path is None:
        return
    if record_id in screen.dossier.stale and any(
        is_conflict_message(p.message) for p in screen.dossier.problems_of(record_id)
    ):  # a merge conflict: both sides, with keys to keep one (and `e` there for the editor)
        from parley.ui.screens.conflict import ConflictScreen

        screen.app.push_screen(ConflictScreen(screen.dossier, path))
        return
    loc, _ = field_loc(record, article_id)
    await screen.parley.edit_file(path, line_of(path, loc))


def focused_kind(screen: MainScreen) -> Kind:
    """The kind of the highlighted row in the focused pane, else the navigator's."""
    pane = screen.focused_pane()
    row = pane.current if pane is not None else None
    record = screen.index.get(row.record_id) if row and row.record_id else None
    if pane is not None and pane is not screen.navigator and record is not None:
        return record.kind
    return screen.kind


def new_record(screen: MainScreen) -> None:
    """A form for a new record of the kind in focus; once saved, the browser shows it."""
    from parley.present.forms import prefill
    from parley.ui.screens.record_form import RecordForm

    kind = focused_kind(screen)
    row = screen.top.current  # a statement highlighted beside the picked record
    highlighted = (row.claim_id or row.record_id) if row else None
    values, reports = prefill(kind, screen.index, screen.selected, highlighted)
    app = screen.parley

    async def created(record_id: str | None) -> None:
        if record_id:
            await app.refresh_dossier()
            # At once, to select the new record; the DossierChanged that follows finds
            # this dossier already shown.
            if app.dossier is not None:
                screen.dossier_changed(app.dossier)
            screen.go_to(record_id)
            screen.notify(safe(f"Created {kind.folder}/{record_id}.toml"), markup=False)

    form = RecordForm(kind, screen.dossier.root, screen.index, app.search_index(), values, reports)
    app.push_screen(form, created)


def add_report(screen: MainScreen) -> None:
    """A form for one more article reporting the claim in view, appended to its file."""
    from parley.ui.screens.record_form import ReportForm

    target = edit_target(screen)
    claim = screen.index.get_as(target[0] if target else None, Claim)
    if claim is None:
        claim = screen.index.get_as(screen.selected, Claim)
    path = screen.index.path(claim.id) if claim else None
    if claim is None or path is None:
        screen.notify("Highlight a claim to add a report to it.", severity="warning", markup=False)
        return
    if claim.id in screen.dossier.stale:
        screen.notify(
            "This claim's file has errors: fix them first (e).", severity="error", markup=False
        )
        return
    app = screen.parley

    async def added(report: object) -> None:
        if report is not None:
            await app.refresh_dossier()
            screen.notify(safe(f"Added a report to {path.name}"), markup=False)

    app.push_screen(ReportForm(screen.index, app.search_index(), claim, path), added)
