"""Record files: a new one made whole, and a report added to a claim keeping every byte.

A new file is made whole from ``tomli_w`` values (``record_toml``); an existing
file is only ever *added to*, keeping every byte already there (``append_report``).
Both are written by ``atomic_write``, under its rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

import rtoml
import tomli_w
from pydantic import BaseModel, ValidationError

from parley.dossier.model import FOLDERS, MODELS, AnyRecord, Claim, Kind, Report, id_problem
from parley.files.atomic import (
    Expect,
    WriteRefused,
    atomic_write,
    check_expected,
    display_path,
    read_regular,
)

INLINE_WIDTH = 100

# -- new record files ---------------------------------------------------------

# Keys every record shares; a file gives them after the kind's own keys.
_COMMON = ("notes", "unknown", "inferred")
# Where the bundled files order keys otherwise than the model: as people write them
# (a claim's type before its text, an article's url last). Other keys follow.
_FILE_ORDER = {
    Kind.CLAIM: ("speaker", "side", "narrator", "credited_as", "via", "type", "text",
                 "said_on", "occasion", "round", "topics", "contested", "contradicts", "notes"),
    Kind.ARTICLE: ("title", "outlet", "outlet_kind", "published", "authors", "language",
                   "notes", "url"),
}  # fmt: skip


def new_record_path(root: Path | str, kind: Kind, record_id: str) -> Path:
    """Where a new record goes: ``root/<folder>/<id>.toml``."""
    return Path(root) / FOLDERS[kind] / f"{record_id}.toml"


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict | tuple) and not value)


def _plain(value: Any) -> Any:
    """Model values as tomli_w takes them: enums as their strings, models as dicts."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, BaseModel):
        return {k: _plain(v) for k, v in value.model_dump().items() if not _is_empty(v)}
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items() if not _is_empty(v)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def validate_record(kind: Kind, data: Mapping[str, Any], record_id: str = "") -> AnyRecord:
    """The record ``data`` makes, or a pydantic ``ValidationError``.

    Empty values (None, "", [], {}) count as not given, as they are never written.
    """
    if "id" in data:
        raise ValueError("the id is the file name, not a key: pass it as record_id")
    clean = {k: v for k, v in _plain(dict(data)).items() if not _is_empty(v)}
    return MODELS[kind].model_validate({**clean, "id": record_id})


def record_toml(kind: Kind, data: Mapping[str, Any]) -> str:
    """The text of a new ``kind`` record file holding ``data``.

    The ``#:schema`` line, then the keys in the order of the bundled files
    (the model's, but for ``_FILE_ORDER``): values and lists first, then
    ``[unknown]``, then the arrays of tables (``[[roles]]``, ``[[delegations]]``,
    ``[[reported_by]]``). Empty values are left out. Raises a pydantic
    ``ValidationError`` when ``data`` is no valid record, so the text always
    loads back into an equal one.
    """
    record = validate_record(kind, data)
    values = {
        key: _plain(getattr(record, key))
        for key in type(record).model_fields
        if key != "id" and not _is_empty(getattr(record, key))
    }
    model = [k for k in values if k not in _COMMON] + [k for k in _COMMON if k in values]
    first = [k for k in _FILE_ORDER.get(kind, ()) if k in values]
    order = first + [k for k in model if k not in first]
    tables = [k for k in order if _is_table_list(values[k])]
    simple = {k: values[k] for k in order if k not in tables and k not in ("unknown", "inferred")}

    parts = [f"#:schema ../schema/{kind.value}.json\n", _dumps(simple)]
    for table in ("unknown", "inferred"):
        if table in values:
            parts.append(f"\n[{table}]\n" + _dumps(values[table]))
    for key in tables:
        for entry in values[key]:
            parts.append(f"\n[[{key}]]\n" + _dumps(entry))
    return "".join(parts)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _dumps(values: Mapping[str, Any], *, multiline: bool = True) -> str:
    """``key = value`` lines by tomli_w; a short list stays on one line, as people write it.

    A string holding a carriage return is written on one line, escaped: tomli_w
    turns CRLF into LF in a multi-line string, and TOML readers may do the same.
    """
    lines: list[str] = []
    for key, value in values.items():
        if isinstance(value, list) and not _is_table_list(value):
            items = ", ".join(_value(item) for item in value)
            line = f"{key} = [{items}]\n"
            if len(line) <= INLINE_WIDTH and "\n" not in line[:-1]:
                lines.append(line)
                continue
        keep_lines = multiline and not _has_cr(value)
        lines.append(tomli_w.dumps({key: value}, multiline_strings=keep_lines))
    return "".join(lines)


