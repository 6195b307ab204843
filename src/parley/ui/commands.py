"""Every user action, named once: its keys, its footer label, its palette entry.

Bindings, the help screen and the command palette are all made from this
table, so a key can never be missing from one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True)
class Action:
    """One thing the user can do."""

    action: str
    keys: str
    title: str
    description: str
    show: bool = False
    key_display: str | None = None

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.title,
            show=self.show,
            key_display=self.key_display,
            id=self.action.split("(")[0],
        )

    @property
    def keys_text(self) -> str:
        """Every key bound to the action, as a person would write it."""
        return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in self.keys.split(","))


KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "alt+left": "alt+←",
    "alt+right": "alt+→",
    "escape": "esc",
    "exclamation_mark": "!",
}


SCREEN_ACTIONS: list[Action] = [
    Action("show_kind('round')", "1", "Rounds", "List the rounds of talks"),
    Action("show_kind('person')", "2", "People", "List people, grouped by side"),
    Action("show_kind('claim')", "3", "Claims", "List every statement, oldest first"),
    Action("show_kind('article')", "4", "Articles", "List the source articles"),
    Action("disputes", "d", "Disputes", "Contested points, versions side by side", show=True),
    Action(
        "search",
        "slash",
        "Search",
        "Search every record by name, alias and text",
        show=True,
        key_display="/",
    ),
    Action(
        "back",
        "backspace,alt+left",
        "Back",
        "Go back to where you were",
        show=True,
        key_display="⌫",
    ),
    Action("forward", "alt+right", "Forward", "Go forward again", key_display="alt+→"),
    Action("focus_navigator", "escape", "Navigator", "Move focus back to the list on the left"),
    Action(
        "edit", "e", "Edit", "Open the highlighted record's file in $EDITOR at its line", show=True
    ),
    Action("new", "n", "New", "Create a record of the kind in focus (a form)", show=True),
    Action("add_report", "a", "Add report", "Add a reporting article to the highlighted claim"),
    Action(
        "problems",
        "exclamation_mark",
        "Problems",
        "List every problem; enter opens it",
        show=True,
        key_display="!",
    ),
]
APP_ACTIONS: list[Action] = [
    Action("help", "question_mark", "Help", "Show every key", show=True, key_display="?"),
    Action("command_palette", "ctrl+p", "Commands", "Open the command palette", show=True),
    Action("quit", "q", "Quit", "Quit parley", show=True),
]
PANE_KEYS: list[tuple[str, str]] = [
    ("tab / shift+tab", "Next / previous pane"),
    ("↓ j / ↑ k", "Move within a pane"),
    ("pgdn / pgup", "Page down / up"),
    ("home g / end G", "First / last row"),
    ("enter", "Follow the highlighted record to its own page"),
]


class ParleyCommands(Provider):
    """The command palette: every action in the table, runnable by name."""

    def _actions(self) -> list[Action]:
        return SCREEN_ACTIONS + [a for a in APP_ACTIONS if a.action != "command_palette"]

    async def _run(self, action: str) -> None:
        screen = self.app.screen
        target = screen if any(a.action == action for a in SCREEN_ACTIONS) else self.app
        await target.run_action(action)

    async def discover(self) -> Hits:
        for action in self._actions():
            yield DiscoveryHit(
                f"{action.title}  ({action.keys_text})",
                partial(self._run, action.action),
                help=action.description,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action in self._actions():
            text = f"{action.title}  ({action.keys_text})"
            score = max(matcher.match(text), matcher.match(action.description) * 0.8)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(self._run, action.action),
                    help=action.description,
                )
