"""A pydantic validation error in words: where in the record, and what is wrong.

Both the loader (a problem at a line of a file) and the new-record form (an
error under a field) read records' errors through ``invalid``, so they agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from rapidfuzz import fuzz, process

from parley.dossier.fields import TABLES
from parley.dossier.locate import Loc
from parley.dossier.model import KeyProblem, Record

_MISSING = re.compile(r"^'(\w+)' is missing")


@dataclass(frozen=True)
class Invalid:
    """One thing wrong with a record's data.

    ``loc`` is the key path to point at in the file (empty for the record as a
    whole); ``key`` the key it is about, as the form names it (``unknown.date``
    for a reason); ``message`` a sentence for the problems list, naming the key
    path; ``short`` the same for under the key's own form field, without the path.
    """

    loc: Loc
    key: str
    message: str
    short: str


def invalid(error: ValidationError, model: type[Record]) -> list[Invalid]:
    """What each error of validating a ``model`` record says, in parley's words."""
    return [_translate(item, model) for item in error.errors()]


def _translate(item: Any, model: type[Record]) -> Invalid:
    loc: Loc = tuple(item["loc"])
    kind: str = item["type"]
    raw: str = item["msg"].removeprefix("Value error, ")
    cause = item.get("ctx", {}).get("error")
    if isinstance(cause, KeyProblem):
        loc = tuple(cause.key.split(".")) if cause.key else ()
        missing = _MISSING.match(raw)
        key = missing.group(1) if missing else cause.key
    elif loc and loc[0] == "unknown" and len(loc) > 1:
        key = f"unknown.{loc[1]}"
    else:
        key = str(loc[0]) if loc else ""
    short = "required" if kind == "missing" else raw
    return Invalid(loc, key, _sentence(kind, loc, raw, item.get("input"), model), short)


def _sentence(kind: str, loc: Loc, raw: str, value: object, model: type[Record]) -> str:
    where = loc_text(loc)
    if kind == "extra_forbidden":
        name = str(loc[-1])
        known = list(_fields_at(model, loc[:-1]))
        # difflib's cutoff (0.6) and measure, at a fraction of the cost per unknown key
        close = process.extractOne(name, known, scorer=fuzz.ratio, score_cutoff=60)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown key {name!r}{hint}"
    if kind == "missing":
        inside = f" in {loc_text(loc[:-1])}" if len(loc) > 1 else ""
        return f"missing required key {str(loc[-1])!r}{inside}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return f"{where}: {_date_advice(str(loc[-1]) if loc else 'date', value)}"
    return f"{where}: {raw}" if where else raw


def _date_advice(key: str, value: object) -> str:
    """What is wrong with a value given for a date, and how to write one."""
    if isinstance(value, dt.datetime):
        return f"a date is needed, not a date-time; write {key} = {value.date().isoformat()}"
    example = f"write {key} = 2025-05-16"
    if isinstance(value, dt.time):
        return f"a date is needed, not a time; {example}"
    if isinstance(value, bool):
        return f"a date is needed, not true or false; {example}"
    if isinstance(value, int | float):
        return f"a date is needed, not a number; {example}"
    if isinstance(value, list):
        return f"a date is needed, not a list; {example}"
    if isinstance(value, dict):
        return f"a date is needed, not a table; {example}"
    return f"write a TOML date without quotes, e.g. {key} = 2025-05-16"


def _fields_at(model: type[Record], loc: Loc) -> Iterable[str]:
    """The keys allowed where ``loc`` leads: in the record, or in one of its tables."""
    names = [p for p in loc if isinstance(p, str)]
    tables = TABLES[model.kind]
    if names and names[-1] in tables:
        return tables[names[-1]].model_fields
    return [k for k in model.model_fields if k != "id"]


def loc_text(loc: Loc) -> str:
    """A key path as a user reads it: ``reported_by #2.excerpt``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f" #{part + 1}"
        else:
            text += ("." if text else "") + part
    return text
