"""Check parsed records against each other: duplicate ids, references, warnings.

``assemble`` turns the files read (``read.parse_file``) into a ``Dossier``:
the valid records indexed, and every problem found, each at its line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from parley.dossier.archive import (
    ArchiveFile,
    ArchiveText,
    Match,
    archive_stamp,
    read_archive,
)
from parley.dossier.fields import reference_keys
from parley.dossier.index import Index
from parley.dossier.invalid import loc_text
from parley.dossier.locate import KeyMap, Loc
from parley.dossier.model import AnyRecord, Article, Claim, ClaimKind, Kind, Person
from parley.dossier.problems import Problem
from parley.dossier.read import (
    PATH_ORDER,
    ParsedFile,
    Refused,
    absolute_path,
    kind_of,
    read_bytes,
)
from parley.dossier.sources import quoted
from parley.dossier.text import plural, shorten


@dataclass
class Dossier:
    """Everything loaded from a folder.

    ``root`` is the folder as the user gave it, and every path (``files``, the
    problems) is ``root`` joined with the rest, so messages name files the way
    the user does. ``absolute`` is ``root`` made absolute once, at load, to
    recognise the absolute paths a file watcher reports.
    """

    root: Path
    files: dict[Path, ParsedFile]
    index: Index
    problems: list[Problem]
    stale: frozenset[str] = frozenset()
    # Folders that could not be read; kept by reloads that do not walk the folder again.
    folder_problems: tuple[Problem, ...] = ()
    absolute: Path = field(kw_only=True)
    # Every archive an article names, read or not, by its path (``root`` joined with the rest).
    archives: dict[Path, ArchiveFile] = field(default_factory=dict, kw_only=True)
    # The ids whose record came, went, changed or moved in its kind's order since the dossier
    # this one was reloaded from (what search must index again); None after a full check.
    changed_ids: frozenset[str] | None = field(
        default=None, kw_only=True, repr=False, compare=False
    )
    _folders: set[Path] | None = field(default=None, kw_only=True, repr=False, compare=False)
    # The files of each name, in load order: made on the first reload, kept up by the next.
    stems: dict[str, list[Path]] | None = field(
        default=None, kw_only=True, repr=False, compare=False
    )

    def folders(self) -> set[Path]:
        """Every folder that holds a file read, and the folders above it up to ``root``."""
        if self._folders is None:
            parents = {path.parent for path in self.files}
            self._folders = {f for p in parents for f in (p, *p.parents)}
        return self._folders

    def file_stems(self) -> dict[str, list[Path]]:
        """Every file by its name without ``.toml`` (the id it holds), in load order."""
        if self.stems is None:
            stems: dict[str, list[Path]] = {}
            for path in self.files:
                stems.setdefault(path.stem, []).append(path)
            for holders in stems.values():
                if len(holders) > 1:
                    holders.sort(key=PATH_ORDER)
            self.stems = stems
        return self.stems

    def archive(self, article_id: str) -> ArchiveText | None:
        """An article's archived text, as read at load; None without one (or unreadable)."""
        article = self.index.get_as(article_id, Article)
        if article is None or article.archive is None:
            return None
        found = self.archives.get(self.root / article.archive)
        return found.text if found is not None else None

    def archive_text(self, article_id: str) -> str | None:
        """An article's archived text as a string (for the reader), or None."""
        found = self.archive(article_id)
        return found.text if found is not None else None

    def excerpt_match(self, article_id: str, excerpt: str) -> Match | None:
        """Where an excerpt of the article sits in its archived text (the reader's highlight)."""
        found = self.archive(article_id)
        return found.locate(excerpt) if found is not None else None

    def problems_of(self, record_id: str) -> list[Problem]:
        """The problems in a record's own file."""
        path = self.index.path(record_id)
        return [p for p in self.problems if p.path == path]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


_REFERENCES = {kind: reference_keys(kind) for kind in Kind}


def references(record: AnyRecord) -> Iterator[tuple[Loc, str, Kind]]:
    """Every (key path, id, kind) a record refers to, as ``fields.FIELDS`` marks them."""
    for key, inside, kind in _REFERENCES[record.kind]:
        value = getattr(record, key)
        if inside is None:
            if isinstance(value, list):
                for ref in value:
                    yield (key,), ref, kind
            elif value:
                yield (key,), value, kind
            continue
        for n, table in enumerate(value):
            found = getattr(table, inside)
            for ref in found if isinstance(found, list) else [found] if found else []:
                yield (key, n, inside), ref, kind


