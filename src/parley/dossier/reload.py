"""Reload a dossier after a change: parse only the files that changed, check what they reach.

The index is updated for the changed records (``reindex.updated``), and only
the files whose problems a change can alter are checked again
(``check.recheck``); the result is what ``load`` would give. Only a change of
the folders themselves (one that became unreadable, say) is assembled afresh.
"""

from __future__ import annotations

import os
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from pathlib import Path

from parley.dossier.archive import archive_stamp
from parley.dossier.check import Dossier, assemble, read_archives, recheck, references
from parley.dossier.index import Index
from parley.dossier.model import Article, Kind, Person, Round
from parley.dossier.problems import Problem
from parley.dossier.read import (
    PATH_ORDER,
    ParsedFile,
    absolute_path,
    discover,
    parse_file,
    unread_folders,
)
from parley.dossier.reindex import Change, Reindexed, updated
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
    everything, unless it is neither a folder now nor one that held files read
    (an editor's scratch file). ``paths`` may be relative or absolute, whatever ``root`` is.
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
            if inside.parts and _not_a_folder(dossier, dossier.root / inside):
                continue  # an editor's scratch file (vim writes "4913" to test the folder)
            return None
        own[dossier.root / inside] = any(part.startswith(".") for part in inside.parts)
    return own


def _not_a_folder(dossier: Dossier, path: Path) -> bool:
    """``path`` is no folder now and held none of the files read: it cannot hold records."""
    if os.path.isdir(path):
        return False
    return path not in dossier.folders()


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
    return patched(dossier, files, changed | archives), changed | archives


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
    if before == {(p.path, p.message) for p in folder_problems}:
        return patched(dossier, files, changed), changed
    fresh = assemble(
        root, files, folder_problems, absolute=dossier.absolute, archives=dossier.archives
    )
    return fresh, changed


def prepare(dossier: Dossier) -> None:
    """Make ahead (in a thread, after opening) what the first reload would make on its way:
    the files by name, and who cites each article."""
    dossier.file_stems()
    dossier.index.referrers("")


def patched(dossier: Dossier, files: dict[Path, ParsedFile], changed: set[Path]) -> Dossier:
    """``dossier`` after its ``files`` at ``changed`` paths changed (came, went or were edited)."""
    stems = _restemmed(dossier, files, changed)
    touched = {path.stem for path in changed}
    changes, stale = _id_changes(dossier, files, stems, touched)
    reindexed = updated(dossier.index, changes)
    index = reindexed.index
    archives = dossier.archives
    if changed & set(dossier.archives) or any(
        isinstance(record, Article)
        for record_id in changes
        for record in (dossier.index.get(record_id), index.get(record_id))
    ):
        archives = read_archives(dossier.root, index, dossier.archives)
    targets = _reached(dossier, index, stems, touched, changes, reindexed)
    targets.update(changed)
    found = recheck(dossier.root, files, index, stems, archives, targets)
    return Dossier(
        dossier.root,
        files,
        index,
        _replaced(dossier.problems, found),
        frozenset(stale),
        dossier.folder_problems,
        absolute=dossier.absolute,
        archives=archives,
        stems=stems,
        changed_ids=frozenset(changes.keys() | reindexed.moved),
    )


def _restemmed(
    dossier: Dossier, files: dict[Path, ParsedFile], changed: set[Path]
) -> dict[str, list[Path]]:
    """The files of each name after the change, in load order (copied where it changed)."""
    before = dossier.file_stems()
    came_or_went = [p for p in changed if (p in dossier.files) != (p in files)]
    if not came_or_went:
        return before
    stems = dict(before)
    for path in came_or_went:
        holders = [p for p in stems.get(path.stem, ()) if p != path]
        if path in files:
            holders.append(path)
            holders.sort(key=PATH_ORDER)
        if holders:
            stems[path.stem] = holders
        else:
            stems.pop(path.stem, None)
    return stems


def _id_changes(
    dossier: Dossier,
    files: dict[Path, ParsedFile],
    stems: dict[str, list[Path]],
    touched: set[str],
) -> tuple[dict[str, Change], set[str]]:
    """The ids whose record (or file) changed, with their new record; and the stale ids."""
    changes: dict[str, Change] = {}
    stale = set(dossier.stale)
    index = dossier.index
    for stem in touched:
        stale.discard(stem)
        new: Change = None
        for path in stems.get(stem, ()):
            parsed = files[path]
            record = parsed.record or parsed.stale
            if record is None:
                continue
            if new is None:
                new = (record, path)
            if parsed.record is None:
                stale.add(stem)  # as ``assemble`` says, even of a duplicate
        if new is None:
            if stem in index:
                changes[stem] = None
        elif new[0] is not index.get(stem) or new[1] != index.path(stem):
            changes[stem] = new
    return changes, stale


def _reached(
    dossier: Dossier,
    index: Index,
    stems: dict[str, list[Path]],
    touched: set[str],
    changes: dict[str, Change],
    reindexed: Reindexed,
) -> set[Path]:
    """The files whose problems the change may alter (besides the changed files).

    Every file of a touched name (duplicates, broken files), every record that
    refers to a touched id, every record a changed record refers to or referred
    to (citations, a person's claims), the claims of a contested point that
    gained or lost its second claim, and every reference to no record of a
    kind whose ids changed (its "did you mean" may change).
    """
    old = dossier.index
    targets: set[Path] = set()
    before = dossier.file_stems()

    def add(record_id: str) -> None:
        path = index.path(record_id)
        if path is not None:
            targets.add(path)
        targets.update(stems.get(record_id, ()))

    for stem in touched:
        targets.update(before.get(stem, ()))
        targets.update(stems.get(stem, ()))
        if not _seen_alike(dossier, index, before, stems, stem):
            for referrer in index.referrers(stem):
                add(referrer)
    for record_id in changes:
        for version in (old.get(record_id), index.get(record_id)):
            if version is not None:
                for _, ref, _ in references(version):
                    add(ref)
    for point in reindexed.points:
        was, now = old.contesting(point), index.contesting(point)
        if (len(was) < 2) != (len(now) < 2):
            for claim_id in [*was, *now]:
                add(claim_id)
    for kind in reindexed.reordered:
        marker = f": no {kind.value} with id "
        targets.update(p.path for p in dossier.problems if p.is_error and marker in p.message)
    return targets


def _seen_alike(
    dossier: Dossier,
    index: Index,
    before: dict[str, list[Path]],
    stems: dict[str, list[Path]],
    stem: str,
) -> bool:
    """Whether what refers to ``stem`` sees it as before: a new version of a person or round
    (whose other keys no check of a reference reads), or of an article with the same
    archive, from one valid file before and after. A person quoted 5,000 times is then not
    checked 5,000 times. The same record touched again (its file broke, its archive
    changed) is not seen alike."""
    was, now = dossier.index.get(stem), index.get(stem)
    if was is None or now is None or was is now or type(was) is not type(now):
        return False
    if len(before.get(stem, ())) != 1 or len(stems.get(stem, ())) != 1:
        return False  # duplicates or broken files: the references may wait on them
    if isinstance(was, Article) and isinstance(now, Article):
        return was.archive == now.archive
    return isinstance(now, (Person, Round))


def _replaced(problems: list[Problem], found: dict[Path, list[Problem]]) -> list[Problem]:
    """``problems`` (sorted) with those of each path in ``found`` replaced by the found ones."""
    result = list(problems)
    for path, fresh in found.items():
        start = bisect_left(result, path, key=_path_of)
        end = bisect_right(result, path, lo=start, key=_path_of)
        result[start:end] = fresh
    return result


def _path_of(problem: Problem) -> Path:
    return problem.path
