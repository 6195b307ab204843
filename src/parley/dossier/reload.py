"""Reload a dossier after a change: parse only the files that changed, re-check only if needed.

An edit that touches no link, date or name (``index.structure``) is patched in
without checking every record again; anything else is assembled afresh.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from parley.dossier.archive import archive_stamp
from parley.dossier.check import Dossier, Locator, assemble, claim_archive_problems
from parley.dossier.index import structure
from parley.dossier.model import AnyRecord, Article, Claim, Kind
from parley.dossier.read import (
    ParsedFile,
    absolute_path,
    discover,
    parse_file,
    unread_folders,
)
from parley.dossier.stamp import file_stamp


def _under(path: Path, folders: set[Path]) -> bool:
    return any(parent in folders for parent in path.parents)


def _kept(old: ParsedFile) -> ParsedFile:
    """A file in a folder that can no longer be read: its last record, marked stale.

    The stamp matches no real file, so it is read again once the folder is back.
    """
    return ParsedFile(old.path, None, None, stale=old.record or old.stale)


def refresh(dossier: Dossier, paths: Iterable[Path] | None = None) -> tuple[Dossier, set[Path]]:
    """Load again, parsing only files whose size or mtime changed.

    With ``paths`` (what a file watcher saw change), only those are looked at,
    sparing a walk and a stat of every file; any path that is not a ``.toml``
    file under the folder (a renamed folder, say) falls back to looking at
    everything. ``paths`` may be relative or absolute, whatever ``root`` is.
    Returns the new dossier and the paths that were added, changed or removed.
    """
    if paths is not None:
        wanted = _own_paths(dossier, paths)
        if wanted is not None:
            return _reload_paths(dossier, wanted)
    return _reload(dossier)


def _own_paths(dossier: Dossier, paths: Iterable[Path | str]) -> dict[Path, bool] | None:
    """Each path as the dossier names it (``root`` joined with the rest), and whether it is hidden.

    None when a path is not a ``.toml`` file inside the folder: a full reload is needed.
    """
    own: dict[Path, bool] = {}
    for given in paths:
        path = Path(given)
        try:
            inside = absolute_path(path).relative_to(dossier.absolute)
        except ValueError:
            return None
        if _archived_text(inside):
            continue  # every archive is looked at anyway (``_archives_changed``)
        if path.suffix != ".toml" or not inside.parts:
            return None
        own[dossier.root / inside] = any(part.startswith(".") for part in inside.parts)
    return own


def _archived_text(inside: Path) -> bool:
    """A path (from the dossier folder) an article's archive may have: ``archives/….md``."""
    return (
        len(inside.parts) > 1
        and inside.parts[0] == "archives"
        and inside.suffix
        in (
            ".md",
            ".txt",
        )
    )


def _archives_changed(dossier: Dossier) -> set[Path]:
    """The archives whose file changed since they were read, and the articles naming them."""
    gone = {path for path, read in dossier.archives.items() if read.stamp != archive_stamp(path)}
    if not gone:
        return gone
    for article_id in dossier.index.ids(Kind.ARTICLE):
        article = dossier.index.get_as(article_id, Article)
        path = dossier.index.path(article_id)
        if article and article.archive and path and dossier.root / article.archive in gone:
            gone.add(path)
    return gone


def _reparse(root: Path, path: Path, old: ParsedFile | None) -> ParsedFile:
    parsed = parse_file(root, path)
    if parsed.record is None and old is not None:
        parsed.stale = old.record or old.stale
    return parsed


