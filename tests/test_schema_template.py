"""JSON Schemas for editors (`parley schema`) and templates for new files (`parley new`)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from parley.cli import main
from parley.dossier.load import load, parse_file
from parley.dossier.model import FOLDERS, MODELS, Kind
from parley.files.schema import json_schema, schema_text, write_schemas
from parley.files.template import PLACEHOLDER, placeholders, template

from .conftest import BUNDLED_DOSSIERS as DOSSIERS


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    """A copy of the bundled dossiers, without their schema folder."""
    root = tmp_path / "dossiers"
    shutil.copytree(DOSSIERS, root, ignore=shutil.ignore_patterns("schema"))
    return root


# -- schemas --------------------------------------------------------------------


def test_parley_schema_writes_four_valid_json_files(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", str(dossier)]) == 0
    printed = capsys.readouterr().out.split()
    expected = [dossier / "schema" / f"{kind.value}.json" for kind in Kind]
    assert [Path(p) for p in printed] == expected
    for kind, path in zip(Kind, expected, strict=True):
        schema = json.loads(path.read_text("utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["additionalProperties"] is False  # unknown keys are errors
        assert "id" not in schema["properties"]  # the file name is the id
        assert schema["title"] and schema["description"]
        assert set(schema["properties"]) == set(MODELS[kind].model_fields) - {"id"}


def test_the_loader_ignores_the_schema_files(dossier: Path) -> None:
    write_schemas(dossier)
    loaded = load(dossier)
    assert loaded.errors == []
    assert not any("schema" in str(p.path) for p in loaded.problems)


def test_claim_schema_lists_reports_and_forbids_unknown_keys_inside_them() -> None:
    schema = json_schema(Kind.CLAIM)
    reported_by = schema["properties"]["reported_by"]
    assert reported_by["type"] == "array"
    report = schema["$defs"]["Report"]
    assert report["additionalProperties"] is False
    assert report["required"] == ["article", "excerpt"]
    assert "exact excerpt" in report["properties"]["excerpt"]["description"]
    assert schema["required"] == ["text", "type"]
    assert {
        "oneOf": [{"required": ["speaker"]}, {"required": ["side"]}, {"required": ["narrator"]}]
    } in schema["allOf"]


def test_dates_are_strings_with_a_date_format_and_unknown_names_its_keys() -> None:
    schema = json_schema(Kind.ROUND)
    assert schema["properties"]["date"]["type"] == "string"
    assert schema["properties"]["date"]["format"] == "date"
    unknown = schema["properties"]["unknown"]
    assert unknown["additionalProperties"] is False
    assert list(unknown["properties"]) == ["date"]
    assert "null" not in json.dumps(schema)  # TOML has no null
    assert list(json_schema(Kind.PERSON)["properties"]["unknown"]["properties"]) == []


def test_bundled_schemas_are_current_and_every_file_points_at_one() -> None:
    for kind in Kind:
        path = DOSSIERS / "schema" / f"{kind.value}.json"
        assert path.read_text("utf-8") == schema_text(kind), "run: parley schema dossiers"
    for path in DOSSIERS.glob("*/*.toml"):
        first = path.read_text("utf-8").splitlines()[0]
        match = re.fullmatch(r"#:schema (\S+)", first)
        assert match, path
        assert (path.parent / match.group(1)).resolve().is_file(), path


def test_writing_the_schemas_again_changes_nothing(dossier: Path) -> None:
    paths = write_schemas(dossier)
    stamps = [p.stat().st_mtime_ns for p in paths]
    assert write_schemas(dossier) == paths
    assert [p.stat().st_mtime_ns for p in paths] == stamps
    assert [p.name for p in (dossier / "schema").iterdir() if p.name.startswith(".")] == []


def test_parley_schema_on_a_missing_folder_is_a_bad_invocation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().err


# -- templates ------------------------------------------------------------------

# A proper value for each placeholder, naming records of the bundled dossiers.
FILL = {
    '"<YYYY-MM-DD, a date without quotes>"': "2025-05-16",
    '"<article id>"': '"pism-bulletin-2025-05-20"',
    '"<archive path: archives/ID.md>"': '"archives/example.md"',
    '"<author>"': '"Anna Maria Dyner"',
    '"<city, country>"': '"Istanbul, Türkiye"',
    '"<claim id>"': '"kyslytsia-russians-killing-russians"',
    '"<contested point slug>"': '"first-meeting-length"',
    '"<credibility: a number 1-6, without quotes>"': "2",
    '"<reliability: a letter A-F>"': '"B"',
    '"<side whose state runs or funds the outlet: russia>"': '"russia"',
    '"<how the source names the speaker>"': '"the Ukrainian deputy minister"',
    '"<language tag: en, uk, ru>"': '"en"',
    '"<name>"': '"Jane Doe"',
    '"<notes>"': '"A note."',
    '"<other spelling>"': '"J. Doe"',
    '"<outlet>"': '"Example Wire"',
    '"<person id>"': '"serhii-kyslytsia"',
    '"<quote or paraphrase>"': '"paraphrase"',
    '"<role, as the article gives it>"': '"Adviser"',
    '"<round id>"': '"istanbul-2025-05-16"',
    '"<side: ukraine, russia, united-states>"': '"ukraine"',
    '"<side: ukraine, russia>"': '"ukraine"',
    '"<state media, state-funded media, independent, think tank, news agency, '
    'government, other>"': '"think tank"',
    '"<the date as the sources give it: June 2025>"': '"May 2025"',
    # An excerpt of the bundled PISM article: its archived text is checked.
    '"<the exact excerpt, copied from the article>"': '"Russia and Ukraine are due to meet"',
    '"<the words, or their sense>"': '"The talks went well."',
    '"<title, as the article gives it>"': '"A headline"',
    '"<title>"': '"A fourth round"',
    '"<topic slug>"': '"ceasefire"',
    '"<url>"': '"https://example.org/a"',
    '"<venue>"': '"Dolmabahçe Palace"',
    '"<when and where it was said, as the source gives it>"': '"in an interview"',
    '"<why the sources do not give it>"': '"The text does not say."',
}


def fill(text: str) -> str:
    return PLACEHOLDER.sub(lambda m: FILL[m.group(0)], text)


def uncomment_optional_keys(text: str, kind: Kind) -> str:
    """Give every optional key the template shows, but a claim's other speakers and [unknown]."""
    alternatives = ("side", "narrator") if kind is Kind.CLAIM else ()
    out: list[str] = []
    in_unknown = False
    for line in text.splitlines():
        in_unknown = (in_unknown or line == "# [unknown]") and bool(line)
        match = re.match(r"# (\[\[\w+\]\]|(\w+) = .*)$", line)
        use = match and not in_unknown and match.group(2) not in alternatives
        out.append(line[2:] if use else line)
    return "\n".join(out) + "\n"


