"""`n`: a form for a new record; `a`: add a report to a claim. Both validate as you type."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from parley.dossier.index import Index
from parley.dossier.model import Article, Claim, Kind
from parley.dossier.search import SearchIndex
from parley.dossier.text import one_line, safe
from parley.files.atomic import WriteRefused
from parley.files.records import append_report, create_record
from parley.present.forms import FIELDS, FormField, FormResult, ReportDraft, check_form
from parley.ui.commands import Where, bindings
from parley.ui.messages import parley_app
from parley.ui.render import literal
from parley.ui.screens.base import writable
from parley.ui.screens.discard import DiscardForm
from parley.ui.screens.search import SearchScreen
from parley.ui.widgets.keybar import KeyBar

RELOAD_HINT = " (ctrl+l reloads it and saves again, keeping what you typed)"


def _at_end(field: Input) -> None:
    """Focus ``field`` with the cursor after its text, nothing selected: typing adds to it."""
    field.focus()
    field.cursor_position = len(field.value)


def _field_id(key: str) -> str:
    return "f-" + key.replace(".", "-")


R = TypeVar("R")


class _Form(ModalScreen[R | None]):
    """What both forms share: their look, the dossier they check against, picking a record,
    and asking before typed text is thrown away."""

    DEFAULT_CSS = """
