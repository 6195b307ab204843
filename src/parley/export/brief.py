"""A Markdown brief: what an analyst hands an editor about a person, a round, a point, or all.

A title and a one-paragraph summary, then who the person is or what the round
was, the statements in date order with their sources as citations, and each
contested point the statements touch, its versions side by side with the
outlets that carry each. Every string from a record is escaped for Markdown
(``markdown.py``), so no record can add a heading, a table row or a link; an
export never alters a record's text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from parley.dossier.index import Dispute, Index
from parley.dossier.model import Article, Claim, Person, Round
from parley.dossier.text import plural, side_label
from parley.export.citation import ClaimCitation, Source, claim_citation, day_text
from parley.export.markdown import escape, source_markdown
from parley.export.markdown import one_line as inline
from parley.export.scope import Scope
from parley.present.panes import speaker_label, speaker_side


def export(index: Index, scope: Scope) -> str:
    """The brief of ``scope`` as Markdown text; ``ScopeError`` when the scope names nothing."""
    scope.check(index)
    claims = scope.claims(index)
    lines = [f"# {inline(title(index, scope))}", "", summary(index, scope, claims)]
    if scope.person:
        lines += _person(index, scope.person)
    elif scope.round:
        lines += _round(index, scope.round)
    elif scope.whole:
        lines += _rounds(index)
    numbers = {claim_id: n for n, claim_id in enumerate(claims, 1)}
    points = _contested(index, scope, claims, numbers)
    if scope.point:  # the versions side by side are what such a brief is for: first
        lines += points
    lines += ["", "## Statements"]
    if not claims:
        lines += ["", "No statements."]
    for claim_id, number in numbers.items():
        lines += ["", *statement(index, claim_id, number)]
    if not scope.point:
        lines += points
    return "\n".join(lines) + "\n"


def title(index: Index, scope: Scope) -> str:
    """The brief's heading: ``Brief: Serhii Kyslytsia``."""
    round_ = index.get_as(scope.round, Round)
    if round_ is not None:
        return f"Brief: {round_.title} ({when(round_)})"
    return f"Brief: {about(index, scope)}"


def about(index: Index, scope: Scope) -> str:
    """What the brief is about, in words: a name, a round, a contested point, or the dossier."""
    person = index.get_as(scope.person, Person)
    round_ = index.get_as(scope.round, Round)
    if person is not None:
        return person.name
    if round_ is not None:
        return f"the round “{round_.title}” ({when(round_)})"
    if scope.point:
        return f"the contested point “{point_title(scope.point)}”"
    return "the whole dossier"


def file_stem(scope: Scope) -> str:
    """The file name a brief is offered under, without suffix: ``serhii-kyslytsia-brief``."""
    return f"{scope.person or scope.round or scope.point or 'dossier'}-brief"


def point_title(point: str) -> str:
    """A contested point's name as a heading gives it (``first-round-outcome``: First round…)."""
    return Dispute(point, []).title


# -- the summary -----------------------------------------------------------------------


def summary(index: Index, scope: Scope, claims: list[str]) -> str:
    """One paragraph: how many statements, the dates they cover, the sides, the sources."""
    if not claims:
        return "No statements in this dossier are in scope."
    dates = [d for c in claims if (d := index.claim_date(c)) is not None]
    covered = (
        f"said or first reported between {day_text(min(dates))} and {day_text(max(dates))}"
        if dates and min(dates) != max(dates)
        else f"said or first reported on {day_text(dates[0])}"
        if dates
        else "none of them dated"
    )
    if len(dates) < len(claims) and dates:
        covered += f" ({len(claims) - len(dates)} undated)"
    sides = Counter(_side(index, c) for c in _claims(index, claims))
    by_side = ", ".join(f"{side} {count}" for side, count in sides.most_common())
    articles = list(dict.fromkeys(a for c in claims for a in index.articles_reporting(c)))
    outlets = {a.outlet for i in articles if (a := index.get_as(i, Article)) and a.outlet}
    named = f" from {plural(len(outlets), 'named outlet')}" if outlets else ", no outlet named"
    parts = [
        f"{plural(len(claims), 'statement')}, {covered}.",
        f"By side: {by_side}.",
        f"Carried by {plural(len(articles), 'article')}{named}.",
    ]
    contradicted = sum(1 for c in claims if index.contradictions(c))
    if contradicted:
        parts.append(f"{contradicted} of them contradicted by another statement.")
    points = {p for claim in _claims(index, claims) for p in claim.contested}
    if points and not scope.point:
        parts.append(f"They touch {plural(len(points), 'contested point')}.")
    return " ".join(parts)