class Locator:
    """Reads and scans a file's text only when a problem in it needs a line number.

    Each file is scanned once, however many problems it has.
    """

    def __init__(self) -> None:
        self._maps: dict[Path, KeyMap] = {}

    def __call__(self, path: Path, loc: Loc, value: str | None = None) -> tuple[int, int]:
        keys = self._maps.get(path)
        if keys is None:
            try:  # the file may have become a FIFO or a huge file since it was parsed
                text = read_bytes(path)[1].decode("utf-8", errors="replace").removeprefix("\ufeff")
            except (OSError, Refused):
                text = ""
            keys = self._maps[path] = KeyMap(text)
        return keys.locate(loc, value)


def assemble(
    root: Path,
    files: dict[Path, ParsedFile],
    folder_problems: Sequence[Problem] = (),
    *,
    absolute: Path | None = None,
    archives: dict[Path, ArchiveFile] | None = None,
) -> Dossier:
    """Check the parsed records against each other and index them.

    ``archives`` are those read before: each is read again only if its file changed.
    """
    problems: list[Problem] = list(folder_problems)
    records, paths, stale, broken = _first_of_each_id(root, files, problems)
    index = Index(records, paths)
    cross, waiting = _cross_checks(root, records, paths, index, broken)
    problems.extend(cross)
    read = read_archives(root, index, archives or {})
    problems.extend(archive_problems(root, index, read, Locator()))
    if waiting:
        problems = _under_causes(problems, waiting)
    problems.sort()
    return Dossier(
        root,
        files,
        index,
        problems,
        frozenset(stale),
        tuple(folder_problems),
        absolute=absolute or absolute_path(root),
        archives=read,
    )


def _first_of_each_id(
    root: Path, files: dict[Path, ParsedFile], problems: list[Problem]
) -> tuple[list[AnyRecord], dict[str, Path], set[str], dict[str, Path]]:
    """The records in path order (the first file of each id), their paths, the stale ids,
    and the broken files (with errors and no record of their own) by the id they name.

    A stale record is one kept from an earlier load because its file has since become
    invalid. The files' problems and every duplicate id go into ``problems``.
    """
    stale: set[str] = set()
    records: list[AnyRecord] = []
    paths: dict[str, Path] = {}
    broken: dict[str, Path] = {}
    for path in sorted(files, key=PATH_ORDER):
        parsed = files[path]
        problems.extend(parsed.problems)
        if is_broken(parsed):
            broken.setdefault(path.stem, path)
        record = parsed.record or parsed.stale
        if record is None:
            continue
        if parsed.record is None:
            stale.add(record.id)
        if record.id in paths:
            problems.append(_duplicate(root, path, record.id, paths[record.id]))
            continue
        paths[record.id] = path
        records.append(record)
    return records, paths, stale, broken


def _duplicate(root: Path, path: Path, record_id: str, first: Path) -> Problem:
    """The error in a file whose id an earlier file (``first``) has."""
    # Named from the dossier folder: the line's own path already says where that is.
    first = first.relative_to(root) if first.is_relative_to(root) else first
    message = f"duplicate id {record_id!r}: also used by {first}; this file was not loaded"
    return Problem(path, 1, 1, "error", message, record_id, rule="duplicate-id")


def is_broken(parsed: ParsedFile) -> bool:
    """A file with errors and no record of its own: references to its id wait on its fix."""
    return parsed.record is None and any(p.is_error for p in parsed.problems)


def _cross_checks(
    root: Path,
    records: list[AnyRecord],
    paths: dict[str, Path],
    index: Index,
    broken: dict[str, Path],
) -> tuple[list[Problem], dict[Path, list[Problem]]]:
    """Every reference to no record or to one of the wrong kind, and every warning; and,
    by broken file, the references that wait on its fix (not errors of their own)."""
    problems: list[Problem] = []
    waiting: dict[Path, list[Problem]] = {}
    where = Locator()
    ids_of_kind = {kind: index.ids(kind) for kind in Kind}
    points = {d.topic: len(d.claims) for d in index.disputes()}
    kind_of_id = {record.id: record.kind for record in records}.get
    kind_of_broken = {ref: kind_of(root, path) for ref, path in broken.items()}
    for record in records:
        path = paths[record.id]
        found, waits = check_record(
            record, path, index, ids_of_kind, kind_of_id, kind_of_broken, where, points
        )
        problems.extend(found)
        for ref, problem in waits:
            waiting.setdefault(broken[ref], []).append(problem)
    return problems, waiting


