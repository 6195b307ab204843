"""What every key of every record kind means to a user and to the code: one table.

The pydantic models (``model.py``) say which keys exist, their types and
whether they are required; this table says the rest, once: the help text that
schemas and templates show, the template's placeholder, which kind of record a
key refers to, whether search finds records by it, whether the index derives
lists and order from it, and how the new-record form offers it. Keys of the
tables inside arrays of tables are written ``table.key`` (``reported_by.excerpt``).

Adding a key to a kind is its model line plus one entry here; ``tests/test_fields.py``
checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from parley.dossier.model import (
    CREDIBILITY_MEANINGS,
    MODELS,
    RELIABILITY_MEANINGS,
    ClaimKind,
    Kind,
    OutletKind,
)
from parley.dossier.text import side_label

FormType = Literal["text", "long", "date", "choice", "ref", "list"]
"""How the new-record form asks for a key: a line, a text area, a date, a choice, an id, a list."""


@dataclass(frozen=True)
class FieldSpec:
    """One key of one kind of record."""

    help: str
    """What it holds, for schema hovers and template comments."""
    value: str | None = None
    """What a new file's template shows for it; None for an array of tables (its keys show)."""
    refers: Kind | None = None
    """The kind of record it names by id, checked on every load."""
    search: str | None = None
    """The name search gives a hit in this key (``alias``, ``excerpt``); None: not searched."""
    structure: bool = False
    """The index derives lists, order or groups from it (besides references, which always do)."""
    name: bool = False
    """It names the record: suggested file names and the editor's cursor start from it."""
    form: FormType | None = None
    """How the new-record form asks for it; None when the form does not."""
    label: str = ""
    """The form's label for it."""
    hint: str = ""
    """The form's hint: an example or the expected shape."""
    show: Callable[[str], str] | None = None
    """How a value is shown to a user, when not as written (a side's slug as its name)."""

    @property
    def in_structure(self) -> bool:
        """The index reads it: an edit to it needs the records checked against each other."""
        return self.structure or self.refers is not None


DATE = '"<YYYY-MM-DD, a date without quotes>"'


def asked(
    form: FormType, label: str, help: str, value: str, *, hint: str = "", **more: Any
) -> FieldSpec:
    """A key the new-record form asks for, as ``form`` under ``label``."""
    return FieldSpec(help, value, form=form, label=label, hint=hint, **more)


def ref(label: str, kind: Kind, help: str, *, hint: str = "", many: bool = False) -> FieldSpec:
    """A key the form asks for that names a record of ``kind`` by id (``many``: a list of ids)."""
    value = f'["<{kind.value} id>"]' if many else f'"<{kind.value} id>"'
    return asked("list" if many else "ref", label, help, value, hint=hint, refers=kind)


def _one_of(values: type[StrEnum], sep: str) -> str:
    return '"<' + sep.join(v.value for v in values) + '>"'


def _scale(meanings: Mapping[Any, str]) -> str:
    """A grading scale in a line: ``A completely reliable, B usually reliable, …``."""
    return ", ".join(f"{grade} {meaning}" for grade, meaning in meanings.items())


def _notes(about: str) -> FieldSpec:
    return asked("long", "Notes", f"Anything else worth keeping about {about}.", '"<notes>"')


UNKNOWN = FieldSpec(
    "For a key the sources do not give: the key, and why it is unknown, "
    "from the text itself. Nothing is invented."
)
INFERRED = FieldSpec(
    "For a key whose value is derived rather than read in a source: the key, and why "
    "the value is taken to be so (the text it rests on)."
)

