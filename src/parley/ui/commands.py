"""Every user action, named once: its id, keys, footer label, help line and where it applies.

Bindings, the footer, the help screen and the command palette are all made from this
table, so a key can never be missing from one of them. Each action has its own id:
a user keymap (``App.set_keymap``) rebinds it by that id.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import partial

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.keys import Keys, _character_to_key


class Where(Enum):
    """The screen or widget whose keys an action is: where it applies."""

    APP = "app"
    SCREEN = "screen"  # every screen (Textual's own keys)
    LIST = "list"  # any list of rows
    DETAIL = "detail"  # the record pane of the browser
    MAIN = "main"  # the browser
    DISPUTES = "disputes"
    VERSION = "version"  # one version card in the disputes view
    SEARCH = "search"
    PROBLEMS = "problems"
    CONFLICT = "conflict"  # a merge conflict in a record file, both sides side by side
    RECORD_FORM = "record-form"
    REPORT_FORM = "report-form"
    DISCARD = "discard"  # asked before a form with typed text closes
    SAVE_AS = "save-as"  # the file name an export is saved under
    HELP = "help"
    TIMELINE = "timeline"
    FILTER = "filter"  # the filter picker
    READER = "reader"  # an article's archived text
    IMPORT = "import"  # the file to import as an article
    HISTORY = "history"  # the commits that changed a record
    CHANGES = "changes"  # records changed since a revision
    CHANGE = "change"  # one change in full
    REVISION = "revision"  # which revision the changes are since
    GIT_LIST = "git-list"  # the list of the history or the changes view


@dataclass(frozen=True)
class Action:
    """One thing the user can do."""

    id: str
    action: str
    keys: str
    title: str  # the footer's label
    description: str  # the help's and the palette's line
    where: tuple[Where, ...]
    show: bool = False  # in the footer
    key_display: str | None = None
    priority: bool = False
    # False for keys Textual or a widget binds itself: listed in help, never bound here.
    bound: bool = True

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.title,
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
            id=self.id,
        )

    @property
    def keys_text(self) -> str:
        """Every key bound to the action, as a person would write it."""
        return " / ".join(key_name(k) for k in self.keys.split(","))


KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "exclamation_mark": "!",
    "escape": "esc",
    "alt+left": "alt+←",
    "alt+right": "alt+→",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
}


def key_name(key: str) -> str:
    """A key as the help writes it (``escape`` is ``esc``)."""
    return KEY_NAMES.get(key.strip(), key.strip())


APP, SCREEN, LIST, DETAIL, MAIN = Where.APP, Where.SCREEN, Where.LIST, Where.DETAIL, Where.MAIN
FORMS = (Where.RECORD_FORM, Where.REPORT_FORM)

ACTIONS: list[Action] = [
    # -- moving: any screen, any list ------------------------------------------------
    Action("focus-next", "focus_next", "tab,shift+tab", "Next pane",
           "Next / previous pane", (SCREEN,), bound=False),
    Action("list-down", "cursor_down", "down,j", "Down", "Move down", (LIST,)),
    Action("list-up", "cursor_up", "up,k", "Up", "Move up", (LIST,)),
    Action("list-page-down", "page_down", "pagedown", "Page down", "Page down", (LIST,)),
    Action("list-page-up", "page_up", "pageup", "Page up", "Page up", (LIST,)),
    Action("list-first", "first", "home,g", "First", "First row", (LIST,)),
    Action("list-last", "last", "end,G", "Last", "Last row", (LIST,)),
    Action("list-open", "select", "enter", "Open",
           "Follow the highlighted record to its own page", (LIST,), show=True),
    Action("detail-down", "scroll_down", "j", "Down", "Scroll the record down", (DETAIL,)),
    Action("detail-up", "scroll_up", "k", "Up", "Scroll the record up", (DETAIL,)),
    # -- the browser -------------------------------------------------------------------
    Action("show-rounds", "show_kind('round')", "1", "Rounds", "List the rounds of talks",
           (MAIN,)),
    Action("show-people", "show_kind('person')", "2", "People", "List people, grouped by side",
           (MAIN,)),
    Action("show-claims", "show_kind('claim')", "3", "Claims",
           "List every statement, oldest first", (MAIN,)),
    Action("show-articles", "show_kind('article')", "4", "Articles", "List the source articles",
           (MAIN,)),
    Action("disputes", "disputes", "d", "Disputes", "Contested points, versions side by side",
           (MAIN,), show=True),
    Action("search", "search", "slash", "Search", "Search every record by name, alias and text",
           (MAIN,), show=True, key_display="/"),
    Action("back", "back", "backspace,alt+left", "Back", "Go back to where you were",
           (MAIN,), show=True, key_display="⌫"),
    Action("forward", "forward", "alt+right", "Forward", "Go forward again", (MAIN,),
           key_display="alt+→"),
    # Spatial, as in lazygit, ranger or yazi; lists and the record pane let the arrows through.
    Action("pane-left", "focus_pane(-1)", "h,left", "Left pane", "Move to the pane on the left",
           (MAIN,)),
    Action("pane-right", "focus_pane(1)", "l,right", "Right pane",
           "Move to the pane on the right", (MAIN,)),
    Action("maximize", "toggle_maximize", "z", "Zoom",
           "Maximize the focused pane, or restore it", (MAIN,)),
    Action("focus-navigator", "focus_navigator", "escape", "Navigator",
           "Move focus back to the list on the left", (MAIN,)),
    Action("edit", "edit", "e", "Edit",
           "Open the highlighted record's file in $EDITOR at its line (a merge conflict: "
           "both sides)", (MAIN,), show=True),
    Action("new", "new", "n", "New", "Create a record of the kind in focus (a form)",
           (MAIN,), show=True),
    Action("add-report", "add_report", "a", "Add report",
           "Add a reporting article to the highlighted claim", (MAIN,)),
    Action("problems", "problems", "exclamation_mark", "Problems",
           "List every problem; enter opens it", (MAIN,), show=True, key_display="!"),
    # -- citations and sources ----------------------------------------------------------
    Action("cite", "cite", "y", "Cite",
           "Copy the citation of the highlighted statement or article (through the terminal)",
           (MAIN,), show=True),
    Action("open-source", "open_source", "o", "Open source",
           "Open the highlighted article's URL, or a statement's first report's, in the browser",
           (MAIN,), show=True),
    # -- exports: briefs --------------------------------------------------------------------
    Action("export-brief", "export_brief", "x", "Export",
           "Export the page in view (a person, a round, a contested point; else the whole "
           "dossier) as a Markdown brief to a file", (MAIN,)),
    Action("disputes-export-brief", "export_brief", "x", "Export",
           "Export the contested point in view as a Markdown brief to a file",
           (Where.DISPUTES,), show=True),
    Action("save-as-save", "save", "enter", "Save",
           "Save to the file named (a failed save keeps the name to correct)",
           (Where.SAVE_AS,), show=True, bound=False),
    Action("save-as-cancel", "cancel", "escape", "Cancel", "Close without saving",
           (Where.SAVE_AS,), show=True),
    # -- timeline, filters and sort ---------------------------------------------------------
    Action("timeline", "timeline", "t", "Timeline",
           "Every dated round and statement in order", (MAIN,)),
    Action("filter", "filter", "f", "Filter",
           "Filter statements by side, round, topic, outlet, kind, disputes, sources",
           (MAIN,)),
    Action("clear-filters", "clear_filters", "F", "Clear filters", "Clear every filter",
           (MAIN,)),
    Action("sort", "cycle_sort", "s", "Sort", "Sort statements by date or by speaker",
           (MAIN,)),
    Action("timeline-back", "close", "escape,t", "Back", "Back to the browser",
           (Where.TIMELINE,), show=True),
    Action("timeline-filter", "filter", "f", "Filter",
           "Filter the timeline by person, side, round and topic", (Where.TIMELINE,),
           show=True),
    Action("timeline-clear-filters", "clear_filters", "F", "Clear filters",
           "Clear every filter", (Where.TIMELINE,), show=True),
    Action("filter-toggle", "pick", "space,enter", "Toggle",
           "Pick or drop the highlighted value (a click too)", (Where.FILTER,), show=True,
           key_display="space"),
    Action("filter-apply", "apply", "ctrl+s", "Apply", "Apply the filter and close",
           (Where.FILTER,), show=True, priority=True),
    Action("filter-clear", "clear", "F", "Clear all", "Drop every picked value",
           (Where.FILTER,), show=True),
    Action("filter-cancel", "cancel", "escape", "Cancel", "Close without changing the filter",
           (Where.FILTER,), show=True),
    # -- the reader: an article's archived text ------------------------------------------
    Action("read", "read", "r", "Read",
           "Read the highlighted article's archived text (a statement's: its first report's)",
           (MAIN,)),
    Action("reader-next", "next_highlight", "right_square_bracket", "Next",
           "Next highlight: a reported statement, or a suggested one", (Where.READER,),
           show=True, key_display="]"),
    Action("reader-previous", "previous_highlight", "left_square_bracket", "Previous",
           "Previous highlight", (Where.READER,), show=True, key_display="["),
    Action("reader-select", "start_selection", "v", "Select",
           "Start a selection at the highlight (else the sentence at the top); again drops it",
           (Where.READER,), show=True),
    Action("reader-more", "extend(1)", "j", "Longer",
           "Extend the selection by a sentence (with none: scroll down)", (Where.READER,)),
    Action("reader-less", "extend(-1)", "k", "Shorter",
           "Shorten the selection by a sentence (with none: scroll up)", (Where.READER,)),
    Action("reader-word-more", "extend_word(1)", "w", "Word more",
           "Extend the selection by a word", (Where.READER,)),
    Action("reader-word-less", "extend_word(-1)", "b", "Word less",
           "Shorten the selection by a word", (Where.READER,)),
    Action("reader-new", "new", "n", "New statement",
           "A new statement from the selection (or the suggestion): the form opens filled",
           (Where.READER,), show=True),
    Action("reader-open", "open_statement", "enter", "Open",
           "Open the highlighted statement in the browser", (Where.READER,), show=True),
    Action("reader-down", "reader_scroll(1)", "down", "Down", "Scroll down", (Where.READER,)),
    Action("reader-up", "reader_scroll(-1)", "up", "Up", "Scroll up", (Where.READER,)),
    Action("reader-page-down", "reader_page(1)", "pagedown,space", "Page down", "Page down",
           (Where.READER,)),
    Action("reader-page-up", "reader_page(-1)", "pageup", "Page up", "Page up",
           (Where.READER,)),
    Action("reader-back", "back", "escape", "Back",
           "Drop the selection; with none, back to the browser", (Where.READER,), show=True),
    # -- importing an article in the app ---------------------------------------------------
    Action("import", "import_file", "i", "Import",
           "Import a text, Markdown or HTML file as an article, then read it", (MAIN,)),
    Action("import-file-import", "save", "enter", "Import",
           "Import the file named (a failed import keeps the path to correct)",
           (Where.IMPORT,), show=True, bound=False),
    Action("import-file-cancel", "cancel", "escape", "Cancel", "Close without importing",
           (Where.IMPORT,), show=True),
    # -- git: a record's history, the changes since a revision ---------------------------
    Action("history", "history", "H", "History",
           "The history of the highlighted record: each commit that changed it, field by field",
           (MAIN,)),
    Action("changes", "changes", "C", "Changes",
           "Records added, removed and changed since a revision (asks which; default HEAD)",
           (MAIN,)),
    # The git views' list binds enter over any list's "Open": the footer says what it does.
    Action("history-show", "select", "enter", "Show change",
           "Show the highlighted change in full", (Where.GIT_LIST,), show=True),
    Action("history-back", "stop_or_close", "escape", "Stop / back",
           "Stop reading git's history; once stopped or done, back to the browser",
           (Where.HISTORY, Where.CHANGES), show=True),
    Action("revision-go", "submit", "enter", "Show changes",
           "Show the changes since the revision typed", (Where.REVISION,), show=True,
           bound=False),
    Action("revision-cancel", "cancel", "escape", "Cancel", "Close without comparing",
           (Where.REVISION,), show=True),
    Action("change-close", "close", "escape,enter", "Back", "Back to the list of changes",
           (Where.CHANGE,), show=True),
    Action("change-down", "scroll('down')", "j,down", "Down", "Scroll down", (Where.CHANGE,)),
    Action("change-up", "scroll('up')", "k,up", "Up", "Scroll up", (Where.CHANGE,)),
    # -- anywhere ------------------------------------------------------------------------
    Action("help", "help", "question_mark", "Help", "Show every key", (APP,), show=True,
           key_display="?"),
    Action("command-palette", "command_palette", "ctrl+p", "Commands",
           "Open the command palette", (APP,), show=True),
    Action("quit", "quit", "q", "Quit", "Quit parley", (APP,), show=True),
    # -- themes: the terminal's keys (suspend, quit, copy) -------------------------------
    Action("quit-anywhere", "quit", "ctrl+q", "Quit",
           "Quit from any screen; a form with typed text asks first", (APP,), bound=False),
    Action("copy", "copy_text", "ctrl+c,super+c", "Copy",
           "Copy the selection; with none, quit (in a form: copy only)", (APP,), bound=False),
    # Priority: from any screen, a form included (its text is kept; in a text box too,
    # where Textual's ctrl+z would undo), so the key means one thing everywhere.
    Action("suspend", "suspend_process", "ctrl+z", "Suspend",
           "Suspend to the shell, forms kept as typed; fg resumes", (APP,), priority=True),
    # -- disputes --------------------------------------------------------------------------
    Action("disputes-back", "close", "escape,backspace,d", "Back", "Back to the browser",
           (Where.DISPUTES,), show=True),
    Action("disputes-next", "next_version", "right,l", "Next version", "Next version",
           (Where.DISPUTES,)),
    Action("disputes-previous", "previous_version", "left,h", "Previous version",
           "Previous version", (Where.DISPUTES,)),
    Action("disputes-versions", "select", "enter", "Versions",
           "On a contested point: move into its versions", (Where.DISPUTES,), bound=False),
    Action("version-open", "open", "enter", "Open claim", "On a version: open the claim",
           (Where.VERSION,), show=True),
    Action("version-down", "scroll_down", "j", "Down", "Scroll the version down",
           (Where.VERSION,)),
    Action("version-up", "scroll_up", "k", "Up", "Scroll the version up", (Where.VERSION,)),
    # -- search --------------------------------------------------------------------------
    Action("search-close", "dismiss_none", "escape", "Close", "Close the search",
           (Where.SEARCH,), show=True),
    Action("search-next", "move(1)", "down", "Next", "Next result", (Where.SEARCH,)),
    Action("search-previous", "move(-1)", "up", "Previous", "Previous result",
           (Where.SEARCH,)),
    Action("search-jump", "choose", "enter", "Jump", "Jump to the highlighted result",
           (Where.SEARCH,), show=True),
    # -- problems ------------------------------------------------------------------------
    Action("problems-open", "select", "enter", "Open",
           "Open the file at the problem's line in $EDITOR; a merge conflict: both sides",
           (Where.PROBLEMS,), bound=False),
    Action("problems-back", "close", "escape,exclamation_mark,backspace", "Back",
           "Back to the browser", (Where.PROBLEMS,), show=True),
    # -- the conflict view: a merge conflict in a record file ---------------------------
    Action("conflict-ours", "choose('ours')", "left,h", "Ours",
           "Choose our side (the branch merged into)", (Where.CONFLICT,), show=True,
           key_display="←"),
    Action("conflict-theirs", "choose('theirs')", "right,l", "Theirs",
           "Choose their side (the branch merged in)", (Where.CONFLICT,), show=True,
           key_display="→"),
    Action("conflict-keep", "keep", "enter", "Keep",
           "Keep the chosen side: rewrites only this conflict block, if the file is unchanged",
           (Where.CONFLICT,), show=True),
    Action("conflict-edit", "edit", "e", "Edit",
           "Open the file in $EDITOR at the first conflict marker", (Where.CONFLICT,),
           show=True),
    Action("conflict-back", "close", "escape", "Back", "Back, leaving the file as it is",
           (Where.CONFLICT,), show=True),
    # -- the new-record and add-report forms ------------------------------------------------
    Action("form-next-field", "focus_next", "tab,shift+tab", "Next field",
           "Next / previous field", FORMS, bound=False),
    Action("form-pick", "pick", "enter", "Pick",
           "On a reference field: pick from a searchable list", FORMS, bound=False),
    Action("form-save", "save", "ctrl+s", "Save",
           "Save: writes the file once every field is valid", FORMS, show=True, priority=True),
    Action("form-add-report", "add_report", "ctrl+r", "Add report",
           "Add a reporting article and its excerpt (claims)", (Where.RECORD_FORM,), show=True),
    Action("form-reload", "reload", "ctrl+l", "Reload",
           "The file changed on disk: reload it and save again, keeping what was typed", FORMS,
           show=True),
    # A form is modal: Textual gives it none of the app's keys, so it binds the palette itself.
    Action("form-command-palette", "app.command_palette", "ctrl+p", "Commands",
           "Open the command palette from a form", FORMS, show=True),
    Action("form-cancel", "cancel", "escape", "Cancel",
           "Cancel; asks first when something was typed", FORMS, show=True),
    Action("discard-yes", "discard", "y,enter", "Discard", "Throw away what was typed",
           (Where.DISCARD,), show=True),
    Action("discard-no", "keep", "n,escape", "Keep", "Keep editing", (Where.DISCARD,),
           show=True),
    # -- this help -------------------------------------------------------------------------
    Action("help-close", "dismiss", "escape,q,question_mark", "Close", "Close the help",
           (Where.HELP,), show=True),
    Action("help-down", "scroll('down')", "j,down", "Down", "Scroll down", (Where.HELP,)),
    Action("help-up", "scroll('up')", "k,up", "Up", "Scroll up", (Where.HELP,)),
]  # fmt: skip

# The footer drops keys to fit its width, but never these: the way to every other key.
ALWAYS_IN_FOOTER = frozenset({"help", "command-palette", "quit"})

# The help's sections, in order, and the places whose keys each lists.
HELP_SECTIONS: list[tuple[str, tuple[Where, ...]]] = [
    ("Moving", (SCREEN, LIST, DETAIL)),
    ("Browsing", (MAIN,)),
    ("Anywhere", (APP,)),
    ("Disputes view", (Where.DISPUTES, Where.VERSION)),
    ("Timeline", (Where.TIMELINE,)),
    ("Filter picker", (Where.FILTER,)),
    ("Reader", (Where.READER,)),
    ("Search", (Where.SEARCH,)),
    ("Problems view", (Where.PROBLEMS,)),
    ("Conflict view", (Where.CONFLICT,)),
    ("New record and add-report forms", (*FORMS, Where.DISCARD)),
    ("Saving an export", (Where.SAVE_AS,)),
    ("Importing a file", (Where.IMPORT,)),
    (
        "History and changes views",
        (Where.HISTORY, Where.CHANGES, Where.GIT_LIST, Where.CHANGE, Where.REVISION),
    ),
    ("Help", (Where.HELP,)),
]


# -- the user's keymap ----------------------------------------------------------------

MODIFIERS = frozenset({"ctrl", "alt", "shift", "super", "meta", "hyper"})
# The places whose keys are active together (the focused widget's, its screen's, the app's).
TOGETHER: list[set[Where]] = [
    {APP, SCREEN, *others}
    for others in (
        (Where.CONFLICT,),
        (MAIN, LIST), (MAIN, DETAIL), (Where.DISPUTES, LIST), (Where.DISPUTES, Where.VERSION),
        (Where.SEARCH, LIST), (Where.PROBLEMS, LIST), (Where.RECORD_FORM,),
        (Where.REPORT_FORM,), (Where.HELP,), (Where.SAVE_AS,),
        (Where.TIMELINE, LIST), (Where.FILTER, LIST), (Where.READER,), (Where.IMPORT,),
        (Where.HISTORY, Where.GIT_LIST, LIST), (Where.CHANGES, Where.GIT_LIST, LIST),
        (Where.CHANGE,), (Where.REVISION,),
    )
]  # fmt: skip


def normal_key(key: str) -> str:
    """A key as Textual names it in bindings: ``?`` is ``question_mark``."""
    key = key.strip()
    return _character_to_key(key) if len(key) == 1 else key


def is_key(key: str) -> bool:
    """Whether Textual can bind ``key`` (``c``, ``?``, ``ctrl+s``, ``f5``, ``question_mark``)."""
    *modifiers, base = key.strip().split("+")
    if not base or not set(modifiers) <= MODIFIERS:
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    if base in {k.value for k in Keys} or base.removeprefix("f").isdigit():
        return True
    try:
        return len(unicodedata.lookup(base.replace("_", " "))) == 1
    except KeyError:
        return False


def check_keymap(wanted: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The keymap to apply, and why each left-out entry was left out (one line each)."""
    by_id = {a.id: a for a in ACTIONS}
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for action_id, keys in wanted.items():
        action = by_id.get(action_id)
        if action is None:
            close = difflib.get_close_matches(action_id, list(by_id), 1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(f"keys.{action_id}: no action has this id{hint}")
        elif not action.bound:
            problems.append(f"keys.{action_id}: this key is Textual's own; it cannot be changed")
        elif bad := [k for k in keys.split(",") if not is_key(k)]:
            problems.append(f"keys.{action_id}: {bad[0].strip()!r} is not a key name")
        else:
            keymap[action_id] = ",".join(normal_key(k) for k in keys.split(","))
    for action_id, keys in list(keymap.items()):
        action = by_id[action_id]
        # Only the keys the user adds can clash: the table's own overlaps are deliberate.
        added = set(keys.split(",")) - {normal_key(k) for k in action.keys.split(",")}
        clash = _clash(action, added, keymap)
        if clash is not None:
            del keymap[action_id]
            problems.append(
                f"keys.{action_id}: {key_name(clash[1])} is already {clash[0].id}'s key there"
            )
    return keymap, problems


def _clash(action: Action, keys: set[str], keymap: Mapping[str, str]) -> tuple[Action, str] | None:
    """Another action on one of ``keys`` where both apply, with the key; None when there is none."""
    places = set(action.where)
    for other in ACTIONS:
        if other is action or not any(places & t and set(other.where) & t for t in TOGETHER):
            continue
        theirs = {normal_key(k) for k in keymap.get(other.id, other.keys).split(",")}
        shared = keys & theirs
        if shared:
            return other, sorted(shared)[0]
    return None


def keys_text(action: Action, keymap: Mapping[str, str]) -> str:
    """The action's keys as the user has them (the keymap's when it rebinds them)."""
    keys = keymap.get(action.id)
    return action.keys_text if keys is None else " / ".join(key_name(k) for k in keys.split(","))


def actions(where: Where) -> Iterator[Action]:
    """The actions that apply in one place, in the table's order."""
    return (a for a in ACTIONS if where in a.where)


def bindings(where: Where) -> list[BindingType]:
    """The key bindings of one screen or widget, made from the table."""
    return [a.binding() for a in actions(where) if a.bound]


def help_sections() -> list[tuple[str, list[Action]]]:
    """Every action, each once, under the help section of the first place it applies."""
    listed: set[str] = set()
    sections: list[tuple[str, list[Action]]] = []
    for title, places in HELP_SECTIONS:
        rows = [a for a in ACTIONS if a.id not in listed and set(a.where) & set(places)]
        listed.update(a.id for a in rows)
        sections.append((title, rows))
    return sections


class ParleyCommands(Provider):
    """The command palette: every app action and those of the screen, runnable by name."""

    def offered(self) -> list[Action]:
        """The actions the palette lists on the screen it was opened on."""
        # A form names its place (``PLACE``) and offers its own actions; elsewhere the browser's.
        place: Where = getattr(self.screen, "PLACE", MAIN)
        return [
            a
            for a in ACTIONS
            if a.bound and {place, APP} & set(a.where) and "command_palette" not in a.action
        ]

    async def _run(self, action: Action) -> None:
        target = self.app if APP in action.where else self.screen
        await target.run_action(action.action)

    def _text(self, action: Action) -> str:
        return f"{action.title}  ({keys_text(action, getattr(self.app, 'keymap', {}))})"

    async def discover(self) -> Hits:
        for action in self.offered():
            yield DiscoveryHit(
                self._text(action),
                partial(self._run, action),
                help=f"{action.description}  (keymap id: {action.id})",
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action in self.offered():
            text = self._text(action)
            score = max(matcher.match(text), matcher.match(action.description) * 0.8)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(self._run, action),
                    help=f"{action.description}  (keymap id: {action.id})",
                )