def check_record(
    record: AnyRecord,
    path: Path,
    index: Index,
    ids_of_kind: Mapping[Kind, list[str]],
    kind_of_id: Callable[[str], Kind | None],
    kind_of_broken: Mapping[str, Kind | None],
    where: Locator,
    points: Mapping[str, int],
) -> tuple[list[Problem], list[tuple[str, Problem]]]:
    """A record's bad references and warnings; and the references that wait on a broken
    file (``kind_of_broken``: the kind of each broken file, by the id it names)."""
    problems: list[Problem] = []
    waiting: list[tuple[str, Problem]] = []
    for loc, ref, kind in references(record):
        if kind_of_broken and kind_of_broken.get(ref) is kind:
            # Not an error of its own: it resolves once the broken file is fixed.
            line, col = where(path, loc, ref)
            message = f"{loc_text(loc)}: refers to {ref!r}, whose file has errors"
            problem = Problem(path, line, col, "error", message, record.id, rule="reference")
            waiting.append((ref, problem))
            continue
        if kind_of_id(ref) is kind:  # the usual case: one dict lookup
            continue
        message = _bad_reference(loc, ref, kind, index, ids_of_kind[kind])
        line, col = where(path, loc, ref)
        problems.append(Problem(path, line, col, "error", message, record.id, rule="reference"))
    problems.extend(_warnings(record, path, index, where, points))
    return problems, waiting


def _bad_reference(loc: Loc, ref: str, kind: Kind, index: Index, ids: list[str]) -> str:
    """What is wrong with ``ref`` at ``loc``, which should name a record of ``kind``."""
    target = index.get(ref)
    if target is not None:
        return f"{loc_text(loc)}: {ref!r} is {target.kind.indefinite}, not {kind.indefinite}"
    message = f"{loc_text(loc)}: no {kind.value} with id {ref!r}"
    suggestion = did_you_mean(ref, ids)
    if suggestion:
        message += f"; did you mean {suggestion!r}?"
    return message


def _under_causes(problems: list[Problem], waiting: Mapping[Path, list[Problem]]) -> list[Problem]:
    """Each broken file's first error, carrying the references that wait on its fix."""
    first: dict[Path, int] = {}
    for n, problem in enumerate(problems):
        if problem.path not in waiting or not problem.is_error:
            continue
        if problem.path not in first or problem < problems[first[problem.path]]:
            first[problem.path] = n
    result = list(problems)
    for path, n in first.items():
        result[n] = _carrying(result[n], waiting[path])
    return result


def _carrying(cause: Problem, waiting: list[Problem]) -> Problem:
    """A broken file's first error, with the references that wait on its fix."""
    related = tuple(sorted(waiting))
    count = plural(len(related), "reference")
    verb = "waits" if len(related) == 1 else "wait"
    message = f"{cause.message}; {count} to it {verb} on this fix"
    return replace(cause, message=message, related=related)


def did_you_mean(value: str, choices: Sequence[str]) -> str | None:
    """The one of ``choices`` closest to a mistyped ``value``, if any is close enough."""
    if not choices:
        return None
    from rapidfuzz import process  # only for a mistake: a clean folder starts without it

    match = process.extractOne(value, choices, score_cutoff=70)
    return match[0] if match else None