# In each kind, the keys the form offers come in the order it asks for them.
FIELDS: dict[Kind, dict[str, FieldSpec]] = {
    Kind.CLAIM: {
        "speaker": ref(
            "Speaker (person)",
            Kind.PERSON,
            "The person who said it (a person id).",
            hint="enter picks from the people; or give a side or a narrator below",
        ),
        "side": asked(
            "text",
            "…or side credited",
            'The side credited, when only a side or delegation is ("the Russian side").',
            '"<side: ukraine, russia>"',
            hint="e.g. russia, when only a side is named",
            structure=True,
            show=side_label,
        ),
        "narrator": ref(
            "…or article in its own voice",
            Kind.ARTICLE,
            "An article that states it in its own voice, crediting nobody (an article id).",
        ),
        "credited_as": asked(
            "text",
            "Credited as",
            'How the source names the speaker ("the head of the Russian delegation").',
            '"<how the source names the speaker>"',
            hint="how the source names the speaker",
        ),
        "via": ref(
            "Relayed by (person)",
            Kind.PERSON,
            "Who relayed it, when the article has it second-hand (a person id).",
        ),
        "type": asked(
            "choice", "Quote or paraphrase", "quote or paraphrase.", _one_of(ClaimKind, " or ")
        ),
        "text": asked(
            "long",
            "Text",
            "The words (a quote) or their sense (a paraphrase).",
            '"<the words, or their sense>"',
            search="text",
            name=True,
        ),
        "said_on": asked(
            "date",
            "Said on",
            "When it was said, if a full date is known (a TOML date).",
            DATE,
            hint="YYYY-MM-DD, only if a full date is known",
            structure=True,
        ),
        "occasion": asked(
            "text",
            "When and where",
            'When and where it was said, as the source gives it ("interview with '
            'The Times, 11 November").',
            '"<when and where it was said, as the source gives it>"',
            hint="as the source gives it",
        ),
        "round": ref("Round", Kind.ROUND, "The round it is about (a round id)."),
        "topics": asked(
            "list",
            "Topics",
            "What it is about, as slugs: ceasefire, prisoner-exchange.",
            '["<topic slug>"]',
            hint="comma-separated slugs",
        ),
        "contested": asked(
            "list",
            "Contested points",
            "The contested points this claim takes a side on, as slugs (first-meeting-length).",
            '["<contested point slug>"]',
            hint="comma-separated slugs",
            structure=True,
        ),
        "contradicts": ref(
            "Contradicts (claims)",
            Kind.CLAIM,
            "Claims that conflict with this one (claim ids); one side of the link is enough.",
            hint="comma-separated claim ids",
            many=True,
        ),
        # source grades
        "credibility": FieldSpec(
            "How credible the information is, on the Admiralty (NATO) scale, a number: "
            + _scale(CREDIBILITY_MEANINGS)
            + ". The analyst's judgement; leave it out until one is made.",
            '"<credibility: a number 1-6, without quotes>"',
        ),
        "notes": _notes("the claim"),
        "reported_by": FieldSpec("Every article that reports it, each with the exact excerpt."),
        "reported_by.article": FieldSpec(
            "The article (an article id).", '"<article id>"', refers=Kind.ARTICLE
        ),
        "reported_by.excerpt": FieldSpec(
            "The exact excerpt, copied from the article.",
            '"<the exact excerpt, copied from the article>"',
            search="excerpt",
        ),
        "unknown": UNKNOWN,
        "inferred": INFERRED,
    },
    Kind.PERSON: {
        "name": asked(
            "text",
            "Name",
            "The spelling used to show them.",
            '"<name>"',
            search="name",
            structure=True,
            name=True,
        ),
        "aliases": asked(
            "list",
            "Other spellings",
            "Every other spelling the sources use, full and short.",
            '["<other spelling>"]',
            hint="comma-separated",
            search="alias",
        ),
        "side": asked(
            "text",
            "Side",
            "The side they act for, as a slug: ukraine, russia, united-states.",
            '"<side: ukraine, russia, united-states>"',
            hint="e.g. ukraine, russia, turkey",
            search="side",
            structure=True,
            show=side_label,
        ),
        "notes": _notes("them"),
        "roles": FieldSpec("Each role as one article gives it: a title and the article id."),
        "roles.title": FieldSpec(
            "The role, in the article's words.",
            '"<role, as the article gives it>"',
            search="role",
        ),
        "roles.article": FieldSpec(
            "The article that gives it (an article id).", '"<article id>"', refers=Kind.ARTICLE
        ),
        "unknown": UNKNOWN,
        "inferred": INFERRED,
    },
    Kind.ARTICLE: {
        "title": asked(
            "text",
            "Title",
            "The headline, as the article gives it.",
            '"<title, as the article gives it>"',
            search="title",
            name=True,
        ),
        "outlet": asked(
            "text",
            "Outlet",
            "Who published it (the newspaper, agency, ministry, institute).",
            '"<outlet>"',
            search="outlet",
        ),
        "outlet_kind": asked(
            "choice", "Kind of outlet", "What kind of outlet it is.", _one_of(OutletKind, ", ")
        ),
        # source grades
        "affiliation": FieldSpec(
            "The side whose state runs or funds the outlet, as a side slug (russia), "
            "with outlet_kind state media or state-funded media.",
            '"<side whose state runs or funds the outlet: russia>"',
            show=side_label,
        ),
        "reliability": FieldSpec(
            "How reliable the source is, on the Admiralty (NATO) scale, one capital letter: "
            + _scale(RELIABILITY_MEANINGS)
            + ". The analyst's judgement; leave it out until one is made.",
            '"<reliability: a letter A-F>"',
        ),
        "published": asked(
            "date",
            "Published",
            "The day it was published, a TOML date (2025-05-16).",
            DATE,
            hint="YYYY-MM-DD",
            structure=True,
        ),
        "authors": asked(
            "list",
            "Authors",
            "The bylines, one string each.",
            '["<author>"]',
            hint="comma-separated",
            search="author",
        ),
        "url": asked("text", "URL", "The address the article was read at.", '"<url>"'),
        "archive": FieldSpec(
            "The article's text as archived in the dossier: a Markdown or plain-text file under "
            "archives/, its path from the dossier folder (archives/<article id>.md). "
            "Every report's excerpt is checked against it.",
            '"<archive path: archives/ID.md>"',
        ),
        "language": asked(
            "text",
            "Language",
            "The language it is written in, as a tag: en, uk, ru.",
            '"<language tag: en, uk, ru>"',
            hint="en, uk, ru …",
        ),
        "notes": _notes("the article"),
        "unknown": UNKNOWN,
        "inferred": INFERRED,
    },
    Kind.ROUND: {
        "title": asked(
            "text", "Title", "What the meeting is called.", '"<title>"', search="title", name=True
        ),
        "date": asked(
            "date",
            "Date",
            "The day it took place, a TOML date (2025-05-16).",
            DATE,
            hint="YYYY-MM-DD",
            structure=True,
        ),
        "when": asked(
            "text",
            "When, as the sources say",
            'The date as the sources give it when no exact day is known ("June 2025").',
            '"<the date as the sources give it: June 2025>"',
            hint="e.g. June 2025",
            structure=True,
        ),
        "place": asked("text", "Place", "City, country.", '"<city, country>"', search="place"),
        "venue": asked("text", "Venue", "The building or room.", '"<venue>"', search="venue"),
        "chair": ref("Chair (person)", Kind.PERSON, "The person who chaired it (a person id)."),
        "notes": _notes("the round"),
        "articles": FieldSpec(
            "The articles that describe the round (article ids).",
            '["<article id>"]',
            refers=Kind.ARTICLE,
        ),
        "delegations": FieldSpec(
            "One per side: side, head, members and the articles that list them."
        ),
        "delegations.side": FieldSpec(
            "The side, as a slug: ukraine, russia.",
            '"<side: ukraine, russia>"',
            structure=True,
            show=side_label,
        ),
        "delegations.head": FieldSpec(
            "Who led it (a person id).", '"<person id>"', refers=Kind.PERSON
        ),
        "delegations.members": FieldSpec(
            "The other members (person ids).", '["<person id>"]', refers=Kind.PERSON
        ),
        "delegations.articles": FieldSpec(
            "The articles that list this delegation (article ids).",
            '["<article id>"]',
            refers=Kind.ARTICLE,
        ),
        "unknown": UNKNOWN,
        "inferred": INFERRED,
    },
}


