"""The dossier records: rounds, people, claims and articles.

Plain pydantic models with no UI import. A record's id is its file name
(without ``.toml``), so the files never carry an ``id`` key: the loader sets it.
Unknown keys are errors, because in a hand-edited file they are nearly always
typos. What each key means to a user (help, templates, the form) is in ``fields.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    model_validator,
)

from parley.dossier.text import first_line

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID_RE = re.compile(ID_PATTERN)


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Text = Annotated[str, AfterValidator(_check_text)]
Slug = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=120)]
"""A readable id: lowercase ascii words joined by single hyphens."""

RecordId = Slug
_PATH_PART = r"[A-Za-z0-9][A-Za-z0-9._-]*"
ARCHIVE_PATTERN = rf"^archives/(?:{_PATH_PART}/)*{_PATH_PART}\.(?:md|txt)$"
ArchivePath = Annotated[str, StringConstraints(pattern=ARCHIVE_PATTERN, max_length=400)]
"""An archived text's path inside the dossier folder: ``archives/<name>.md`` or ``.txt``,
forward slashes, no ``..``: it cannot point outside the dossier."""
Date = Annotated[dt.date, Strict()]
"""A TOML date (``2025-05-16``); a quoted string is an error, not silently converted."""


class KeyProblem(ValueError):
    """A record-level rule broken by one key; the loader points at that key's line."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


MAX_ID_LENGTH = 120

# Names Windows keeps for devices, with or without an extension: a file ``con.toml``
# cannot be created or opened there, so a dossier using one breaks for Windows users.
# COM0 and LPT0 are reserved by newer Windows versions too.
WINDOWS_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(10)]
)


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be a record id, or None when it can."""
    if not _ID_RE.match(value):
        return "use lowercase letters, digits and single hyphens"
    if len(value) > MAX_ID_LENGTH:
        return f"an id is at most {MAX_ID_LENGTH} characters"
    if value.lower() in WINDOWS_DEVICE_NAMES:
        return (
            f"{value!r} is a device name on Windows, where a file named {value}.toml "
            "cannot be opened; choose another id"
        )
    return None


def is_valid_id(value: str) -> bool:
    """True when ``value`` is a well-formed record id that works as a file name everywhere."""
    return id_problem(value) is None


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed twice")
        seen.add(value)
    return values


class Kind(StrEnum):
    """The four record kinds, each kept in a folder of the same plural name."""

    ROUND = "round"
    PERSON = "person"
    CLAIM = "claim"
    ARTICLE = "article"

    @property
    def folder(self) -> str:
        return FOLDERS[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def indefinite(self) -> str:
        """The kind with its indefinite article: ``a claim``, ``an article``."""
        return ("an " if self.value[0] in "aeiou" else "a ") + self.value


FOLDERS: dict[Kind, str] = {
    Kind.ROUND: "rounds",
    Kind.PERSON: "people",
    Kind.CLAIM: "claims",
    Kind.ARTICLE: "articles",
}
KIND_OF_FOLDER: dict[str, Kind] = {folder: kind for kind, folder in FOLDERS.items()}


# Keys that describe the record itself, never a value read from (or derived from) a source.
_NOT_INFERABLE = frozenset({"id", "notes", "unknown", "inferred"})


class Record(BaseModel):
    """Fields every record shares."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

    kind: ClassVar[Kind]
    # Which keys may be explained in an ``[unknown]`` table instead of given.
    explainable: ClassVar[tuple[str, ...]] = ()

    id: Annotated[str, Field(exclude=True)] = ""
    notes: str | None = None
    unknown: dict[str, Text] = Field(default_factory=dict)
    inferred: dict[str, Text] = Field(default_factory=dict)
    """Keys whose value is derived rather than read in a source, each with the reason."""

    @model_validator(mode="after")
    def _check_unknown(self) -> Record:
        for key in self.unknown:
            if key not in self.explainable:
                allowed = ", ".join(self.explainable) or "nothing"
                raise KeyProblem(
                    f"unknown.{key}",
                    f"[unknown] explains {key!r}, but only these keys can be unknown: {allowed}",
                )
            if getattr(self, key) not in (None, [], ""):
                raise KeyProblem(key, f"{key!r} is given and also listed under [unknown]")
        for key in self.explainable:
            if getattr(self, key) in (None, []) and key not in self.unknown:
                raise KeyProblem(
                    "",
                    f"{key!r} is missing: give it, or say why it is unknown "
                    f'under [unknown] ({key} = "...")',
                )
        return self

    @model_validator(mode="after")
    def _check_inferred(self) -> Record:
        for key in self.inferred:
            if key in _NOT_INFERABLE or key not in type(self).model_fields:
                raise KeyProblem(
                    f"inferred.{key}",
                    f"[inferred] explains {key!r}, which is not a key {self.kind.indefinite} has",
                )
            if getattr(self, key) in (None, [], ""):
                raise KeyProblem(
                    f"inferred.{key}",
                    f"[inferred] explains {key!r}, but {key!r} is not given: "
                    "give the value, or say why it is unknown under [unknown]",
                )
        return self

    @property
    def title_text(self) -> str:
        """A one-line name for lists and headings."""
        return self.id