def _warnings(
    record: AnyRecord, path: Path, index: Index, where: Locator, points: Mapping[str, int]
) -> list[Problem]:
    def warn(rule: str, message: str, loc: Loc = (), value: str | None = None) -> Problem:
        line, col = where(path, loc, value) if loc else (1, 1)
        return Problem(path, line, col, "warning", message, record.id, rule=rule)

    found: list[Problem] = []
    if isinstance(record, Claim):
        if not record.reported_by and not record.narrator:
            found.append(
                warn(
                    "unreported-claim",
                    "no article reports this claim (add a [[reported_by]] entry)",
                )
            )
        for other_id in record.contradicts:
            other = index.get_as(other_id, Claim)
            if other is not None and not set(record.contested) & set(other.contested):
                found.append(
                    warn(
                        "contradiction-without-point",
                        f"contradicts {other_id!r}, but the two name no contested point in "
                        "common, so the Disputes view cannot show them together",
                        ("contradicts",),
                        other_id,
                    )
                )
        for point in record.contested:
            if points.get(point, 0) < 2:
                found.append(
                    warn(
                        "lone-contested-point",
                        f"no other claim contests {point!r}: a contested point needs two versions",
                        ("contested",),
                        point,
                    )
                )
    elif isinstance(record, Article) and index.citation_count(record.id) == 0:
        found.append(
            warn(
                "uncited-article",
                "nothing cites this article: no claim, round or role refers to it",
            )
        )
    elif (
        isinstance(record, Person)
        and not index.claims_by_person(record.id)
        and not index.claims_relayed_by(record.id)
        and not index.rounds_of_person(record.id)
    ):
        found.append(warn("idle-person", "this person made no claim and sat at no round"))
    return found


# -- archived texts ------------------------------------------------------------------


def read_archives(
    root: Path, index: Index, before: dict[Path, ArchiveFile]
) -> dict[Path, ArchiveFile]:
    """Every archive the articles name, reusing those read ``before`` whose file is unchanged."""
    found: dict[Path, ArchiveFile] = {}
    for article_id in index.ids(Kind.ARTICLE):
        article = index.get_as(article_id, Article)
        if article is None or article.archive is None:
            continue
        path = root / article.archive
        if path in found:
            continue
        old = before.get(path)
        if old is not None and old.stamp is not None and old.stamp == archive_stamp(path):
            found[path] = old
        else:
            found[path] = read_archive(root, article.archive)
    return found


def archive_problems(
    root: Path, index: Index, archives: dict[Path, ArchiveFile], where: Locator
) -> list[Problem]:
    """An error for each archive that cannot be read, each excerpt not in its archive, and
    each quote whose words are in none of its excerpts once an article of it is archived."""
    if not archives:
        return []
    problems: list[Problem] = []
    for article_id in index.ids(Kind.ARTICLE):
        article = index.get_as(article_id, Article)
        path = index.path(article_id)
        if article is None or article.archive is None or path is None:
            continue
        read = archives.get(root / article.archive)
        if read is not None and read.error is not None:
            line, col = where(path, ("archive",))
            problems.append(
                Problem(path, line, col, "error", read.error, article_id, rule="archive")
            )
    for claim_id in index.ids(Kind.CLAIM):
        claim = index.get_as(claim_id, Claim)
        if claim is not None:
            problems.extend(claim_archive_problems(root, index, claim, archives, where))
    return problems


def claim_archive_problems(
    root: Path, index: Index, claim: Claim, archives: dict[Path, ArchiveFile], where: Locator
) -> list[Problem]:
    """A claim's excerpts checked against its articles' archives, and its quoted words."""
    path = index.path(claim.id)
    if path is None or not claim.reported_by:
        return []
    problems: list[Problem] = []
    archived = False
    for n, report in enumerate(claim.reported_by):
        article = index.get_as(report.article, Article)
        if article is None or article.archive is None:
            continue
        archived = True
        read = archives.get(root / article.archive)
        if read is None or read.text is None or read.text.locate(report.excerpt):
            continue
        line, col = where(path, ("reported_by", n, "excerpt"))
        message = _not_found(n, article.archive, read.text, report.excerpt)
        problem = Problem(path, line, col, "error", message, claim.id, rule="excerpt-not-found")
        problems.append(problem)
    if archived and claim.type is ClaimKind.QUOTE and not quoted(claim):
        line, col = where(path, ("text",))
        problems.append(
            Problem(
                path,
                line,
                col,
                "error",
                "a quote whose words appear in none of its excerpts: check the words against "
                "the archived text, or call it a paraphrase",
                claim.id,
                rule="quote-not-in-excerpts",
            )
        )
    return problems


_PASSAGE_CHARS = 160