def _side(index: Index, claim: Claim) -> str:
    """The side a statement is counted under in the summary, escaped."""
    side = speaker_side(index, claim)
    if side:
        return inline(side_label(side))
    return "articles in their own voice" if claim.narrator else "no side"


def _claims(index: Index, claim_ids: list[str]) -> list[Claim]:
    return [c for i in claim_ids if (c := index.get_as(i, Claim)) is not None]


# -- who, which round ----------------------------------------------------------------


def _facts(heading: str, facts: list[tuple[str, str | list[str]]]) -> list[str]:
    """A section listing ``label: value`` (a nested list for a list); empty values left out."""
    lines = ["", f"## {heading}", ""]
    for label, value in facts:
        if value and isinstance(value, list):
            lines += [f"- {label}:", *(f"  - {item}" for item in value)]
        elif value:
            lines.append(f"- {label}: {value}")
    return lines


def _person(index: Index, person_id: str) -> list[str]:
    person = index.get_as(person_id, Person)
    if person is None:
        return []
    roles = [f"{inline(r.title)} ({source_name(index, r.article)})" for r in person.roles]
    return _facts("Who", [
        ("Name", inline(person.name)),
        ("Side", inline(side_label(person.side))),
        ("Also written", ", ".join(inline(a) for a in person.aliases)),
        ("Roles, as the sources give them", roles),
    ])  # fmt: skip


def _round(index: Index, round_id: str) -> list[str]:
    round_ = index.get_as(round_id, Round)
    if round_ is None:
        return []
    delegations = [
        f"{inline(side_label(d.side))}: "
        + (", ".join(person_name(index, p) + (" (head)" if p == d.head else "")
                     for p in d.people) or "no one named")
        for d in round_.delegations
    ]  # fmt: skip
    return _facts("The round", [
        ("Date", inline(when(round_))),
        ("Place", inline(round_.place)),
        ("Venue", inline(round_.venue or "")),
        ("Chair", person_name(index, round_.chair) if round_.chair else ""),
        ("Delegations", delegations),
        ("Sources", "; ".join(source_name(index, a) for a in round_.articles)),
    ])  # fmt: skip


def _rounds(index: Index) -> list[str]:
    rounds = [r for i in index.ids(Round.kind) if (r := index.get_as(i, Round)) is not None]
    if not rounds:
        return []
    lines = ["", "## Rounds", ""]
    for round_ in rounds:
        lines.append(f"- {inline(when(round_))}: {inline(round_.title)}, {inline(round_.place)}")
    return lines


def person_name(index: Index, person_id: str) -> str:
    """A person's name, escaped; the id when no such person is recorded."""
    person = index.get_as(person_id, Person)
    return inline(person.name if person else person_id)


def source_name(index: Index, article_id: str) -> str:
    """An article as a journalist names it (``Sputnik, 16 May 2025``), escaped."""
    article = index.get_as(article_id, Article)
    return inline(article.source_text if article else article_id)


# -- statements ----------------------------------------------------------------------


def said(index: Index, claim: Claim) -> str:
    """When it was said; else when first reported, marked so (as a citation gives it)."""
    if claim.said_on:
        return day_text(claim.said_on)
    date = index.claim_date(claim.id)
    return f"reported {day_text(date)}" if date else "date unknown"


def who(index: Index, claim: Claim) -> str:
    """The speaker and their side, escaped: ``Serhii Kyslytsia (Ukraine)``."""
    side = speaker_side(index, claim)
    narrator = index.get_as(claim.narrator, Article)
    if narrator is not None:  # named in full, not cut to a pane's width
        label = f"{narrator.outlet or f'“{narrator.title}”'} (article)"
    else:
        label = speaker_label(index, claim)
    return f"{inline(label)} ({inline(side_label(side))})" if side else inline(label)