def _reload_paths(dossier: Dossier, paths: dict[Path, bool]) -> tuple[Dossier, set[Path]]:
    root = dossier.root
    files = dict(dossier.files)
    changed: set[Path] = set()
    root_checked = False
    for path, hidden in paths.items():
        old = files.get(path)
        if hidden or not os.path.lexists(path):
            if not hidden and not root_checked:
                if not os.path.isdir(root):
                    return _reload(dossier)  # the whole folder went: keep what it held
                root_checked = True
            if files.pop(path, None) is not None:
                changed.add(path)
            continue
        if os.path.isdir(path):
            return _reload(dossier)  # a folder named like a file: walk it
        if old is not None and old.stamp == file_stamp(path):
            continue
        files[path] = _reparse(root, path, old)
        changed.add(path)
    archives = _archives_changed(dossier)
    if not changed and not archives:
        return dossier, changed
    patched = _patched(dossier, files, changed) if not archives else None
    if patched is not None:
        return patched, changed
    fresh = assemble(
        root, files, dossier.folder_problems, absolute=dossier.absolute, archives=dossier.archives
    )
    return fresh, changed | archives


def _patched(dossier: Dossier, files: dict[Path, ParsedFile], changed: set[Path]) -> Dossier | None:
    """The dossier after edits that touch no link, date or name, without re-checking all.

    Such an edit (a quote's wording, an excerpt, notes) cannot change any
    reference, ordering or warning, so only the edited files' own problems are
    replaced. Anything else returns None, for a full ``assemble``.
    """
    index = dossier.index
    updated: dict[str, AnyRecord] = {}
    stale = set(dossier.stale)
    for path in changed:
        old, new = dossier.files.get(path), files.get(path)
        if old is None or new is None:
            return None  # a file came or went
        before, after = old.record or old.stale, new.record or new.stale
        if before is None or after is None or before.id != after.id:
            return None
        if (old.record is None) != (new.record is None):
            return None  # broken or mended: references to it wait on it, or no longer
        if index.path(after.id) != path or structure(before) != structure(after):
            return None
        if isinstance(after, Article) and isinstance(before, Article):
            if after.archive != before.archive:
                return None  # another text to read and check the excerpts against
        updated[after.id] = after
        (stale.add if new.record is None else stale.discard)(after.id)
    own = {id(p) for path in changed for p in dossier.files[path].problems}
    if any(p.path in changed and id(p) not in own for p in dossier.problems):
        return None  # a reference or warning in an edited file: its line may have moved
    problems = [p for p in dossier.problems if p.path not in changed]
    for path in changed:
        problems.extend(files[path].problems)
    index = index.with_records(updated)
    where = Locator()
    for record in updated.values():
        if isinstance(record, Claim):  # an edited excerpt is checked against its archive
            problems.extend(
                claim_archive_problems(dossier.root, index, record, dossier.archives, where)
            )
    problems.sort()
    return Dossier(
        dossier.root,
        files,
        index,
        problems,
        frozenset(stale),
        dossier.folder_problems,
        absolute=dossier.absolute,
        archives=dossier.archives,
    )


def _reload(dossier: Dossier) -> tuple[Dossier, set[Path]]:
    root = dossier.root
    files: dict[Path, ParsedFile] = {}
    changed: set[Path] = set()
    still_there = 0
    errors: list[OSError] = []
    for path in discover(root, errors):
        old = dossier.files.get(path)
        if old is not None:
            still_there += 1
            if old.stamp == file_stamp(path):
                files[path] = old
                continue
        files[path] = _reparse(root, path, old)
        changed.add(path)
    folder_problems = unread_folders(root, errors, reloading=True)
    if still_there < len(dossier.files):  # some files went away, or their folder did
        unreadable = {p.path for p in folder_problems}
        for path, old in dossier.files.items():
            if path in files:
                continue
            if _under(path, unreadable) and (old.record or old.stale):
                files[path] = old if old.stamp is None else _kept(old)
            if files.get(path) is not old:
                changed.add(path)
    # A folder that became unreadable or readable again counts as changed, even when empty.
    before = {(p.path, p.message) for p in dossier.folder_problems}
    changed.update(path for path, _ in before ^ {(p.path, p.message) for p in folder_problems})
    changed |= _archives_changed(dossier)
    if not changed:
        return dossier, changed
    fresh = assemble(
        root, files, folder_problems, absolute=dossier.absolute, archives=dossier.archives
    )
    return fresh, changed
