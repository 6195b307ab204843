"""How fast a one-file edit is reloaded, for each kind of edit, against parsing that one file.

    python benchmarks/bench_reload.py FOLDER [--repeat 3] [--json OUT.json]

Copies FOLDER once (it is never modified), loads the copy, builds its search
index, then for each kind of one-file edit (a claim's wording, speaker, round
or date, a report added, a claim file added, deleted, broken and mended, or
renamed, a person renamed or given an alias, an article's or a round's date)
times, each as the best of ``--repeat`` runs:

* ``reload(dossier, [paths])``: what the app runs on the file watcher's event;
* ``SearchIndex.updated``: the search index brought up to date after it;
* the floor: ``parse_file`` of the edited file alone, in the same run.

Also timed once, for comparison: a full check of every record (``assemble``)
and a full build of the search index, which every such reload used to cost.
``measure(folder)`` returns the rows, for the BENCHMARKS.md report.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from parley.dossier.check import Dossier, assemble
from parley.dossier.load import load, reload
from parley.dossier.model import Claim, Kind
from parley.dossier.read import parse_file
from parley.dossier.search import SearchIndex

TARGET = 0.100
"""Seconds from the watcher's event to the panes updated, at 100k claims (issue 12)."""


@dataclass
class Edit:
    """One kind of edit: ``apply`` changes the folder and names the paths it touched;
    ``undo`` puts it back. ``before``, when set, is applied (untimed) first."""

    name: str
    apply: Callable[[], list[Path]]
    undo: Callable[[], object]
    before: Callable[[], list[Path]] | None = None


def _setter(path: Path, key: str, value: str) -> Callable[[], list[Path]]:
    """An edit setting a top-level ``key = value`` line (added after the first line)."""

    def apply() -> list[Path]:
        text = path.read_text("utf-8")
        line = re.compile(rf"^{key} = .*$", re.M)
        if line.search(text):
            text = line.sub(lambda _: f"{key} = {value}", text, count=1)
        else:
            head, _, rest = text.partition("\n")
            text = f"{head}\n{key} = {value}\n{rest}"
        path.write_text(text, "utf-8")
        return [path]

    return apply


def _writer(path: Path, text: str) -> Callable[[], list[Path]]:
    def apply() -> list[Path]:
        path.write_text(text, "utf-8")
        return [path]

    return apply


def _mover(source: Path, target: Path) -> Callable[[], list[Path]]:
    def apply() -> list[Path]:
        source.rename(target)
        return [source, target]

    return apply


def _remover(path: Path) -> Callable[[], list[Path]]:
    def apply() -> list[Path]:
        path.unlink()
        return [path]

    return apply


def _restorer(path: Path) -> Callable[[], object]:
    """Put ``path`` back as it is now (and remove it if it is not there now)."""
    text = path.read_text("utf-8") if path.exists() else None

    def undo() -> None:
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(text, "utf-8")

    return undo


