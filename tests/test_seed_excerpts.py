"""Every `reported_by` excerpt in the bundled dossier is copied verbatim from its seed text.

Each article names its seed file in its notes ("Seed text: <file>."); the seed texts live
outside the repository, so the test is skipped where they are not available.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
DOSSIERS = REPO / "dossiers"
SEEDS = Path(__file__).parents[2] / "shared" / "seeds"
SEED_NOTE = re.compile(r"Seed text: (\S+?\.txt)")


def _records(folder: str) -> dict[str, dict[str, Any]]:
    return {
        path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted((DOSSIERS / folder).rglob("*.toml"))
    }


def _seed_of_articles() -> dict[str, str]:
    seeds: dict[str, str] = {}
    for article_id, article in _records("articles").items():
        match = SEED_NOTE.search(article.get("notes", ""))
        if match:
            seeds[article_id] = match.group(1)
    return seeds


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not available at {SEEDS}")
    texts: dict[str, str] = {}
    for article_id, name in _seed_of_articles().items():
        path = SEEDS / name
        assert path.is_file(), f"article {article_id} names a missing seed file {name}"
        texts[article_id] = path.read_text(encoding="utf-8")
    return texts


def test_every_article_names_its_seed() -> None:
    articles = _records("articles")
    assert articles, "the bundled dossier has no articles"
    seeds = _seed_of_articles()
    missing = sorted(set(articles) - set(seeds))
    assert not missing, f"articles without a 'Seed text: <file>' note: {missing}"


def test_every_excerpt_is_verbatim_in_its_seed(seed_texts: dict[str, str]) -> None:
    claims = _records("claims")
    assert claims, "the bundled dossier has no claims"
    problems: list[str] = []
    checked = 0
    for claim_id, claim in claims.items():
        for report in claim.get("reported_by", []):
            article = report["article"]
            if article not in seed_texts:
                problems.append(f"{claim_id}: article {article!r} has no seed text")
                continue
            checked += 1
            if report["excerpt"] not in seed_texts[article]:
                problems.append(
                    f"{claim_id}: excerpt not found in {article}: {report['excerpt']!r}"
                )
    assert not problems, "\n".join(problems)
    assert checked > 0