def save(root: Path, kind: Kind, text: str) -> Path:
    path = root / FOLDERS[kind] / "from-the-template.toml"
    path.write_text(text, "utf-8")
    return path


def test_parley_new_prints_a_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "claim"]) == 0
    out = capsys.readouterr().out
    assert out == template(Kind.CLAIM)
    assert out.startswith("#:schema ../schema/claim.json\n")
    assert main(["new", "claims"]) == 0  # the folder name works too
    assert capsys.readouterr().out == out


def test_parley_new_unknown_kind_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "memo"]) == 2
    assert "unknown kind 'memo'" in capsys.readouterr().err
    assert main(["new"]) == 2


@pytest.mark.parametrize("kind", list(Kind))
def test_template_filled_in_is_a_valid_record(dossier: Path, kind: Kind) -> None:
    text = template(kind)
    assert set(PLACEHOLDER.findall(text)) <= set(FILL), "new placeholder: add to FILL"
    path = save(dossier, kind, fill(text))
    parsed = parse_file(dossier, path)
    assert parsed.problems == []
    assert placeholders(path.read_text("utf-8")) == []
    assert load(dossier).errors == []  # its references resolve too


@pytest.mark.parametrize("kind", list(Kind))
def test_template_with_its_optional_keys_given_is_valid(dossier: Path, kind: Kind) -> None:
    path = save(dossier, kind, fill(uncomment_optional_keys(template(kind), kind)))
    parsed = parse_file(dossier, path)
    assert parsed.problems == []
    assert parsed.record is not None
    given = set(parsed.record.model_dump(exclude_defaults=True))
    expected = set(MODELS[kind].model_fields) - {"id", "unknown", "inferred"}
    if kind is Kind.CLAIM:
        expected -= {"side", "narrator"}
    assert given == expected


@pytest.mark.parametrize("kind", list(Kind))
def test_unfilled_template_is_rejected(dossier: Path, kind: Kind) -> None:
    path = save(dossier, kind, template(kind))
    parsed = parse_file(dossier, path)
    assert parsed.record is None
    assert parsed.problems and all(p.is_error for p in parsed.problems)


@pytest.mark.parametrize("kind", list(Kind))
def test_template_names_every_key_and_says_if_it_is_required(kind: Kind) -> None:
    text = template(kind)
    for key, field in MODELS[kind].model_fields.items():
        if key in ("id", "unknown", "inferred"):
            continue
        assert re.search(rf"^# \[?\[?{key}\]?\]?: .+", text, re.MULTILINE), key
        if field.is_required():
            assert re.search(rf"^{key} = ", text, re.MULTILINE), key
    if MODELS[kind].explainable:
        assert "# [unknown]" in text