def edits(dossier: Dossier) -> list[Edit]:
    """Each kind of one-file edit, on records of ``dossier`` that have what it changes."""
    index = dossier.index
    claims = index.ids(Kind.CLAIM)
    claim_id = claims[len(claims) // 2]
    claim = index.get_as(claim_id, Claim)
    assert claim is not None
    path = index.path(claim_id)
    assert path is not None
    people = index.ids(Kind.PERSON)
    other_person = next(p for p in people if p != claim.speaker)
    rounds = index.ids(Kind.ROUND)
    other_round = next(r for r in rounds if r != claim.round)
    articles = index.ids(Kind.ARTICLE)
    other_article = next(a for a in articles if a not in {r.article for r in claim.reported_by})
    person = index.path(claim.speaker or people[0])
    article = index.path(claim.reported_by[0].article if claim.reported_by else articles[0])
    round_ = index.path(claim.round or rounds[0])
    assert person is not None and article is not None and round_ is not None
    new_claim = path.with_name("zz-new-claim.toml")
    renamed = path.with_name("zz-renamed-claim.toml")
    text = path.read_text("utf-8")
    report = f'\n[[reported_by]]\narticle = "{other_article}"\nexcerpt = "an excerpt"\n'
    back = _restorer(path)
    return [
        Edit("claim wording", _setter(path, "text", '"Words changed by the benchmark."'), back),
        Edit("claim speaker", _setter(path, "speaker", f'"{other_person}"'), back),
        Edit("claim round", _setter(path, "round", f'"{other_round}"'), back),
        Edit("claim date", _setter(path, "said_on", "2001-02-03"), back),
        Edit("report added to a claim", _writer(path, text + report), back),
        Edit("new claim file", _writer(new_claim, text), _restorer(new_claim)),
        Edit("claim file deleted", _remover(path), back),
        Edit("claim file made invalid TOML", _writer(path, text + "\ntext = [\n"), back),
        Edit(
            "invalid claim file mended",
            _writer(path, text),
            back,
            before=_writer(path, text + "\ntext = [\n"),
        ),
        Edit("person renamed", _setter(person, "name", '"Renamed Person"'), _restorer(person)),
        Edit(
            "person alias added",
            _setter(person, "aliases", '["An Alias", "Another"]'),
            _restorer(person),
        ),
        Edit("article date", _setter(article, "published", "2001-02-03"), _restorer(article)),
        Edit("round date", _setter(round_, "date", "2001-02-03"), _restorer(round_)),
        Edit("claim file renamed", _mover(path, renamed), _mover(renamed, path)),
    ]


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _measure_edit(base: Dossier, search: SearchIndex, edit: Edit, repeat: int) -> dict[str, Any]:
    reload_times, search_times, floors = [], [], []
    for _ in range(repeat):
        start_from = base
        if edit.before is not None:
            start_from, _ = reload(base, edit.before())
        paths = edit.apply()
        gc.collect()
        started = time.perf_counter()
        dossier, changed = reload(start_from, paths)
        reload_times.append(time.perf_counter() - started)
        assert changed, edit.name
        changed_ids = dossier.changed_ids
        assert changed_ids is not None, edit.name
        searched = search if edit.before is None else search.updated(start_from.index, [])
        gc.collect()
        started = time.perf_counter()
        searched.updated(dossier.index, changed_ids)
        search_times.append(time.perf_counter() - started)
        floor = _parse_floor(base.root, paths)
        edit.undo()
        floors.append(floor or _parse_floor(base.root, paths))  # a deleted file: as it was
    floor = min(f for f in floors if f) if any(floors) else 0.0
    return {
        "edit": edit.name,
        "reload_s": min(reload_times),
        "search_update_s": min(search_times),
        "parse_floor_s": floor,
        "reload_ratio": min(reload_times) / floor if floor else None,
        "under_target": min(reload_times) + min(search_times) < TARGET,
    }


def _parse_floor(root: Path, paths: list[Path]) -> float:
    """The time to parse the edited file alone (as it is now), best of 3."""
    path = next((p for p in paths if p.exists()), None)
    if path is None:
        return 0.0
    return best_of(3, partial(parse_file, root, path))


def measure(folder: Path, repeat: int = 3) -> list[dict[str, Any]]:
    """One row per kind of edit (and one for the full re-check), timed on a copy of ``folder``."""
    with tempfile.TemporaryDirectory(prefix="parley-bench-reload-") as tmp:
        root = Path(tmp) / folder.name
        shutil.copytree(folder, root)
        base = load(root)
        started = time.perf_counter()
        search = SearchIndex(base.index)
        build = time.perf_counter() - started
        full = best_of(
            1, lambda: assemble(root, base.files, base.folder_problems, absolute=base.absolute)
        )
        gc.freeze()  # as the app does: no full collection walks the records mid-reload
        rows = [
            {
                "edit": "(before) full re-check and search rebuild",
                "reload_s": full,
                "search_update_s": build,
                "parse_floor_s": None,
                "reload_ratio": None,
                "under_target": full + build < TARGET,
            }
        ]
        for edit in edits(base):
            rows.append(_measure_edit(base, search, edit, repeat))
        gc.unfreeze()
        return rows


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the rows as JSON here too")
    parser.add_argument(
        "--app", action="store_true", help="time the app instead: event to panes redrawn"
    )
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"bench_reload: not a folder: {args.folder}", file=sys.stderr)
        return 2
    if args.app:
        rows = measure_app(args.folder, args.repeat)
        print(f"{'edit':44} {'event to panes ms':>18}")
        for row in rows:
            print(f"{row['edit']:44} {_ms(row['event_to_panes_s']):>18}")
        if args.json:
            args.json.write_text(json.dumps(rows, indent=2), "utf-8")
        return 0
    rows = measure(args.folder, args.repeat)
    print(f"{'edit':44} {'reload ms':>10} {'search ms':>10} {'parse ms':>9} {'ratio':>7}")
    for row in rows:
        ratio = "-" if row["reload_ratio"] is None else f"{row['reload_ratio']:.0f}x"
        print(
            f"{row['edit']:44} {_ms(row['reload_s']):>10} {_ms(row['search_update_s']):>10}"
            f" {_ms(row['parse_floor_s']):>9} {ratio:>7}"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), "utf-8")
    return 0


def measure_app(folder: Path, repeat: int = 3) -> list[dict[str, Any]]:
    """For each kind of edit, the app's part: from the watcher's event (``refresh_dossier``)
    to the panes redrawn, in a headless app on a copy of ``folder``."""
    import asyncio

    with tempfile.TemporaryDirectory(prefix="parley-bench-reload-") as tmp:
        root = Path(tmp) / folder.name
        shutil.copytree(folder, root)
        base = load(root)
        return asyncio.run(_in_app(root, base, repeat))


async def _in_app(root: Path, base: Dossier, repeat: int) -> list[dict[str, Any]]:
    from parley.ui.app import ParleyApp

    app = ParleyApp(root, base, watch=False)
    rows: list[dict[str, Any]] = []
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app._search_index = SearchIndex(base.index)  # as built after opening
        gc.freeze()
        moves = []
        for key in ("down", "up") * repeat:  # the floor: a key that moves the cursor, redrawn
            started = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            moves.append(time.perf_counter() - started)
        rows.append({"edit": "(floor) cursor moved by a key", "event_to_panes_s": min(moves)})
        for edit in edits(base):
            totals = []
            for _ in range(repeat):
                if edit.before is not None:
                    await app.refresh_dossier(set(edit.before()))
                    await pilot.pause()
                paths = edit.apply()
                started = time.perf_counter()
                await app.refresh_dossier(set(paths))
                await pilot.pause()  # every screen has handled DossierChanged and redrawn
                totals.append(time.perf_counter() - started)
                edit.undo()
                await app.refresh_dossier(set(paths))
                await pilot.pause()
            rows.append({"edit": edit.name, "event_to_panes_s": min(totals)})
    return rows


if __name__ == "__main__":
    sys.exit(main())