def when(round_: Round) -> str:
    """A round's date as the brief gives dates (``16 May 2025``), or what is known of it."""
    return day_text(round_.date) if round_.date else round_.date_text


def statement(index: Index, claim_id: str, number: int) -> list[str]:
    """One statement: a heading, its text as a quotation, its context, and its sources.

    Who, where and each source are written as ``parley cite`` writes them.
    """
    claim = index.get_as(claim_id, Claim)
    if claim is None:
        return []
    cited = claim_citation(index, claim_id)
    lines = [
        f"### {number}. {inline(cited.when)} · {who(index, claim)} · {claim.type.value}",
        "",
        *block_quote(claim.text),
        "",
        *(f"- {line}" for line in _context(index, claim, cited)),
        "",
        "Sources:",
        "",
    ]
    for n, source in enumerate(cited.reports, 1):
        lines += citation(source, n)
    if not cited.reports:
        lines.append("- none recorded")
    return lines


def _context(index: Index, claim: Claim, cited: ClaimCitation) -> list[str]:
    """What an editor asks next: who exactly, where, and who says otherwise."""
    detail = f", {inline(cited.who_detail)}" if cited.who_detail else ""
    lines = [f"Who: {who(index, claim)}{detail}"]
    if cited.where:
        lines.append(f"Where: {inline(cited.where)}")
    lines.append(f"Id: `{claim.id}`")  # ids are slugs: safe inside a code span
    for other_id in index.contradictions(claim.id):
        other = index.get_as(other_id, Claim)
        if other is not None:
            lines.append(
                f"⚡ Contradicted by {who(index, other)}, {said(index, other)}: "
                f"{inline(other.text)}"
            )
    if claim.contested:
        points = ", ".join(inline(point_title(p)) for p in claim.contested)
        lines.append(f"Contested point: {points}")
    return lines


def block_quote(text: str, indent: str = "") -> list[str]:
    """``text``, escaped, as the lines of a block quote (inside a list item when indented)."""
    return [f"{indent}> {line}" for line in escape(text).split("\n")]


def citation(source: Source, number: int) -> list[str]:
    """One source as a numbered citation (outlet, title, date, URL), its excerpt quoted below."""
    lines = [f"{number}. {source_markdown(replace(source, excerpt=None), 3)}"]
    if source.excerpt:
        lines += ["", *block_quote(source.excerpt, indent="   ")]
    return lines


# -- contested points --------------------------------------------------------------------


def _contested(index: Index, scope: Scope, claims: list[str], numbers: dict[str, int]) -> list[str]:
    """The section on the contested points the statements touch, in the index's order."""
    if scope.point:
        wanted = {scope.point}
    else:
        wanted = {p for claim in _claims(index, claims) for p in claim.contested}
    points = [d for d in index.disputes() if d.topic in wanted]
    if not points:
        return []
    lines = ["", "## Contested points"]
    for dispute in points:
        lines += ["", *versions(index, dispute, numbers)]
    return lines


def versions(index: Index, dispute: Dispute, numbers: dict[str, int]) -> list[str]:
    """A contested point: every version side by side in a table, with the outlets carrying it."""
    lines = [
        f"### {inline(dispute.title)}",
        "",
        f"{plural(len(dispute.claims), 'version')}.",
        "",
        "| Version | Who | Said | What | Carried by |",
        "| --- | --- | --- | --- | --- |",
    ]
    for n, claim_id in enumerate(dispute.claims, 1):
        claim = index.get_as(claim_id, Claim)
        if claim is None:
            continue
        seen = f" (statement {numbers[claim_id]})" if claim_id in numbers else ""
        carried = "; ".join(source_name(index, a) for a in index.articles_reporting(claim_id))
        row = [
            f"{n}{seen}",
            who(index, claim),
            said(index, claim),
            f"{claim.type.value}: {inline(claim.text)}",
            carried or "none recorded",
        ]
        lines.append("| " + " | ".join(row) + " |")
    return lines
