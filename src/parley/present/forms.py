"""What the new-record form asks for, and how its text becomes a valid record.

Plain Python: the form screen only shows these fields and the errors
``check_form`` returns. Validation is the loader's own (the pydantic models)
plus the reference checks ``parley check`` makes, so a record that saves
cleanly also loads cleanly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from parley.dossier.index import Index
from parley.dossier.model import (
    Article,
    ClaimKind,
    KeyProblem,
    Kind,
    OutletKind,
    id_problem,
)
from parley.dossier.text import first_line
from parley.files.ids import slugify, unique_id
from parley.files.records import validate_record

FieldType = Literal["text", "long", "date", "choice", "ref", "list", "reason"]


@dataclass(frozen=True)
class FieldSpec:
    """One input of the form."""

    key: str
    label: str
    type: FieldType = "text"
    target: Kind | None = None
    choices: tuple[str, ...] = ()
    hint: str = ""


def _reason(key: str) -> FieldSpec:
    return FieldSpec(f"unknown.{key}", f"…or why {key} is unknown", "reason",
                     hint="leave the field above empty and say why, from the text")  # fmt: skip


FIELDS: dict[Kind, list[FieldSpec]] = {
    Kind.CLAIM: [
        FieldSpec(
            "speaker",
            "Speaker (person)",
            "ref",
            Kind.PERSON,
            hint="enter picks from the people; or give a side or a narrator below",
        ),
        FieldSpec("side", "…or side credited", hint="e.g. russia, when only a side is named"),
        FieldSpec("narrator", "…or article in its own voice", "ref", Kind.ARTICLE),
        FieldSpec("credited_as", "Credited as", hint="how the source names the speaker"),
        FieldSpec("via", "Relayed by (person)", "ref", Kind.PERSON),
        FieldSpec("type", "Quote or paraphrase", "choice", choices=tuple(ClaimKind)),
        FieldSpec("text", "Text", "long"),
        FieldSpec("said_on", "Said on", "date", hint="YYYY-MM-DD, only if a full date is known"),
        FieldSpec("occasion", "When and where", hint="as the source gives it"),
        FieldSpec("round", "Round", "ref", Kind.ROUND),
        FieldSpec("topics", "Topics", "list", hint="comma-separated slugs"),
        FieldSpec("contested", "Contested points", "list", hint="comma-separated slugs"),
        FieldSpec(
            "contradicts",
            "Contradicts (claims)",
            "list",
            Kind.CLAIM,
            hint="comma-separated claim ids",
        ),
        FieldSpec("notes", "Notes", "long"),
    ],
    Kind.PERSON: [
        FieldSpec("name", "Name"),
        FieldSpec("aliases", "Other spellings", "list", hint="comma-separated"),
        FieldSpec("side", "Side", hint="e.g. ukraine, russia, turkey"),
        FieldSpec("notes", "Notes", "long"),
    ],
    Kind.ARTICLE: [
        FieldSpec("title", "Title"),
        FieldSpec("outlet", "Outlet"),
        _reason("outlet"),
        FieldSpec("outlet_kind", "Kind of outlet", "choice", choices=tuple(OutletKind)),
        _reason("outlet_kind"),
        FieldSpec("published", "Published", "date", hint="YYYY-MM-DD"),
        _reason("published"),
        FieldSpec("authors", "Authors", "list", hint="comma-separated"),
        _reason("authors"),
        FieldSpec("url", "URL"),
        _reason("url"),
        FieldSpec("language", "Language", hint="en, uk, ru …"),
        FieldSpec("notes", "Notes", "long"),
    ],
    Kind.ROUND: [
        FieldSpec("title", "Title"),
        FieldSpec("date", "Date", "date", hint="YYYY-MM-DD"),
        _reason("date"),
        FieldSpec("when", "When, as the sources say", hint="e.g. June 2025"),
        FieldSpec("place", "Place"),
        FieldSpec("venue", "Venue"),
        FieldSpec("chair", "Chair (person)", "ref", Kind.PERSON),
        FieldSpec("notes", "Notes", "long"),
    ],
}

# Which field names the record: its text makes the suggested file name.
NAME_FIELD = {Kind.CLAIM: "text", Kind.PERSON: "name", Kind.ARTICLE: "title", Kind.ROUND: "title"}


@dataclass(frozen=True)
class ReportDraft:
    """A reporting article and its excerpt, as typed into the form."""

    article: str
    excerpt: str


@dataclass
class FormResult:
    """The data the form would save, and what is wrong with it, by field key."""

    data: dict[str, Any]
    errors: dict[str, str]
    record_id: str

    @property
    def ok(self) -> bool:
        return not self.errors


def suggested_id(kind: Kind, values: Mapping[str, str], index: Index) -> str:
    """A readable, unused id from the record's name or text."""
    name = values.get(NAME_FIELD[kind], "")
    words = " ".join(first_line(name).split()[:8])
    if kind is Kind.CLAIM and values.get("speaker"):
        words = f"{values['speaker'].split('-')[-1]} {words}"
    return unique_id(index, slugify(words, fallback=kind.value))


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def check_form(
    kind: Kind,
    values: Mapping[str, str],
    index: Index,
    reports: Sequence[ReportDraft] = (),
    record_id: str = "",
) -> FormResult:
    """Turn the form's text into record data and collect every error by field."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = {}
    unknown: dict[str, str] = {}
    specs = FIELDS[kind]
    for spec in specs:
        raw = values.get(spec.key, "").strip()
        if not raw:
            continue
        if spec.type == "reason":
            unknown[spec.key.split(".", 1)[1]] = raw
        elif spec.type == "date":
            try:
                data[spec.key] = dt.date.fromisoformat(raw)
            except ValueError:
                errors[spec.key] = "write the date as YYYY-MM-DD"
        elif spec.type == "list":
            data[spec.key] = _split(raw)
        elif spec.type == "long":
            data[spec.key] = values.get(spec.key, "").strip("\r\n")  # end line breaks, LF or CRLF
        else:
            data[spec.key] = raw
    if unknown:
        data["unknown"] = unknown
    if kind is Kind.CLAIM and reports:
        data["reported_by"] = [{"article": r.article, "excerpt": r.excerpt} for r in reports]

    record_id = record_id.strip() or suggested_id(kind, values, index)
    if (why := id_problem(record_id)) is not None:
        errors["id"] = why
    elif record_id in index:
        errors["id"] = f"{record_id!r} is already used by another record"

    try:
        validate_record(kind, data, record_id)
    except ValidationError as error:
        for item in error.errors():
            key, message = _error_key(item, specs)
            errors.setdefault(key, message)

    for spec in specs:
        if spec.target is None or spec.key not in data or spec.key in errors:
            continue
        refs = data[spec.key] if isinstance(data[spec.key], list) else [data[spec.key]]
        for ref in refs:
            target = index.get(ref)
            if target is None or target.kind is not spec.target:
                errors[spec.key] = f"no {spec.target.value} with id {ref!r}"
                break
    for n, report in enumerate(reports):
        if not isinstance(index.get(report.article), Article):
            errors.setdefault(
                "reported_by", f"report {n + 1}: no article with id {report.article!r}"
            )
    return FormResult(data, errors, record_id)


_MISSING = re.compile(r"^'(\w+)' is missing")


def _error_key(item: Any, specs: Sequence[FieldSpec]) -> tuple[str, str]:
    """The form field an error belongs to, and its message."""
    loc: tuple[Any, ...] = tuple(item["loc"])
    message: str = item["msg"].removeprefix("Value error, ")
    cause = item.get("ctx", {}).get("error")
    keys = {s.key for s in specs}
    if isinstance(cause, KeyProblem):
        missing = _MISSING.match(message)
        key = missing.group(1) if missing else cause.key
        return (key if key in keys else "", message)
    if item["type"] == "missing":
        message = "required"
    if loc and loc[0] == "unknown" and len(loc) > 1:
        return f"unknown.{loc[1]}", message
    if loc and loc[0] == "reported_by":
        return "reported_by", message
    if loc and str(loc[0]) in keys:
        return str(loc[0]), message
    return "", message


def prefill(
    kind: Kind, index: Index, selected: str | None
) -> tuple[dict[str, str], list[ReportDraft]]:
    """Start a new record from what the user is looking at (a claim by the picked person)."""
    values: dict[str, str] = {}
    reports: list[ReportDraft] = []
    record = index.get(selected) if selected else None
    if kind is Kind.CLAIM and record is not None:
        if record.kind is Kind.PERSON:
            values["speaker"] = record.id
        elif record.kind is Kind.ROUND:
            values["round"] = record.id
        elif record.kind is Kind.ARTICLE:
            reports.append(ReportDraft(record.id, ""))
    if kind is Kind.CLAIM:
        values.setdefault("type", ClaimKind.PARAPHRASE.value)
    if kind is Kind.ARTICLE:
        values["language"] = "en"
    return values, reports
