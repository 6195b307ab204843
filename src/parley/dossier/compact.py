"""Records that share what repeats: a 100,000-claim dossier held in a few hundred MB.

A validated record is rebuilt once, after validation (``compact``), so that

* equal sets of given keys (pydantic's ``model_fields_set``) are one set object;
* ids, references, sides, topics, outlets and the other short values that repeat
  across records are one string each (``sys.intern``), and equal dates one date;
* an empty list or table is one read-only object (``EMPTY_LIST``, ``EMPTY_DICT``);
* the record's own attribute table is the compact kind Python keeps for
  instances of one class (values only, the keys shared by the class), instead of
  the full dictionary validation makes (about half the size).

Records are frozen, so sharing is invisible: nothing can change one record's
value through another. The shared empty list and table refuse changes too.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

# Keys whose values are prose, unique to their record: interning them would only
# add an entry to the interpreter's table of interned strings.
_PROSE = frozenset({"text", "excerpt", "notes", "title", "url"})
# Enough distinct dates and key sets for any real dossier; past it, values stay unshared.
_MAX_SHARED = 1 << 16

_fields_sets: dict[frozenset[str], set[str]] = {}
_dates: dict[dt.date, dt.date] = {}
_object_setattr = object.__setattr__


def _read_only(self: object, *args: object, **kwargs: object) -> NoReturn:
    raise TypeError("a record's values are read-only")


class _EmptyList(list[Any]):
    """The one empty list records share: it refuses to change."""

    __slots__ = ()
    # The in-place operators too: ``record.topics += [...]`` would change the list
    # before the frozen record refused the assignment. Removing fails on an empty list.
    append = extend = insert = __setitem__ = __iadd__ = __imul__ = _read_only


class _EmptyDict(dict[str, Any]):
    """The one empty table records share: it refuses to change."""

    __slots__ = ()
    __setitem__ = setdefault = update = __ior__ = _read_only


EMPTY_LIST: list[Any] = _EmptyList()
"""The empty list every record shares."""
EMPTY_DICT: dict[str, Any] = _EmptyDict()
"""The empty table every record shares."""


def _shared_fields_set(given: set[str]) -> set[str]:
    key = frozenset(given)
    shared = _fields_sets.get(key)
    if shared is None:
        if len(_fields_sets) >= _MAX_SHARED:
            return given
        shared = _fields_sets[key] = given
    return shared


def _shared_date(date: dt.date) -> dt.date:
    shared = _dates.get(date)
    if shared is None:
        if len(_dates) >= _MAX_SHARED:
            return date
        shared = _dates[date] = date
    return shared


def _shared(value: Any, prose: bool) -> Any:
    """One value inside a record, shared where an equal one exists."""
    kind = type(value)
    if kind is str:
        return value if prose else _intern(value)
    if value is None or kind in _plain:
        return value
    if kind is list:
        if not value:
            return EMPTY_LIST
        for n, item in enumerate(value):  # the list is the record's own, fresh from validation
            value[n] = _shared(item, prose)
        return value
    if kind is dict:
        return value if value else EMPTY_DICT
    if kind is dt.date:
        return _shared_date(value)
    if kind in _models:
        return compact(value)
    # A type seen for the first time: a model (a report, a role) or a plain value.
    (_models if issubclass(kind, BaseModel) else _plain).add(kind)
    return _shared(value, prose)


_intern = sys.intern
_models: set[type] = set()
_plain: set[type] = set()


def compact(record: M) -> M:
    """``record`` rebuilt to share what repeats (see the module's docstring); equal to it."""
    cls = type(record)
    twin = cls.__new__(cls)
    # Set one by one, in field order, so Python keeps the compact per-class table.
    for key, value in record.__dict__.items():
        kind = type(value)
        if kind is str:  # most values: an id, a reference, a text
            if key not in _PROSE:
                value = _intern(value)
        elif value is not None:
            value = _shared(value, key in _PROSE)
        _object_setattr(twin, key, value)
    _object_setattr(twin, "__pydantic_fields_set__", _shared_fields_set(record.model_fields_set))
    _object_setattr(twin, "__pydantic_extra__", record.__pydantic_extra__)
    _object_setattr(twin, "__pydantic_private__", record.__pydantic_private__)
    return twin