class Part(BaseModel):
    """A table inside a record (a role, a delegation, a report): closed and frozen like it."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Role(Part):
    """A role a person held, as one article gives it."""

    title: Text
    article: RecordId


class Person(Record):
    """Someone who negotiates, is quoted, or is mentioned."""

    kind: ClassVar[Kind] = Kind.PERSON

    name: Text
    aliases: Annotated[list[Text], AfterValidator(_unique)] = Field(default_factory=list)
    side: Slug
    roles: list[Role] = Field(default_factory=list)

    @property
    def title_text(self) -> str:
        return self.name

    @property
    def role(self) -> str:
        """The first role the sources give, or an empty string."""
        return self.roles[0].title if self.roles else ""


class Delegation(Part):
    """One side's delegation at a round."""

    side: Slug
    head: RecordId | None = None
    members: Annotated[list[RecordId], AfterValidator(_unique)] = Field(default_factory=list)
    articles: list[RecordId] = Field(default_factory=list)

    @property
    def people(self) -> list[str]:
        """Head first, then the members."""
        return ([self.head] if self.head else []) + [m for m in self.members if m != self.head]


class Round(Record):
    """A meeting of the negotiating parties."""

    kind: ClassVar[Kind] = Kind.ROUND
    explainable: ClassVar[tuple[str, ...]] = ("date",)

    title: Text
    date: Date | None = None
    when: str | None = None
    place: Text
    venue: str | None = None
    chair: RecordId | None = None
    delegations: list[Delegation] = Field(default_factory=list)
    articles: Annotated[list[RecordId], AfterValidator(_unique)] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_sides(self) -> Round:
        sides = [d.side for d in self.delegations]
        for side in sides:
            if sides.count(side) > 1:
                raise KeyProblem("delegations", f"two delegations for side {side!r}")
        return self

    @property
    def title_text(self) -> str:
        return self.title

    @property
    def date_text(self) -> str:
        if self.date:
            return self.date.isoformat()
        return self.when or "date unknown"


