"""The ``[inferred]`` table: a value derived rather than read says so, and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from parley.cli import main
from parley.dossier.load import load
from parley.dossier.model import Kind, Person
from parley.export.records_json import document
from parley.export.scope import Scope
from parley.files.records import record_toml
from parley.ui.app import ParleyApp
from parley.ui.render import detail
from parley.ui.widgets.detail import DetailPane

PERSON: dict[str, Any] = {"id": "p", "name": "Oliver Carroll", "side": "united-kingdom"}
WHY_SIDE = "no text states his side; he writes for The Economist, a British weekly"
CARROLL = f'name = "Oliver Carroll"\nside = "united-kingdom"\n\n[inferred]\nside = "{WHY_SIDE}"\n'


def errors(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as info:
        Person.model_validate(data)
    return [e["msg"] for e in info.value.errors()]


def dossier(root: Path, files: dict[str, str]) -> Path:
    for folder in ("rounds", "people", "claims", "articles"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, "utf-8")
    return root


def test_a_given_key_may_be_marked_inferred_with_its_reason() -> None:
    person = Person.model_validate({**PERSON, "inferred": {"side": WHY_SIDE}})
    assert person.inferred == {"side": WHY_SIDE}


def test_an_inferred_key_must_be_given() -> None:
    data = {**PERSON, "inferred": {"aliases": "Cyrillic spelling; no article uses it"}}
    assert any("'aliases' is not given" in e for e in errors(data))


def test_an_inferred_reason_must_not_be_empty() -> None:
    assert any("must not be empty" in e for e in errors({**PERSON, "inferred": {"side": "  "}}))


def test_only_keys_of_the_kind_may_be_inferred() -> None:
    assert any("not a key a person has" in e for e in errors({**PERSON, "inferred": {"x": "?"}}))
    assert any("'notes'" in e for e in errors({**PERSON, "notes": "n", "inferred": {"notes": "?"}}))


def test_check_points_at_the_inferred_line_of_a_key_not_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = 'name = "Carroll"\nside = "united-kingdom"\n\n[inferred]\nroles = "?"\n'
    root = dossier(tmp_path, {"people/carroll.toml": text})
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "carroll.toml:5:" in out and "'roles' is not given" in out


def test_the_detail_pane_shows_an_inferred_value_with_its_reason(tmp_path: Path) -> None:
    root = dossier(tmp_path, {"people/carroll.toml": CARROLL})
    shown = detail(load(root).index, "carroll").plain
    assert f"United Kingdom  (inferred: {WHY_SIDE})\n" in shown


def test_an_inferred_key_with_no_line_of_its_own_is_listed_apart(tmp_path: Path) -> None:
    text = (
        'title = "Talks"\nplace = "Istanbul, Türkiye"\nwhen = "2022"\n'
        '[unknown]\ndate = "Only the year is given."\n'
        '[inferred]\ntitle = "The articles give the talks no name."\n'
    )
    root = dossier(tmp_path, {"rounds/talks.toml": text})
    shown = detail(load(root).index, "talks").plain
    assert (
        "Inferred, not read in a source\n  title: The articles give the talks no name.\n" in shown
    )


async def test_the_app_shows_the_reason_beside_the_value(tmp_path: Path) -> None:
    root = dossier(tmp_path, {"people/carroll.toml": CARROLL})
    app = ParleyApp(root, load(root), watch=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("2")  # the people tab
        await pilot.pause()
        pane = app.screen.query_one(DetailPane)
        assert f"(inferred: {WHY_SIDE})" in pane.content.plain


def test_a_written_record_keeps_its_inferred_table() -> None:
    data = {k: v for k, v in PERSON.items() if k != "id"}
    text = record_toml(Kind.PERSON, {**data, "inferred": {"side": WHY_SIDE}})
    assert text.endswith(f'\n[inferred]\nside = "{WHY_SIDE}"\n')


def test_the_json_export_carries_the_reasons(tmp_path: Path) -> None:
    root = dossier(tmp_path, {"people/carroll.toml": CARROLL})
    doc = json.loads(json.dumps(document(load(root).index, Scope())))
    assert doc["people"][0]["inferred"] == {"side": WHY_SIDE}


def test_a_reason_is_shown_as_text_never_as_markup(tmp_path: Path) -> None:
    hostile = "[red]read[/red] \\u001b[31m"
    text = f'name = "Carroll"\nside = "united-kingdom"\n\n[inferred]\nside = "{hostile}"\n'
    root = dossier(tmp_path, {"people/carroll.toml": text})
    shown = detail(load(root).index, "carroll").plain
    assert "(inferred: [red]read[/red] " in shown and "\x1b" not in shown
