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

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args, get_origin

from pydantic import BaseModel

from parley.dossier.model import MODELS, ClaimKind, Kind, OutletKind
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


def _notes(about: str) -> FieldSpec:
    return FieldSpec(
        f"Anything else worth keeping about {about}.", '"<notes>"', form="long", label="Notes"
    )


UNKNOWN = FieldSpec(
    "For a key the sources do not give: the key, and why it is unknown, "
    "from the text itself. Nothing is invented."
)

# In each kind, the keys the form offers come in the order it asks for them.
FIELDS: dict[Kind, dict[str, FieldSpec]] = {
    Kind.CLAIM: {
        "speaker": FieldSpec(
            "The person who said it (a person id).",
            '"<person id>"',
            refers=Kind.PERSON,
            form="ref",
            label="Speaker (person)",
            hint="enter picks from the people; or give a side or a narrator below",
        ),
        "side": FieldSpec(
            'The side credited, when only a side or delegation is ("the Russian side").',
            '"<side: ukraine, russia>"',
            structure=True,
            form="text",
            label="…or side credited",
            hint="e.g. russia, when only a side is named",
            show=side_label,
        ),
        "narrator": FieldSpec(
            "An article that states it in its own voice, crediting nobody (an article id).",
            '"<article id>"',
            refers=Kind.ARTICLE,
            form="ref",
            label="…or article in its own voice",
        ),
        "credited_as": FieldSpec(
            'How the source names the speaker ("the head of the Russian delegation").',
            '"<how the source names the speaker>"',
            form="text",
            label="Credited as",
            hint="how the source names the speaker",
        ),
        "via": FieldSpec(
            "Who relayed it, when the article has it second-hand (a person id).",
            '"<person id>"',
            refers=Kind.PERSON,
            form="ref",
            label="Relayed by (person)",
        ),
        "type": FieldSpec(
            "quote or paraphrase.",
            '"<' + " or ".join(k.value for k in ClaimKind) + '>"',
            form="choice",
            label="Quote or paraphrase",
        ),
        "text": FieldSpec(
            "The words (a quote) or their sense (a paraphrase).",
            '"<the words, or their sense>"',
            search="text",
            name=True,
            form="long",
            label="Text",
        ),
        "said_on": FieldSpec(
            "When it was said, if a full date is known (a TOML date).",
            DATE,
            structure=True,
            form="date",
            label="Said on",
            hint="YYYY-MM-DD, only if a full date is known",
        ),
        "occasion": FieldSpec(
            'When and where it was said, as the source gives it ("interview with '
            'The Times, 11 November").',
            '"<when and where it was said, as the source gives it>"',
            form="text",
            label="When and where",
            hint="as the source gives it",
        ),
        "round": FieldSpec(
            "The round it is about (a round id).",
            '"<round id>"',
            refers=Kind.ROUND,
            form="ref",
            label="Round",
        ),
        "topics": FieldSpec(
            "What it is about, as slugs: ceasefire, prisoner-exchange.",
            '["<topic slug>"]',
            form="list",
            label="Topics",
            hint="comma-separated slugs",
        ),
        "contested": FieldSpec(
            "The contested points this claim takes a side on, as slugs (first-meeting-length).",
            '["<contested point slug>"]',
            structure=True,
            form="list",
            label="Contested points",
            hint="comma-separated slugs",
        ),
        "contradicts": FieldSpec(
            "Claims that conflict with this one (claim ids); one side of the link is enough.",
            '["<claim id>"]',
            refers=Kind.CLAIM,
            form="list",
            label="Contradicts (claims)",
            hint="comma-separated claim ids",
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
    },
    Kind.PERSON: {
        "name": FieldSpec(
            "The spelling used to show them.",
            '"<name>"',
            search="name",
            structure=True,
            name=True,
            form="text",
            label="Name",
        ),
        "aliases": FieldSpec(
            "Every other spelling the sources use, full and short.",
            '["<other spelling>"]',
            search="alias",
            form="list",
            label="Other spellings",
            hint="comma-separated",
        ),
        "side": FieldSpec(
            "The side they act for, as a slug: ukraine, russia, united-states.",
            '"<side: ukraine, russia, united-states>"',
            search="side",
            structure=True,
            form="text",
            label="Side",
            hint="e.g. ukraine, russia, turkey",
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
    },
    Kind.ARTICLE: {
        "title": FieldSpec(
            "The headline, as the article gives it.",
            '"<title, as the article gives it>"',
            search="title",
            name=True,
            form="text",
            label="Title",
        ),
        "outlet": FieldSpec(
            "Who published it (the newspaper, agency, ministry, institute).",
            '"<outlet>"',
            search="outlet",
            form="text",
            label="Outlet",
        ),
        "outlet_kind": FieldSpec(
            "What kind of outlet it is.",
            '"<' + ", ".join(k.value for k in OutletKind) + '>"',
            form="choice",
            label="Kind of outlet",
        ),
        "published": FieldSpec(
            "The day it was published, a TOML date (2025-05-16).",
            DATE,
            structure=True,
            form="date",
            label="Published",
            hint="YYYY-MM-DD",
        ),
        "authors": FieldSpec(
            "The bylines, one string each.",
            '["<author>"]',
            search="author",
            form="list",
            label="Authors",
            hint="comma-separated",
        ),
        "url": FieldSpec(
            "The address the article was read at.", '"<url>"', form="text", label="URL"
        ),
        "language": FieldSpec(
            "The language it is written in, as a tag: en, uk, ru.",
            '"<language tag: en, uk, ru>"',
            form="text",
            label="Language",
            hint="en, uk, ru …",
        ),
        "notes": _notes("the article"),
        "unknown": UNKNOWN,
    },
    Kind.ROUND: {
        "title": FieldSpec(
            "What the meeting is called.",
            '"<title>"',
            search="title",
            name=True,
            form="text",
            label="Title",
        ),
        "date": FieldSpec(
            "The day it took place, a TOML date (2025-05-16).",
            DATE,
            structure=True,
            form="date",
            label="Date",
            hint="YYYY-MM-DD",
        ),
        "when": FieldSpec(
            'The date as the sources give it when no exact day is known ("June 2025").',
            '"<the date as the sources give it: June 2025>"',
            structure=True,
            form="text",
            label="When, as the sources say",
            hint="e.g. June 2025",
        ),
        "place": FieldSpec(
            "City, country.", '"<city, country>"', search="place", form="text", label="Place"
        ),
        "venue": FieldSpec(
            "The building or room.", '"<venue>"', search="venue", form="text", label="Venue"
        ),
        "chair": FieldSpec(
            "The person who chaired it (a person id).",
            '"<person id>"',
            refers=Kind.PERSON,
            form="ref",
            label="Chair (person)",
        ),
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