_Form { align: center middle; }
_Form > Vertical {
    width: 96; max-width: 98%; height: 92%;
    border: round $accent; background: $surface; padding: 0 1;
}
_Form .field-label { text-style: bold; color: $text-muted; }
_Form .hint { color: $text-muted; }
_Form .error { color: $error; height: auto; }
_Form .error.-empty { display: none; }
_Form Input { border: none; height: 1; padding: 0 1; background: $boost; }
_Form Input:focus { border: none; background: $accent 25%; }
_Form TextArea { height: 4; border: none; background: $boost; }
_Form TextArea:focus { border: none; background: $accent 15%; }
_Form Select { height: 3; }
_Form #summary { dock: bottom; height: auto; padding: 0 1; color: $text-muted; }
_Form #summary.-invalid { color: $error; }
"""

    PLACE: ClassVar[Where]
    """Where the form's keys come from in the action table, and whose actions the palette offers."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "PLACE" in cls.__dict__:  # before Textual reads the bindings of the new class
            cls.BINDINGS = bindings(cls.PLACE)
        super().__init_subclass__(**kwargs)

    def __init__(self, index: Index, search: SearchIndex) -> None:
        super().__init__()
        self.index = index
        self.search = search

    def _search_for(self, kind: Kind, query: str, picked: Callable[[str | None], None]) -> None:
        """Search the records of ``kind`` from ``query``; ``picked`` gets the id chosen or None."""
        self.app.push_screen(
            SearchScreen(self.search, kinds=frozenset({kind}), query=query), picked
        )

    def _refuse_save(self) -> None:
        self.notify("Fix the fields marked in red first.", severity="error", markup=False)

    def typed(self) -> bool:
        """Whether anything was typed that closing the form would throw away."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        _cancel(self)


class RecordForm(_Form[str]):
    """Fields for one record kind; ctrl+s writes a new file once everything is valid."""

    PLACE = Where.RECORD_FORM

    def __init__(
        self,
        kind: Kind,
        root: Path,
        index: Index,
        search: SearchIndex,
        values: dict[str, str] | None = None,
        reports: list[ReportDraft] | None = None,
    ) -> None:
        super().__init__(index, search)
        self.kind = kind
        self.root = root
        self.initial = values or {}
        self.reports: list[ReportDraft] = list(reports or [])
        self.opened_reports = list(self.reports)
        self.result: FormResult | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"New {self.kind.value}"
            box.border_subtitle = "ctrl+s save · esc cancel · enter on a reference picks it"
            with VerticalScroll():
                for spec in FIELDS[self.kind]:
                    yield from self._field(spec)
                if self.kind is Kind.CLAIM:
                    yield Label("Reported by", classes="field-label")
                    yield Static("", id="reports", markup=False)
                    yield Static("ctrl+r adds an article and its excerpt", classes="hint")
                    yield Static("", id=_field_id("reported_by") + "-error", classes="error",
                                 markup=False)  # fmt: skip
                yield Label("File name (id)", classes="field-label")
                yield Input(placeholder="made from the name or text", id=_field_id("id"),
                            select_on_focus=False)  # fmt: skip
                yield Static("", id=_field_id("id") + "-error", classes="error", markup=False)
            yield Static("", id="summary", markup=False)
        yield KeyBar()

    def _field(self, spec: FormField) -> ComposeResult:
        yield Label(spec.label, classes="field-label")
        value = self.initial.get(spec.key, "")
        widget: Widget
        if spec.type == "long":
            widget = TextArea(value, id=_field_id(spec.key), soft_wrap=True)
        elif spec.type == "choice":
            widget = Select(
                [(c, c) for c in spec.choices],
                value=value if value in spec.choices else Select.NULL,
                id=_field_id(spec.key),
                allow_blank=True,
            )
        else:
            widget = Input(value, id=_field_id(spec.key), placeholder=spec.hint,
                           select_on_focus=False)  # fmt: skip
        yield widget
        if spec.type in ("long", "choice") and spec.hint:
            yield Static(spec.hint, classes="hint", markup=False)
        yield Static("", id=_field_id(spec.key) + "-error", classes="error", markup=False)

    def on_mount(self) -> None:
        self._revalidate()
        _at_end(self.query(Input).first())

    # -- values and validation ---------------------------------------------------

    def values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for spec in FIELDS[self.kind]:
            widget = self.query_one(f"#{_field_id(spec.key)}")
            if isinstance(widget, TextArea):
                values[spec.key] = widget.text
            elif isinstance(widget, Select):
                values[spec.key] = "" if widget.is_blank() else str(widget.value)
            elif isinstance(widget, Input):
                values[spec.key] = widget.value
        return values

    def _revalidate(self) -> None:
        record_id = self.query_one(f"#{_field_id('id')}", Input).value
        result = check_form(self.kind, self.values(), self.index, self.reports, record_id)
        self.result = result
        keys = [s.key for s in FIELDS[self.kind]] + ["id", "reported_by"]
        for key in keys:
            for error in self.query(f"#{_field_id(key)}-error"):
                if isinstance(error, Static):
                    message = result.errors.get(key, "")
                    error.update(literal(message))
                    error.set_class(not message, "-empty")
        general = result.errors.get("", "")
        summary = self.query_one("#summary", Static)
        path = f"{self.kind.folder}/{result.record_id}.toml"
        if result.ok:
            summary.update(literal(f"Valid: ctrl+s writes {path}"))
        else:
            count = len(result.errors)
            summary.update(literal(f"{count} problem{'s' * (count != 1)} to fix before saving "
                                   f"{path}" + (f": {general}" if general else "")))  # fmt: skip
        summary.set_class(not result.ok, "-invalid")
        if self.kind is Kind.CLAIM:
            self._show_reports()

    def _show_reports(self) -> None:
        lines = []
        for n, report in enumerate(self.reports, 1):
            article = self.index.get_as(report.article, Article)
            name = article.outlet_text if article else report.article
            lines.append(f"{n}. {one_line(name)}: “{one_line(report.excerpt, 70)}”")
        self.query_one("#reports", Static).update(Content("\n".join(lines) or "none yet"))

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self._revalidate()

    # -- picking references -------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        spec = next((s for s in FIELDS[self.kind] if _field_id(s.key) == event.input.id), None)
        if spec is None or spec.target is None:
            self.focus_next()
            return

        def picked(record_id: str | None) -> None:
            if record_id:
                if spec.type == "list":
                    current = [v.strip() for v in event.input.value.split(",") if v.strip()]
                    event.input.value = ", ".join([*current, record_id])
                else:
                    event.input.value = record_id
            _at_end(event.input)

        self._search_for(spec.target, event.input.value, picked)

    def action_add_report(self) -> None:
        if self.kind is not Kind.CLAIM:
            return

        def added(report: ReportDraft | None) -> None:
            if report is not None:
                self.reports.append(report)
                self._revalidate()

        self.app.push_screen(ReportForm(self.index, self.search), added)

    # -- saving -----------------------------------------------------------------------

    def action_save(self) -> None:
        if not writable(self):
            return
        self._revalidate()
        result = self.result
        if result is None or not result.ok:
            self._refuse_save()
            return
        try:
            create_record(self.root, self.kind, result.data, result.record_id)
        except (WriteRefused, OSError, ValueError) as error:
            # The form keeps everything typed; nothing was written.
            self.notify(safe(str(error)), severity="error", timeout=8, markup=False)
            return
        self.dismiss(result.record_id)

    def typed(self) -> bool:
        """Whether anything differs from how the form opened."""
        opened = {spec.key: self.initial.get(spec.key, "") for spec in FIELDS[self.kind]}
        record_id = self.query_one(f"#{_field_id('id')}", Input).value
        return self.values() != opened or bool(record_id) or self.reports != self.opened_reports

    async def action_reload(self) -> None:
        """Re-read the dossier and save again, keeping what was typed."""
        await _reread(self)
        self.action_save()


async def _reread(form: RecordForm | ReportForm) -> None:
    """Give ``form`` the dossier as it is on disk now."""
    app = parley_app(form)
    await app.refresh_dossier()
    if app.dossier is not None:
        form.index, form.search = app.dossier.index, app.search_index()


def _cancel(form: _Form[R]) -> None:
    """Close ``form``; if something was typed in it, only once the user says to discard it."""
    if not form.typed():
        form.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            form.dismiss(None)

    form.app.push_screen(DiscardForm(), answered)


class ReportForm(_Form[ReportDraft]):
    """An article (picked from a list) and the excerpt in which it reports the claim.

    Given a ``claim`` and its ``path``, saving appends the report to that claim's
    file, keeping every byte the user wrote; otherwise it returns the report.
    """

    PLACE = Where.REPORT_FORM

    def __init__(
        self,
        index: Index,
        search: SearchIndex,
        claim: Claim | None = None,
        path: Path | None = None,
    ) -> None:
        super().__init__(index, search)
        self.claim = claim
        self.path = path
        # What the file held when the form opened: saving refuses if it changed since.
        self.expected = path.read_bytes() if path is not None else b""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            title = one_line(self.claim.text, 50) if self.claim else "the new claim"
            box.border_title = literal(f"Add a report of “{title}”")
            box.border_subtitle = "ctrl+s save · esc cancel"
            yield Label("Article", classes="field-label")
            yield Input(placeholder="enter picks from the articles", id="f-article",
                        select_on_focus=False)  # fmt: skip
            yield Static("", id="f-article-error", classes="error", markup=False)
            yield Label("Excerpt (copied exactly from the article)", classes="field-label")
            yield TextArea("", id="f-excerpt", soft_wrap=True)
            yield Static("", id="f-excerpt-error", classes="error", markup=False)
            yield Static("", id="summary", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#f-article", Input).focus()
        self._errors()

    def _errors(self) -> dict[str, str]:
        article = self.query_one("#f-article", Input).value.strip()
        excerpt = self.query_one("#f-excerpt", TextArea).text.strip()
        errors: dict[str, str] = {}
        if not isinstance(self.index.get(article), Article):
            errors["article"] = f"no article with id {article!r}" if article else "required"
        elif self.claim and any(r.article == article for r in self.claim.reported_by):
            errors["article"] = "this article already reports the claim"
        if not excerpt:
            errors["excerpt"] = "required"
        for key in ("article", "excerpt"):
            widget = self.query_one(f"#f-{key}-error", Static)
            widget.update(literal(errors.get(key, "")))
            widget.set_class(key not in errors, "-empty")
        return errors

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _changed(self) -> None:
        self._errors()

    @on(Input.Submitted, "#f-article")
    def _pick(self, event: Input.Submitted) -> None:
        def picked(record_id: str | None) -> None:
            if record_id:
                event.input.value = record_id
            # The cursor stays where the user was: tab moves on to the excerpt.
            _at_end(event.input)

        self._search_for(Kind.ARTICLE, event.input.value, picked)

    def action_save(self) -> None:
        if self._errors():
            self._refuse_save()
            return
        report = ReportDraft(
            self.query_one("#f-article", Input).value.strip(),
            self.query_one("#f-excerpt", TextArea).text.strip(),
        )
        if self.path is not None:
            if not writable(self):
                return
            try:
                append_report(self.path, report.article, report.excerpt,
                              expected_bytes=self.expected)  # fmt: skip
            except (WriteRefused, OSError) as error:
                # Nothing was written and the form keeps what was typed.
                self.query_one("#summary", Static).update(literal(str(error) + RELOAD_HINT))
                self.notify(safe(str(error) + RELOAD_HINT), severity="error", timeout=8,
                            markup=False)  # fmt: skip
                return
        self.dismiss(report)

    def typed(self) -> bool:
        """Whether an article or an excerpt was typed."""
        article = self.query_one("#f-article", Input).value
        return bool(article.strip() or self.query_one("#f-excerpt", TextArea).text.strip())

    async def action_reload(self) -> None:
        """Re-read the claim's file as it is now and save again, keeping what was typed."""
        await _reread(self)
        if self.claim is not None:
            self.claim = self.index.get_as(self.claim.id, Claim) or self.claim
        if self.path is not None:
            try:
                self.expected = self.path.read_bytes()
            except OSError as error:
                self.notify(safe(str(error)), severity="error", timeout=8, markup=False)
                return
        self.action_save()
