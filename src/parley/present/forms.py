"""What the new-record form asks for, and how its text becomes a valid record.

Plain Python: the form screen only shows these fields and the errors
``check_form`` returns. Validation is the loader's own (the pydantic models)
plus the reference checks ``parley check`` makes, so a record that saves
cleanly also loads cleanly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, get_args

from pydantic import ValidationError

from parley.dossier.check import did_you_mean
from parley.dossier.fields import FIELDS as FIELD_TABLE
from parley.dossier.fields import name_field
from parley.dossier.index import Index
from parley.dossier.invalid import invalid
from parley.dossier.model import MODELS, Article, Claim, ClaimKind, Kind, id_problem
from parley.dossier.text import first_line
from parley.files.ids import slugify, unique_id
from parley.files.records import validate_record

FieldType = Literal["text", "long", "date", "choice", "ref", "list", "reason"]


@dataclass(frozen=True)
class FormField:
    """One input of the form."""

    key: str
    label: str
    type: FieldType = "text"
    target: Kind | None = None
    choices: tuple[str, ...] = ()
    hint: str = ""


def _reason(key: str) -> FormField:
    return FormField(f"unknown.{key}", f"…or why {key} is unknown", "reason",
                     hint="leave the field above empty and say why, from the text")  # fmt: skip


def _choices(kind: Kind, key: str) -> tuple[str, ...]:
    """The values of the enum a key holds, from its model line."""
    annotation = MODELS[kind].model_fields[key].annotation
    for option in get_args(annotation) or (annotation,):
        if isinstance(option, type) and issubclass(option, StrEnum):
            return tuple(option)
    return ()


def form_fields(kind: Kind) -> list[FormField]:
    """The inputs for ``kind``, from the field table; a reason follows each explainable key."""
    fields: list[FormField] = []
    for key, entry in FIELD_TABLE[kind].items():
        if entry.form is None:
            continue
        choices = _choices(kind, key) if entry.form == "choice" else ()
        fields.append(FormField(key, entry.label, entry.form, entry.refers, choices, entry.hint))
        if key in MODELS[kind].explainable:
            fields.append(_reason(key))
    return fields


FIELDS: dict[Kind, list[FormField]] = {kind: form_fields(kind) for kind in Kind}


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
    words, count = first_line(values.get(name_field(kind), "")), 8
    if kind is Kind.CLAIM and values.get("speaker"):
        words, count = f"{values['speaker'].split('-')[-1]} {words}", count + 1
    return unique_id(index, slugify(words, fallback=kind.value, max_words=count))


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
    data, errors = _form_data(kind, values, reports)
    record_id = record_id.strip() or suggested_id(kind, values, index)
    if (why := id_problem(record_id)) is not None:
        errors["id"] = why
    elif record_id in index:
        errors["id"] = f"{record_id!r} is already used by another record"
    try:
        validate_record(kind, data, record_id)
    except ValidationError as error:
        keys = {s.key for s in FIELDS[kind]} | {"reported_by"}
        for item in invalid(error, MODELS[kind]):
            errors.setdefault(item.key if item.key in keys else "", item.short)
    _check_references(kind, data, reports, index, errors)
    return FormResult(data, errors, record_id)


def _form_data(
    kind: Kind, values: Mapping[str, str], reports: Sequence[ReportDraft]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The record data the form's text gives, and the fields whose text does not parse."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = {}
    unknown: dict[str, str] = {}
    for spec in FIELDS[kind]:
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
    return data, errors


def _check_references(
    kind: Kind,
    data: dict[str, Any],
    reports: Sequence[ReportDraft],
    index: Index,
    errors: dict[str, str],
) -> None:
    """Adds to ``errors`` each field not yet in it that names no record of the kind it should."""
    for spec in FIELDS[kind]:
        if spec.target is None or spec.key not in data or spec.key in errors:
            continue
        refs = data[spec.key] if isinstance(data[spec.key], list) else [data[spec.key]]
        for ref in refs:
            target = index.get(ref)
            if target is None or target.kind is not spec.target:
                errors[spec.key] = missing(spec.target, ref, index)
                break
    for n, report in enumerate(reports):
        if not isinstance(index.get(report.article), Article):
            errors.setdefault(
                "reported_by", f"report {n + 1}: {missing(Kind.ARTICLE, report.article, index)}"
            )


# The form checks on every keypress: past this many ids of a kind (claims in a big
# dossier) finding the closest would cost a frame, and the picker finds them instead.
SUGGEST_FROM_AT_MOST = 5_000


def missing(kind: Kind, ref: str, index: Index) -> str:
    """``no person with id 'x'``, with the closest id as ``parley check`` suggests it."""
    message = f"no {kind.value} with id {ref!r}"
    ids = index.ids(kind)
    suggestion = did_you_mean(ref, ids) if len(ids) <= SUGGEST_FROM_AT_MOST else None
    return message + (f"; did you mean {suggestion!r}?" if suggestion else "")


def prefill(
    kind: Kind, index: Index, selected: str | None, highlighted: str | None = None
) -> tuple[dict[str, str], list[ReportDraft]]:
    """Start a new record from what the user is looking at.

    ``selected`` is the record picked in the navigator (a claim by that person, in
    that round, reported by that article); ``highlighted`` a statement highlighted
    beside it, whose round the new claim takes when the picked record gives none.
    """
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
    if kind is Kind.CLAIM and "round" not in values:
        for context in (record, index.get(highlighted) if highlighted else None):
            if isinstance(context, Claim) and context.round:
                values["round"] = context.round
                break
    if kind is Kind.CLAIM:
        values.setdefault("type", ClaimKind.PARAPHRASE.value)
    if kind is Kind.ARTICLE:
        values["language"] = "en"
    return values, reports
