"""Statement suggestions: passages that attribute words to a known person or side.

Short sentences of real news prose are quoted with their source; the rest are made up
in the forms news prose uses.
"""

from __future__ import annotations

import pytest

from parley.dossier.attribution import Suggestion, suggest, unknown_names
from parley.dossier.index import Index
from parley.dossier.model import Article, Claim, ClaimKind, Person, Report, Role

ARTICLE = "some-article"


def person(pid: str, name: str, side: str, *aliases: str, role: str = "") -> Person:
    roles = [Role(title=role, article=ARTICLE)] if role else []
    return Person(id=pid, name=name, side=side, aliases=list(aliases), roles=roles)


PEOPLE = [
    person(
        "serhii-kyslytsia",
        "Serhii Kyslytsia",
        "ukraine",
        "Сергій Кислиця",
        "Kyslytsya",
        role="First Deputy Foreign Minister",
    ),
    person(
        "vladimir-medinsky", "Vladimir Medinsky", "russia", role="head of the Russian delegation"
    ),
    person("dmitry-peskov", "Dmitry Peskov", "russia", role="Kremlin spokesman"),
    person("sergey-lavrov", "Sergey Lavrov", "russia", role="Russian Foreign Minister"),
    person("hakan-fidan", "Hakan Fidan", "turkey", role="Turkish Foreign Minister"),
    person("volodymyr-zelensky", "Volodymyr Zelensky", "ukraine", role="President of Ukraine"),
    person("donald-trump", "Donald Trump", "united-states", role="U.S. President"),
]
INDEX = Index(PEOPLE)


def only(text: str) -> Suggestion:
    """The one suggestion made for ``text``."""
    found = suggest(text, INDEX)
    assert len(found) == 1, found
    return found[0]


def who(text: str) -> list[str]:
    return [s.who for s in suggest(text, INDEX)]


def test_direct_quote_attribution_after() -> None:
    text = '"We never reached that point," Kyslytsia emphasized.'
    found = only(text)
    assert (found.speaker, found.side, found.type) == ("serhii-kyslytsia", None, ClaimKind.QUOTE)
    assert text[found.start : found.end] == found.excerpt == text
    assert found.cue == "Kyslytsia emphasized"