class Reliability(StrEnum):
    """How reliable a source is, on the Admiralty (NATO) scale: A best, F cannot be judged."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


RELIABILITY_MEANINGS: dict[Reliability, str] = {
    Reliability.A: "completely reliable",
    Reliability.B: "usually reliable",
    Reliability.C: "fairly reliable",
    Reliability.D: "not usually reliable",
    Reliability.E: "unreliable",
    Reliability.F: "reliability cannot be judged",
}

CREDIBILITY_MEANINGS: dict[int, str] = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
"""How credible a piece of information is, on the Admiralty (NATO) scale: 1 best."""


def _check_credibility(value: object) -> object:
    scale = "a whole number from 1 (confirmed by other sources) to 6 (truth cannot be judged)"
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a credibility grade: use {scale}, without quotes")
    if value not in CREDIBILITY_MEANINGS:
        raise ValueError(f"{value} is not a credibility grade: use {scale}")
    return value


Credibility = Annotated[
    int,
    Strict(),
    BeforeValidator(_check_credibility),
    Field(json_schema_extra={"minimum": 1, "maximum": 6}),
]
"""An Admiralty credibility grade, 1 to 6; a quoted ``"2"`` is an error, not converted."""


class ClaimKind(StrEnum):
    QUOTE = "quote"
    PARAPHRASE = "paraphrase"


class Report(Part):
    """An article reporting a claim, with the exact excerpt in which it does."""

    article: RecordId
    excerpt: Text


class Claim(Record):
    """A statement someone made, with every article that reports it."""

    kind: ClassVar[Kind] = Kind.CLAIM

    speaker: RecordId | None = None
    side: Slug | None = None
    narrator: RecordId | None = None
    credited_as: str | None = None
    via: RecordId | None = None
    text: Text
    type: ClaimKind
    said_on: Date | None = None
    occasion: str | None = None
    round: RecordId | None = None
    topics: Annotated[list[Slug], AfterValidator(_unique)] = Field(default_factory=list)
    contested: Annotated[list[Slug], AfterValidator(_unique)] = Field(default_factory=list)
    contradicts: Annotated[list[RecordId], AfterValidator(_unique)] = Field(default_factory=list)
    credibility: Credibility | None = None
    reported_by: list[Report] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_speaker(self) -> Claim:
        given = [k for k in ("speaker", "side", "narrator") if getattr(self, k)]
        if len(given) != 1:
            detail = "none is" if not given else " and ".join(given) + " are"
            raise KeyProblem(
                given[-1] if given else "text",
                f"give exactly one of speaker (a person), side (when only a side is "
                f"credited) or narrator (an article speaking in its own voice); {detail} given",
            )
        if self.id and self.id in self.contradicts:
            raise KeyProblem("contradicts", "a claim cannot contradict itself")
        return self

    @property
    def title_text(self) -> str:
        return first_line(self.text)


class OutletKind(StrEnum):
    STATE_MEDIA = "state media"
    STATE_FUNDED = "state-funded media"
    INDEPENDENT = "independent"
    THINK_TANK = "think tank"
    NEWS_AGENCY = "news agency"
    GOVERNMENT = "government"
    OTHER = "other"


class Article(Record):
    """A source that reports claims."""

    kind: ClassVar[Kind] = Kind.ARTICLE
    explainable: ClassVar[tuple[str, ...]] = (
        "outlet",
        "published",
        "authors",
        "url",
        "outlet_kind",
    )

    title: Text
    outlet: str | None = None
    outlet_kind: OutletKind | None = None
    affiliation: Slug | None = None
    reliability: Reliability | None = None
    url: str | None = None
    archive: ArchivePath | None = None
    published: Date | None = None
    authors: Annotated[list[Text], AfterValidator(_unique)] = Field(default_factory=list)
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]

    @property
    def title_text(self) -> str:
        return self.title

    @property
    def outlet_text(self) -> str:
        """The outlet, or the start of the title (cut at a word) when no outlet is known."""
        return self.outlet or f"“{cut_at_word(first_line(self.title), 36)}”"

    @property
    def source_text(self) -> str:
        """The article as a journalist names it: ``Sputnik, 16 May 2025``."""
        return self.source_within(0)

    def source_within(self, width: int) -> str:
        """``source_text`` in ``width`` characters (0: no limit): a shorter title, then no date."""
        date = self.published
        when = f"{date.day} {MONTHS[date.month - 1]} {date.year}" if date else "undated"
        title = first_line(self.title)
        room = min(max(width - len(when) - 4, 10), 36) if width else 36
        name = self.outlet or f"“{cut_at_word(title, room)}”"
        if not width or len(name) + 2 + len(when) <= width:
            return f"{name}, {when}"
        return (
            cut_at_word(self.outlet, width) if self.outlet else f"“{cut_at_word(title, width - 2)}”"
        )

    @property
    def date_text(self) -> str:
        return self.published.isoformat() if self.published else "date unknown"


# Not strftime("%b"): that follows the locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def cut_at_word(line: str, width: int) -> str:
    """``line`` cut to at most ``width`` characters at a word boundary, ending in "…" when cut."""
    if len(line) <= width:
        return line
    head = line[: max(width - 1, 1)]
    space = head.rfind(" ")
    end = line.find(" ", space + 1)
    cut_word = line[space + 1 : end if end != -1 else len(line)]
    # a token longer than the room and than any word (a URL, escaped controls) is cut inside
    if space > 0 and len(cut_word) < max(width, 20):
        head = head[:space]
    return head.rstrip(" ,;:.-–—") + "…"


AnyRecord = Round | Person | Claim | Article
MODELS: dict[Kind, type[Round] | type[Person] | type[Claim] | type[Article]] = {
    Kind.ROUND: Round,
    Kind.PERSON: Person,
    Kind.CLAIM: Claim,
    Kind.ARTICLE: Article,
}