def _not_found(n: int, archive: str, text: ArchiveText, excerpt: str) -> str:
    """An excerpt not in its archive, with the passage there that comes closest."""
    message = f"reported_by[{n}].excerpt: not found in {archive}"
    nearest = text.nearest(excerpt)
    if nearest is None or nearest.score == 0:
        return message + " (nothing in it comes close)"
    passage = shorten(" ".join(nearest.passage.split()), _PASSAGE_CHARS)
    return (
        f"{message}; closest passage, line {nearest.match.line} "
        f'({nearest.score:.0f}% alike): "{passage}"'
    )


# -- checking a few files again ------------------------------------------------------


def recheck(
    root: Path,
    files: Mapping[Path, ParsedFile],
    index: Index,
    stems: Mapping[str, list[Path]],
    archives: dict[Path, ArchiveFile],
    targets: Iterable[Path],
) -> dict[Path, list[Problem]]:
    """Every problem in each of ``targets``, exactly as ``assemble`` finds it, sorted.

    ``stems`` lists the files of each file name (an id), in load order: the
    first with a record gives the id's record, and the first broken one gets
    the references that wait on its fix.
    """
    where = Locator()
    ids_of_kind = {kind: index.ids(kind) for kind in Kind}

    def kind_of_id(ref: str) -> Kind | None:
        record = index.records.get(ref)
        return record.kind if record is not None else None

    def broken_kinds(record: AnyRecord) -> dict[str, Kind | None]:
        found: dict[str, Kind | None] = {}
        for _, ref, _ in references(record):
            broken = _broken_file(files, stems, ref)
            if broken is not None:
                found[ref] = kind_of(root, broken)
        return found

    def checked(record: AnyRecord, path: Path) -> tuple[list[Problem], list[tuple[str, Problem]]]:
        points = {p: len(index.contesting(p)) for p in getattr(record, "contested", ())}
        return check_record(
            record, path, index, ids_of_kind, kind_of_id, broken_kinds(record), where, points
        )

    found: dict[Path, list[Problem]] = {}
    for path in targets:
        parsed = files.get(path)
        if parsed is None:
            found[path] = []
            continue
        problems = list(parsed.problems)
        record = parsed.record or parsed.stale
        first = index.path(record.id) if record is not None else None
        if record is not None and first is not None and first != path:
            problems.append(_duplicate(root, path, record.id, first))
        elif record is not None:
            problems.extend(checked(record, path)[0])
            problems.extend(_own_archive_problems(root, index, record, archives, where))
        problems.sort()
        if _broken_file(files, stems, path.stem) == path:
            problems = _waited_on(index, path, problems, checked)
        found[path] = problems
    return found


def _broken_file(
    files: Mapping[Path, ParsedFile], stems: Mapping[str, list[Path]], stem: str
) -> Path | None:
    """The first broken file named ``stem``, if any (``_first_of_each_id``'s ``broken``)."""
    for path in stems.get(stem, ()):
        if is_broken(files[path]):
            return path
    return None


def _waited_on(
    index: Index,
    path: Path,
    problems: list[Problem],
    checked: Callable[[AnyRecord, Path], tuple[list[Problem], list[tuple[str, Problem]]]],
) -> list[Problem]:
    """A broken file's problems, its first error carrying the references waiting on it."""
    waiting: list[Problem] = []
    for referrer in index.referrers(path.stem):
        record, at = index.get(referrer), index.path(referrer)
        if record is not None and at is not None:
            waiting.extend(p for ref, p in checked(record, at)[1] if ref == path.stem)
    cause = next((n for n, p in enumerate(problems) if p.is_error), None)
    if not waiting or cause is None:
        return problems
    problems[cause] = _carrying(problems[cause], waiting)
    return problems


def _own_archive_problems(
    root: Path,
    index: Index,
    record: AnyRecord,
    archives: dict[Path, ArchiveFile],
    where: Locator,
) -> list[Problem]:
    """``archive_problems`` for one record: its archive unreadable, or its excerpts not in it."""
    if not archives:
        return []
    if isinstance(record, Claim):
        return claim_archive_problems(root, index, record, archives, where)
    path = index.path(record.id)
    if not isinstance(record, Article) or record.archive is None or path is None:
        return []
    read = archives.get(root / record.archive)
    if read is None or read.error is None:
        return []
    line, col = where(path, ("archive",))
    return [Problem(path, line, col, "error", read.error, record.id, rule="archive")]
