"""Every key of every screen is in the action table and in the help, each with its own id."""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

import parley.ui
from parley.dossier.load import load
from parley.dossier.model import Kind
from parley.ui.app import ParleyApp
from parley.ui.commands import ACTIONS, key_name
from parley.ui.screens.help import KEYS_WIDTH, HelpScreen
from parley.ui.screens.main import MainScreen

from .conftest import DOSSIERS

FORMS = "New record and add-report forms"
# The help section that lists each screen's or widget's own keys.
SECTIONS = {
    "ParleyApp": "Anywhere",
    "MainScreen": "Browsing",
    "RowList": "Moving",
    "DetailPane": "Moving",
    "DisputesScreen": "Disputes view",
    "VersionCard": "Disputes view",
    "SearchScreen": "Search",
    "ProblemsScreen": "Problems view",
    "ConflictScreen": "Conflict view",
    "RecordForm": FORMS,
    "ReportForm": FORMS,
    "DiscardForm": FORMS,
    "HelpScreen": "Help",
    "SaveAs": "Saving an export",
    "ImportFile": "Importing a file",
    "TimelineScreen": "Timeline",
    "FilterScreen": "Filter picker",
    "ChoiceList": "Filter picker",
    "ReaderScreen": "Reader",
    "HistoryScreen": "History and changes views",
    "ChangesScreen": "History and changes views",
    "GitRowList": "History and changes views",
    "ChangeScreen": "History and changes views",
    "AskRevision": "History and changes views",
}


def keyed_classes() -> list[type[DOMNode]]:
    """Every screen, widget and app class of parley's UI, found by walking its modules."""
    found: list[type[DOMNode]] = []
    for info in pkgutil.walk_packages(parley.ui.__path__, "parley.ui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    return [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def help_sections(text: str) -> dict[str, list[tuple[list[str], str]]]:
    """The help's text as section title -> (keys, description) per line."""
    sections: dict[str, list[tuple[list[str], str]]] = {}
    for block in text.strip().split("\n\n"):
        title, *lines = block.splitlines()
        sections[title] = [
            (line[2:KEYS_WIDTH + 1].strip().split(" / "), line[KEYS_WIDTH + 2 :])
            for line in lines
        ]  # fmt: skip
    return sections


async def shown_help() -> str:
    app = ParleyApp(DOSSIERS, load(DOSSIERS), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        return str(app.screen.query_one(Static).render())


async def test_help_lists_every_binding_of_every_screen_with_its_keys() -> None:
    sections = help_sections(await shown_help())
    every_line = [line for lines in sections.values() for line in lines]
    by_id = {a.id: a for a in ACTIONS}
    classes = keyed_classes()
    assert {"MainScreen", "DisputesScreen", "ProblemsScreen", "RecordForm"} <= {
        c.__name__ for c in classes
    }
    for cls in classes:
        own = own_bindings(cls)
        if own:
            assert cls.__name__ in SECTIONS, f"{cls.__name__}: which help section lists its keys?"
        for binding in own:
            assert binding.id in by_id, f"{cls.__name__} binds {binding.key!r} outside the table"
            keys = [key_name(k) for k in binding.key.split(",")]
            description = by_id[binding.id].description
            lines = sections[SECTIONS[cls.__name__]]
            assert any(set(keys) <= set(k) and d == description for k, d in lines), (
                f"{cls.__name__}: {binding.key} ({description}) is not in its help section"
            )
        if not issubclass(cls, Screen | App):
            continue
        # Keys a screen inherits from Textual (tab, copy, ctrl+q) are listed somewhere too.
        for key, merged in cls._merge_bindings().key_to_bindings.items():
            if any(not b.system for b in merged):
                assert any(key_name(key) in k for k, _d in every_line), (
                    f"{cls.__name__}: {key} is not in the help"
                )


def test_every_binding_has_its_own_id() -> None:
    ids = [a.id for a in ACTIONS]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    app_ids = {b.id for b in own_bindings(ParleyApp)}
    for cls in keyed_classes():
        own = [b.id for b in own_bindings(cls)]
        assert None not in own, f"{cls.__name__} has a binding without an id"
        assert len(own) == len(set(own)), f"{cls.__name__} gives two bindings one id"
        if cls is not ParleyApp:
            assert not set(own) & app_ids, f"{cls.__name__} reuses an id of the app's"


async def test_a_keymap_rebinds_one_action_by_its_id() -> None:
    app = ParleyApp(DOSSIERS, load(DOSSIERS), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.set_keymap({"show-claims": "c"})
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.kind is Kind.CLAIM
        await pilot.press("1")  # the other tabs keep their keys
        await pilot.pause()
        assert screen.kind is Kind.ROUND
