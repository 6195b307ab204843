"""The browser's source keys: `y` copies a citation, `o` opens a source's address.

Functions over the browser screen, as the editing flows are. What they act on is the
highlighted row of the focused pane (the record shown, when the record pane has focus).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from parley.dossier.model import Article, Claim
from parley.dossier.text import clean, one_line

if TYPE_CHECKING:
    from parley.ui.screens.main import MainScreen

# Only web addresses open: a record's `file:` or `javascript:` URL is shown, not followed.
_WEB_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def target(screen: MainScreen) -> str | None:
    """The record the user is looking at: the focused pane's highlighted row, or the record
    the record pane shows, or the navigator's pick."""
    pane = screen.focused_pane()
    row = pane.current if pane is not None else None
    if row is not None and row.record_id:
        return row.record_id
    shown = screen.place().detail[0]
    if pane is None and shown:
        return shown
    return screen.selected


def _citable(screen: MainScreen, key_does: str) -> Claim | Article | None:
    """The highlighted statement or article; on anything else, say what the key works on."""
    record_id = target(screen)
    record = screen.index.get(record_id) if record_id else None
    if isinstance(record, Claim | Article):
        return record
    here = f" ({record.kind.indefinite} is highlighted)" if record else ""
    screen.notify(f"{key_does}{here}.", severity="warning", markup=False)
    return None


def copy_citation(screen: MainScreen) -> None:
    """Copy the citation of the highlighted statement or article (OSC 52) and say so."""
    from parley.export.cite import cite  # the export layer loads on the first y, not at start

    record = _citable(screen, "y copies the citation of a statement or an article")
    if record is None:
        return
    # The clipboard goes through the terminal: controls in the text are shown, never sent.
    text = clean(cite(screen.index, record.id))
    screen.app.copy_to_clipboard(text)
    screen.notify(f"Citation copied: {one_line(text, 160)}", markup=False)


def source_url(screen: MainScreen, record: Claim | Article) -> str | None:
    """The article's address, or that of a statement's first report that has one."""
    if isinstance(record, Article):
        return record.url
    for article_id in screen.index.articles_reporting(record.id):
        article = screen.index.get_as(article_id, Article)
        if article is not None and article.url:
            return article.url
    return None


def open_source(screen: MainScreen) -> None:
    """Open the highlighted article's address (a statement's: its first report's)."""
    record = _citable(screen, "o opens the address of an article or a statement's report")
    if record is None:
        return
    url = source_url(screen, record)
    if url is None:
        whose = "this article" if isinstance(record, Article) else "any report of this statement"
        screen.notify(f"No URL recorded for {whose}.", severity="warning", markup=False)
    elif not _WEB_URL.match(url):
        shown = one_line(url, 120)
        screen.notify(
            f"Not opened: {shown} is not a web address.", severity="warning", markup=False
        )
    else:
        screen.app.open_url(url)
        screen.notify(f"Opening {one_line(url, 120)}", markup=False)