def _has_cr(value: Any) -> bool:
    """Whether a string anywhere in ``value`` holds a carriage return."""
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, Mapping):
        return any(_has_cr(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_cr(v) for v in value)
    return False


def _value(value: Any) -> str:
    """One value as tomli_w writes it, on one line."""
    return tomli_w.dumps({"v": value}).split(" = ", 1)[1].rstrip("\n")


def create_record(root: Path | str, kind: Kind, data: Mapping[str, Any], record_id: str) -> Path:
    """Write a new record file and return its path.

    Validates first (a ``ValueError`` or pydantic ``ValidationError`` before
    anything touches the disk); refuses (``WriteRefused``) when the file exists.
    The kind's folder is made if the dossier lacks it.
    """
    if (why := id_problem(record_id)) is not None:
        raise ValueError(f"{record_id!r} is not a valid id: {why}")
    text = record_toml(kind, data)
    validate_record(kind, data, record_id)  # rules that need the id (a claim contradicting itself)
    root = Path(root)
    if not root.is_dir():
        raise WriteRefused(f"no such dossier folder: {root}")
    path = new_record_path(root, kind, record_id)
    label = f"{FOLDERS[kind]}/{record_id}.toml"
    check_expected(path, Expect.new(), label)
    path.parent.mkdir(exist_ok=True)
    atomic_write(path, text, expect=Expect.new(), label=label, root=root)
    return path


# -- adding to an existing claim ----------------------------------------------


def _parse_claim(text: str, record_id: str) -> Claim | None:
    try:
        return Claim.model_validate({**rtoml.loads(text), "id": record_id})
    except (rtoml.TomlParsingError, ValidationError, ValueError):
        return None


def append_report(
    path: Path | str,
    article_id: str,
    excerpt: str,
    *,
    expected_bytes: bytes,
    root: Path | str | None = None,
) -> str:
    """Add a ``[[reported_by]]`` entry to a claim file, keeping every byte already there.

    When the file has no inline ``reported_by = [...]`` array, the entry is
    appended at the end as a ``[[reported_by]]`` table, so the old text is a
    prefix of the new one. When it has one, the entry is added to that array
    with ``tomlkit``, which keeps the rest of the document (comments, order,
    spacing) as it was.

    Refused (``WriteRefused``, nothing written) when the file no longer holds
    ``expected_bytes``, when the article already reports the claim, or when the
    result would not be the same claim with exactly one more report, or when
    ``atomic_write`` refuses the file (a symlink out of the dossier ``root``,
    read-only). The excerpt is kept exactly as given, line endings included.
    Returns the new text.
    """
    path = Path(path)
    label = display_path(path)
    report = Report(article=article_id, excerpt=excerpt)  # bad input fails before anything
    current = _read_as_read_before(path, label, expected_bytes)
    try:
        text = current.decode("utf-8")
    except UnicodeDecodeError:
        raise WriteRefused(f"{label} is not UTF-8; save it as UTF-8 first") from None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text.removeprefix(bom)
    record_id = path.stem
    before = _parse_claim(body, record_id)
    if before is None:
        raise WriteRefused(f"{label} has errors; fix them first (parley check lists them)")
    if any(r.article == article_id for r in before.reported_by):
        raise WriteRefused(f"{article_id!r} already reports this claim in {label}")

    new_body = _with_report(body, {"article": report.article, "excerpt": report.excerpt}, label)
    after = _parse_claim(new_body, record_id)
    expected = before.model_copy(update={"reported_by": [*before.reported_by, report]})
    if after is None or after != expected:
        raise WriteRefused(
            f"adding the report would change more than the reports in {label}; nothing was written"
        )
    new_text = bom + new_body
    atomic_write(path, new_text, expect=Expect.unchanged(current), label=label, root=root)
    return new_text


def _read_as_read_before(path: Path, label: str, expected: bytes) -> bytes:
    """The file's bytes, refused unless they are still ``expected``."""
    try:
        current = read_regular(path, label)
    except FileNotFoundError:
        raise WriteRefused(f"{label} no longer exists; reload and try again") from None
    if current != expected:
        raise WriteRefused(f"{label} changed on disk since it was read; reload and try again")
    return current


def _with_report(body: str, entry: dict[str, str], label: str) -> str:
    """``body`` with one more report: in its inline array if it has one, else appended."""
    if _has_inline_reports(body):
        return _add_to_inline_array(body, entry, label)
    newline = "\r\n" if "\r\n" in body else "\n"
    # Newlines inside a multi-line string would change with CRLF: escape them there.
    block = f"[[reported_by]]\n{_dumps(entry, multiline=newline == chr(10))}"
    if not body:
        sep = ""
    elif body.endswith(newline * 2) or body.endswith("\n\n"):
        sep = ""
    elif body.endswith("\n"):
        sep = newline
    else:
        sep = newline * 2
    return body + sep + block.replace("\n", newline)


def _has_inline_reports(body: str) -> bool:
    """True when ``reported_by`` is a key holding an inline array, not ``[[reported_by]]``."""
    # tomlkit loads only here: start-up (which removes stale temporary files) needs none of it.
    import tomlkit
    from tomlkit.exceptions import TOMLKitError
    from tomlkit.items import Array

    try:
        item = tomlkit.parse(body).get("reported_by")
    except TOMLKitError:  # not for tomlkit to edit; appending is checked all the same
        return False
    return isinstance(item, Array)


def _add_to_inline_array(body: str, entry: dict[str, str], label: str) -> str:
    import tomlkit
    from tomlkit.items import Array

    doc = tomlkit.parse(body)
    if tomlkit.dumps(doc) != body:
        raise WriteRefused(
            f"cannot add to the reported_by array in {label} without changing other "
            "lines; add the report by hand"
        )
    array = doc["reported_by"]
    assert isinstance(array, Array)
    # The values are written by tomli_w, then read in as one tomlkit inline table.
    pairs = ", ".join(f"{key} = {_value(value)}" for key, value in entry.items())
    table = tomlkit.parse(f"entry = {{ {pairs} }}\n")["entry"]
    array.append(table)
    return tomlkit.dumps(doc)