def _table_model(annotation: object) -> type[BaseModel] | None:
    """The model of an array of tables (``list[Role]``), or None for any other type."""
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


def _tables() -> dict[Kind, dict[str, type[BaseModel]]]:
    tables: dict[Kind, dict[str, type[BaseModel]]] = {}
    for kind, model in MODELS.items():
        tables[kind] = {}
        for key, info in model.model_fields.items():
            sub = _table_model(info.annotation)
            if sub is not None:
                tables[kind][key] = sub
    return tables


TABLES: dict[Kind, dict[str, type[BaseModel]]] = _tables()
"""Per kind, its arrays of tables (``reported_by``) and the model of one table, from the models."""


def spec(kind: Kind, key: str) -> FieldSpec:
    """The entry of ``key`` (``table.key`` inside an array of tables) of ``kind``."""
    return FIELDS[kind][key]


def name_field(kind: Kind) -> str:
    """The key that names a record of ``kind``."""
    return next(key for key, entry in FIELDS[kind].items() if entry.name)


KeyPath = tuple[str, str | None]
"""A key, and the key inside its tables for a key of an array of tables."""


def _split(key: str) -> KeyPath:
    head, _, sub = key.partition(".")
    return head, sub or None


def reference_keys(kind: Kind) -> list[tuple[str, str | None, Kind]]:
    """The keys of ``kind`` that refer to other records, and the kind each refers to."""
    return [(*_split(key), e.refers) for key, e in FIELDS[kind].items() if e.refers is not None]


def structure_keys(kind: Kind) -> list[KeyPath]:
    """The keys of ``kind`` the index derives lists, order or groups from."""
    return [_split(key) for key, entry in FIELDS[kind].items() if entry.in_structure]


def searched(kind: Kind) -> list[tuple[str, str | None, FieldSpec]]:
    """The keys of ``kind`` search finds records by, with their entries."""
    return [(*_split(key), e) for key, e in FIELDS[kind].items() if e.search is not None]
