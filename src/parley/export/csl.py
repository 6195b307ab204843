"""Articles as CSL-JSON items, the bibliography format Zotero and pandoc read.

An article is one item: ``article-newspaper`` when its outlet is known, ``webpage``
when only its address is, the generic ``article`` otherwise. Authors are kept as
``literal`` names (parley does not know which part of a name is the family name).
A statement's CSL-JSON is the items of its reports, each with the excerpt that
reports it in ``note``. The JSON encoder keeps every string exact.
"""

from __future__ import annotations

import json
from typing import Any

from parley.dossier.index import Index
from parley.dossier.model import Article, Claim
from parley.dossier.text import safe_json
from parley.export.citation import CiteError, Source, article_source, claim_citation
from parley.export.scope import Scope, article_ids

CslItem = dict[str, Any]


def _type(source: Source) -> str:
    if source.outlet:
        return "article-newspaper"
    return "webpage" if source.url else "article"


def item(source: Source) -> CslItem:
    """One article as a CSL-JSON item, with the excerpt as ``note`` when it has one."""
    csl: CslItem = {"id": source.article_id, "type": _type(source), "title": source.title}
    if source.outlet:
        csl["container-title"] = source.outlet
    if source.authors:
        csl["author"] = [{"literal": name} for name in source.authors]
    if source.published:
        date = source.published
        csl["issued"] = {"date-parts": [[date.year, date.month, date.day]]}
    if source.url:
        csl["URL"] = source.url
    csl["language"] = source.language
    if source.excerpt is not None:
        csl["note"] = source.excerpt
    if source.reliability:
        csl["annote"] = f"Source reliability (Admiralty grade): {source.reliability}"
    return csl


def dumps(items: list[CslItem]) -> str:
    """CSL-JSON text: exact strings, with characters a terminal would act on as ``\\u`` escapes."""
    return safe_json(json.dumps(items, ensure_ascii=False, indent=2)) + "\n"


def claim_items(index: Index, claim_id: str) -> list[CslItem]:
    """The reports of a statement as CSL items; one item per article, its excerpts in ``note``."""
    items: dict[str, CslItem] = {}
    for source in claim_citation(index, claim_id).reports:
        if source.article_id in items:
            earlier = items[source.article_id]
            # Two excerpts of one article: CSL ids must be unique, so they share a note.
            if source.excerpt is not None:
                earlier["note"] = "\n\n".join(filter(None, [earlier.get("note"), source.excerpt]))
            continue
        items[source.article_id] = item(source)
    return list(items.values())


def article_item(index: Index, article_id: str) -> CslItem:
    """An article as a CSL item, without excerpt."""
    article = index.get_as(article_id, Article)
    if article is None:
        raise CiteError(f"no article with the id {article_id!r}")
    return item(article_source(article))


def cite_json(index: Index, record_id: str) -> str:
    """CSL-JSON for a statement (its reports) or an article (itself)."""
    if index.get_as(record_id, Claim) is not None:
        return dumps(claim_items(index, record_id))
    return dumps([article_item(index, record_id)])


def export(index: Index, scope: Scope) -> str:
    """Every article in ``scope`` as CSL-JSON (for ``parley export --format csl-json``)."""
    scope.check(index)
    return dumps([article_item(index, i) for i in article_ids(index, scope.records(index))])
