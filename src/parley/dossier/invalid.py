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

from parley.dossier.fields import FIELDS, TABLES
from parley.dossier.locate import Loc
from parley.dossier.model import ID_PATTERN, MAX_ID_LENGTH, KeyProblem, Kind, Record

_MISSING = re.compile(r"^'(\w+)' is missing")

EXAMPLE_IDS = {
    Kind.ROUND: "istanbul-2025-05-16",
    Kind.PERSON: "serhii-kyslytsia",
    Kind.CLAIM: "kyslytsia-russians-killing-russians",
    Kind.ARTICLE: "pism-bulletin-2025-05-20",
}
"""An id of each kind, as messages and templates show one."""

_ID_RULE = "lowercase letters, digits and single hyphens"


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
    elif loc and loc[0] in ("unknown", "inferred") and len(loc) > 1:
        key = f"{loc[0]}.{loc[1]}"
    else:
        key = str(loc[0]) if loc else ""
    value, ctx = item.get("input"), item.get("ctx", {})
    words = _words(kind, loc, raw, value, ctx, model)
    short = "required" if kind == "missing" else words or raw
    return Invalid(loc, key, _sentence(kind, loc, words or raw, model), short)


def _sentence(kind: str, loc: Loc, raw: str, model: type[Record]) -> str:
    where = loc_text(loc)
    if kind == "extra_forbidden":
        name = str(loc[-1])
        known = list(_fields_at(model, loc[:-1]))
        from rapidfuzz import fuzz, process  # only for a mistake: not at every start

        # difflib's cutoff (0.6) and measure, at a fraction of the cost per unknown key
        close = process.extractOne(name, known, scorer=fuzz.ratio, score_cutoff=60)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown key {name!r}{hint}"
    if kind == "missing":
        inside = f" in {loc_text(loc[:-1])}" if len(loc) > 1 else ""
        return f"missing required key {str(loc[-1])!r}{inside}"
    return f"{where}: {raw}" if where else raw


def _words(
    kind: str, loc: Loc, raw: str, value: object, ctx: dict[str, Any], model: type[Record]
) -> str | None:
    """What is wrong with a value and how to write it, for the errors a user can meet."""
    key = str(loc[-1]) if loc and isinstance(loc[-1], str) else _key_name(loc)
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        example = f"a date without quotes, e.g. {key or 'date'} = 2025-05-16"
        return _replace(value, example, "") if _is_placeholder(value) else _date_advice(key, value)
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID_PATTERN:
            what = f"{_id_name(model, loc)} ({_ID_RULE})"
            return _replace(value, f"{what}, e.g. {_example(model, loc)!r}", "is not")
        return _replace(value, "a language code such as 'en', 'uk' or 'ru'", "is not")
    if kind in ("enum", "literal_error"):
        choices = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return _replace(value, f"one of {choices}", "is not allowed here: use")
    if kind == "string_too_long" and _is_id(model, loc):
        return f"an id is at most {MAX_ID_LENGTH} characters"
    if kind == "string_type":
        example = _example(model, loc)
        what = _id_name(model, loc) if _is_id(model, loc) else "text"
        if loc and loc[0] == "unknown":
            example = "the sources do not give it"
        if loc and isinstance(loc[-1], int):
            return (
                f"each item must be {what} in quotes, not {_type_name(value)}, "
                f'e.g. {_key_name(loc)} = ["{example}"]'
            )
        example = f'{_key_name(loc)} = "{example}"'
        return f"{what} in quotes is needed, not {_type_name(value)}, e.g. {example}"
    if kind == "list_type" and _key_name(loc) in TABLES[model.kind]:
        name = _key_name(loc)
        return f"a list of tables is needed, not {_type_name(value)}: write each as [[{name}]]"
    if kind == "list_type":
        example = _example(model, (*loc, 0))
        what = _id_name(model, (*loc, 0), plural=True) if _is_id(model, loc) else "texts"
        return (
            f"a list of {what} is needed, not {_type_name(value)}, "
            f'e.g. {_key_name(loc)} = ["{example}"]'
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        name = _key_name(loc)
        return f"a table is needed, not {_type_name(value)}: write [[{name}]] with its keys below"
    return None


def _key_name(loc: Loc) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "key"


def _field(model: type[Record], loc: Loc) -> str:
    """The key as ``fields.FIELDS`` names it: ``speaker``, ``reported_by.article``."""
    names = [part for part in loc if isinstance(part, str)]
    return ".".join(names[-2:]) if len(names) > 1 else (names[0] if names else "")


def _refers(model: type[Record], loc: Loc) -> Kind | None:
    spec = FIELDS[model.kind].get(_field(model, loc))
    return spec.refers if spec else None


def _is_id(model: type[Record], loc: Loc) -> bool:
    """The value at ``loc`` is an id: a reference, or a slug such as a topic or a side."""
    if _refers(model, loc) is not None:
        return True
    return _key_name(loc) in ("side", "topics", "contested")


def _id_name(model: type[Record], loc: Loc, plural: bool = False) -> str:
    """What the id at ``loc`` names: ``a person id``, ``a side``; ``person ids``."""
    kind = _refers(model, loc)
    key = _key_name(loc)
    name = f"{kind.value} id" if kind else "side" if key == "side" else "topic id"
    if plural:
        return name + "s"
    return ("an " if name[0] in "aeiou" else "a ") + name


def _is_placeholder(value: object) -> bool:
    return isinstance(value, str) and value.startswith("<") and value.endswith(">")


def _replace(value: object, what: str, verb: str) -> str:
    """``'<person id>'`` is a template's placeholder: say to replace it; else what it is not."""
    if _is_placeholder(value):
        return f"replace the placeholder {value!r} with {what}"
    if verb == "is not":
        return f"{value!r} is not {what}"
    return f"{value!r} {verb} {what}"


def _example(model: type[Record], loc: Loc) -> str:
    kind = _refers(model, loc)
    if kind is not None:
        return EXAMPLE_IDS[kind]
    if _is_id(model, loc):
        return "ukraine" if _key_name(loc) == "side" else "prisoner-exchange"
    return "…"


def _type_name(value: object) -> str:
    """What a TOML value is, in a user's words."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, dt.date | dt.time):
        return "a date"
    return "this"


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
