"""Write a synthetic, valid dossier of a given size.

    python benchmarks/generate.py OUT [--claims 100000] [--people N] [--articles N]
                                      [--rounds N] [--seed 7]

By default the proportions follow a real dossier: about 2% as many people as
claims (at least 50), 5% as many articles (at least 20), 1% as many rounds (at
least 4); ``--people``, ``--articles`` and ``--rounds`` set a count instead
(at least 3 people, 3 articles and 1 round, which one round's chair and
delegations and one claim's reports need). Every record is
small and valid, every reference resolves, so ``parley check OUT`` reports no
error (a few warnings, such as an uncited article, are legal and expected).
The output is deterministic for a given size and seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

SIDES = ["ukraine", "russia", "turkey", "united-states", "european-union", "united-kingdom"]
FIRST = [
    "oleksandr", "serhii", "rustem", "vladimir", "igor", "mikhail", "hakan", "anna",
    "maria", "olena", "dmitry", "yulia", "andrii", "marco", "keith", "kaja", "ivan",
    "tetiana", "pavlo", "sergey", "nadia", "alexei", "irina", "boris", "kateryna",
]  # fmt: skip
LAST = [
    "kovalenko", "medinsky", "fomin", "kostyukov", "galuzin", "umerov", "fidan",
    "kyslytsia", "poklad", "shevchenko", "bondarenko", "ivanov", "petrov", "smirnov",
    "tkachenko", "melnyk", "rubio", "kellogg", "kallas", "dyner", "piechowska",
    "sokolov", "morozov", "lysenko", "hrytsenko", "volkov", "zaitsev", "marchenko",
]  # fmt: skip
TITLES = [
    "Minister of Defence", "Deputy Foreign Minister", "Head of the delegation",
    "Presidential aide", "First Deputy Chief of the General Staff", "Ambassador",
    "Adviser to the President", "Spokesperson of the Foreign Ministry", "Special envoy",
]  # fmt: skip
OUTLETS = [
    ("Sputnik", "state media"), ("Reuters", "news agency"), ("PISM", "think tank"),
    ("United24", "state-funded media"), ("Kyiv Independent", "independent"),
    ("TASS", "state media"), ("Ministry of Foreign Affairs", "government"),
    ("The Times", "independent"), ("Ukrinform", "news agency"), ("Meduza", "other"),
]  # fmt: skip
LANGUAGES = ["en", "en", "en", "uk", "ru"]
CITIES = [
    "Istanbul, Türkiye", "Geneva, Switzerland", "Riyadh, Saudi Arabia",
    "Minsk, Belarus", "Vienna, Austria", "Doha, Qatar", "Jeddah, Saudi Arabia",
]  # fmt: skip
VENUES = ["Dolmabahçe Palace", "Palais des Nations", "Ritz-Carlton", "Çırağan Palace", ""]
TOPICS = [
    "ceasefire", "prisoner-exchange", "meeting-length", "humanitarian-corridors",
    "sanctions", "territory", "security-guarantees", "black-sea", "energy-infrastructure",
    "return-of-children", "memorandum", "next-round", "russian-conduct", "mediation",
]  # fmt: skip
WORDS = (
    "the delegation said that talks would continue after a short pause and that both "
    "sides had agreed to exchange prisoners on a large scale while the question of a "
    "ceasefire remained open because the other side insisted on conditions that were "
    "not acceptable to us and we made clear that any memorandum must respect the "
    "sovereignty of the country its borders and the will of its people we discussed "
    "humanitarian issues the return of children and the security of energy facilities "
    "and agreed to meet again within weeks at the level of experts"
).split()
OCCASIONS = [
    "press conference after the talks", "interview with The Times", "briefing in Kyiv",
    "statement to journalists", "televised address", "post on Telegram",
]  # fmt: skip
START = dt.date(2022, 2, 28)


def sentence(rng: random.Random, low: int, high: int) -> str:
    """Words from the pool until the text is between ``low`` and ``high`` characters."""
    target = rng.randint(low, high)
    words: list[str] = []
    length = 0
    while length < target:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    text = " ".join(words)[: high - 1].rstrip()
    return text[0].upper() + text[1:] + "."


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


MINIMUM = {"claims": 0, "people": 3, "articles": 3, "rounds": 1}
"""The fewest of each kind a valid dossier can be made of (a chair from the third side)."""


def sizes(
    claims: int,
    people: int | None = None,
    articles: int | None = None,
    rounds: int | None = None,
) -> dict[str, int]:
    """The record counts: the ones given, the others in proportion to ``claims``."""
    n = {
        "claims": claims,
        "people": max(50, claims * 2 // 100) if people is None else people,
        "articles": max(20, claims * 5 // 100) if articles is None else articles,
        "rounds": max(4, claims // 100) if rounds is None else rounds,
    }
    for kind, count in n.items():
        if count < MINIMUM[kind]:
            raise ValueError(f"{kind} must be at least {MINIMUM[kind]}, not {count}")
    return n


def generate(
    out: Path,
    claims: int,
    seed: int = 7,
    *,
    people: int | None = None,
    articles: int | None = None,
    rounds: int | None = None,
) -> dict[str, int]:
    """Write the dossier into ``out`` (created if needed); return the record counts."""
    n = sizes(claims, people, articles, rounds)
    rng = random.Random(seed)
    for folder in ("rounds", "people", "claims", "articles"):
        (out / folder).mkdir(parents=True, exist_ok=True)

    # Ids are unique across kinds thanks to a kind prefix and a serial number.
    outlet_words = [rng.choice(OUTLETS)[0].lower().split()[0] for _ in range(n["articles"])]
    article_ids = [f"art-{word}-{i:06d}" for i, word in enumerate(outlet_words)]
    person_ids = [f"{rng.choice(FIRST)}-{rng.choice(LAST)}-{i:05d}" for i in range(n["people"])]
    round_ids = [f"round-{i:05d}" for i in range(n["rounds"])]
    claim_ids = [f"claim-{i:07d}" for i in range(n["claims"])]
    person_side = {p: SIDES[i % len(SIDES)] for i, p in enumerate(person_ids)}
    round_date = {r: START + dt.timedelta(days=3 * i) for i, r in enumerate(round_ids)}
    article_date: dict[str, dt.date | None] = {}

    for i, aid in enumerate(article_ids):
        outlet, outlet_kind = OUTLETS[i % len(OUTLETS)]
        lines = ["#:schema ../schema/article.json"]
        lines.append(f'title = "{sentence(rng, 30, 90)[:-1]}"')
        lines.append(f'outlet = "{outlet}"')
        lines.append(f'outlet_kind = "{outlet_kind}"')
        unknown: list[str] = []
        if rng.random() < 0.9:
            lines.append(f'url = "https://example.org/{outlet.lower().replace(" ", "-")}/{aid}"')
        else:
            unknown.append('url = "The text carries no address."')
        if rng.random() < 0.95:
            published = START + dt.timedelta(days=rng.randrange(3 * n["rounds"] + 30))
            article_date[aid] = published
            lines.append(f"published = {published.isoformat()}")
        else:
            article_date[aid] = None
            unknown.append('published = "The page shows no date."')
        if rng.random() < 0.8:
            authors = [f"{rng.choice(FIRST).title()} {rng.choice(LAST).title()}"]
            if rng.random() < 0.3:
                authors.append(f"{rng.choice(FIRST).title()} {rng.choice(LAST).title()}")
            lines.append(f"authors = {toml_list(list(dict.fromkeys(authors)))}")
        else:
            unknown.append('authors = "No byline."')
        lines.append(f'language = "{rng.choice(LANGUAGES)}"')
        if unknown:
            lines += ["", "[unknown]", *unknown]
        _write(out / "articles" / f"{aid}.toml", lines)

    for pid in person_ids:
        first, last = pid.split("-")[:2]
        name = f"{first.title()} {last.title()}"
        lines = ["#:schema ../schema/person.json", f'name = "{name}"']
        aliases = [last.title(), f"{first[0].upper()}. {last.title()}"]
        if rng.random() < 0.5:
            aliases.append(f"{first.title()} {last.title()}a")
        lines.append(f"aliases = {toml_list(aliases)}")
        lines.append(f'side = "{person_side[pid]}"')
        for _ in range(rng.randint(0, 3)):
            lines += [
                "",
                "[[roles]]",
                f'title = "{rng.choice(TITLES)}"',
                f'article = "{rng.choice(article_ids)}"',
            ]
        _write(out / "people" / f"{pid}.toml", lines)

    by_side: dict[str, list[str]] = {}
    for pid, side in person_side.items():
        by_side.setdefault(side, []).append(pid)
    round_people: dict[str, list[str]] = {}
    for rid in round_ids:
        lines = [
            "#:schema ../schema/round.json",
            f'title = "Round {rid.split("-")[1].lstrip("0") or "0"} of direct talks"',
        ]
        if rng.random() < 0.9:
            lines.append(f"date = {round_date[rid].isoformat()}")
            unknown = []
        else:
            lines.append(f'when = "{round_date[rid].strftime("%B %Y")}"')
            unknown = ['date = "The sources give only the month."']
        lines.append(f'place = "{rng.choice(CITIES)}"')
        venue = rng.choice(VENUES)
        if venue:
            lines.append(f'venue = "{venue}"')
        chair_side = "turkey"
        chair = rng.choice(by_side[chair_side])
        lines.append(f'chair = "{chair}"')
        articles = list(dict.fromkeys(rng.sample(article_ids, rng.randint(1, 3))))
        lines.append(f"articles = {toml_list(articles)}")
        people = [chair]
        for side in ("ukraine", "russia"):
            pool = by_side[side]
            members = list(dict.fromkeys(rng.sample(pool, min(len(pool), rng.randint(2, 5)))))
            head, rest = members[0], members[1:]
            people += members
            lines += [
                "",
                "[[delegations]]",
                f'side = "{side}"',
                f'head = "{head}"',
                f"members = {toml_list(rest)}",
                f"articles = {toml_list(articles[:1])}",
            ]
        if unknown:
            lines += ["", "[unknown]", *unknown]
        round_people[rid] = people
        _write(out / "rounds" / f"{rid}.toml", lines)

    # A few people speak a lot (the heads of delegation), most speak rarely.
    weights = [1.0 / (1 + i) ** 0.8 for i in range(len(person_ids))]
    speakers = rng.choices(person_ids, weights=weights, k=n["claims"])
    # Disputes: runs of 2-3 neighbouring claims that name one contested point,
    # the later versions contradicting the first (about 5% of claims).
    contested: dict[int, str] = {}
    contradicts: dict[int, str] = {}
    i = 0
    while i < n["claims"] - 3:
        if rng.random() < 0.02:
            size = rng.randint(2, 3)
            point = f"{rng.choice(TOPICS)}-{i:07d}"
            for j in range(i, i + size):
                contested[j] = point
                if j > i:
                    contradicts[j] = claim_ids[i]
            i += size
        else:
            i += 1
    for i, cid in enumerate(claim_ids):
        rid = round_ids[i * n["rounds"] // n["claims"]]
        lines = ["#:schema ../../schema/claim.json"]
        who = rng.random()
        if who < 0.9:
            lines.append(f'speaker = "{speakers[i]}"')
        elif who < 0.97:
            lines.append(f'side = "{rng.choice(SIDES)}"')
            lines.append('credited_as = "the delegation"')
        quote = rng.random() < 0.6
        text = sentence(rng, 150, 300)
        lines.append(f'type = "{"quote" if quote else "paraphrase"}"')
        lines.append(f'text = "{text}"')
        if rng.random() < 0.3:
            lines.append(f"said_on = {round_date[rid].isoformat()}")
        if rng.random() < 0.4:
            lines.append(f'occasion = "{rng.choice(OCCASIONS)}"')
        lines.append(f'round = "{rid}"')
        topics = list(dict.fromkeys(rng.sample(TOPICS, rng.randint(1, 3))))
        lines.append(f"topics = {toml_list(topics)}")
        if i in contested:
            lines.append(f"contested = {toml_list([contested[i]])}")
        if i in contradicts:
            lines.append(f"contradicts = {toml_list([contradicts[i]])}")
        reporters = list(dict.fromkeys(rng.sample(article_ids, rng.randint(1, 3))))
        if who >= 0.97:
            lines.insert(1, f'narrator = "{reporters[0]}"')
        for article in reporters:
            start = rng.randrange(0, max(1, len(text) - 120))
            excerpt = text[start : start + rng.randint(60, 160)].strip(" .") or text
            lines += [
                "",
                "[[reported_by]]",
                f'article = "{article}"',
                f'excerpt = "“{excerpt},” the official said."',
            ]
        folder = out / "claims" / rid
        folder.mkdir(exist_ok=True)
        _write(folder / f"{cid}.toml", lines)
    return n


def _write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (created)")
    parser.add_argument("--claims", type=int, default=100_000, help="default: 100000")
    parser.add_argument("--people", type=int, help="default: 2%% of claims, at least 50")
    parser.add_argument("--articles", type=int, help="default: 5%% of claims, at least 20")
    parser.add_argument("--rounds", type=int, help="default: 1%% of claims, at least 4")
    parser.add_argument("--seed", type=int, default=7, help="default: 7")
    args = parser.parse_args(argv)
    try:
        sizes(args.claims, args.people, args.articles, args.rounds)
    except ValueError as error:
        parser.error(str(error))  # exits 2 with the usage line
    if args.out.exists() and any(args.out.iterdir()):
        print(f"generate: {args.out} is not empty", file=sys.stderr)
        return 2
    counts = generate(
        args.out,
        args.claims,
        args.seed,
        people=args.people,
        articles=args.articles,
        rounds=args.rounds,
    )
    print(", ".join(f"{v} {k}" for k, v in counts.items()), "->", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
