"""Problems point at their own line, and placing them costs one scan per file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import parley.dossier.locate as locate_module
from parley.cli import main
from parley.dossier.load import load
from parley.dossier.locate import KeyMap

CLAIM = 'text = "Said."\ntype = "quote"\nside = "ukraine"\n'


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def problems(root: Path, name: str) -> list[tuple[int, int, str]]:
    """(line, col, message) of each problem in the file ``name`` under ``root``."""
    path = root / name
    return [(p.line, p.col, p.message) for p in load(root).problems if p.path == path]


# -- one scan per file ---------------------------------------------------------


def test_a_file_with_a_thousand_problems_is_scanned_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = "".join(f"key{i} = {i}\n" for i in range(1000))
    refs = "".join(f'  "no-such-claim-{i}",\n' for i in range(1000))
    root = write(
        tmp_path,
        {
            "claims/keys.toml": CLAIM + keys,
            "claims/refs.toml": f"{CLAIM}contradicts = [\n{refs}]\n",
        },
    )
    scanned: list[str] = []
    scan = locate_module._scan

    def counting_scan(text: str) -> object:
        scanned.append(text)
        return scan(text)

    monkeypatch.setattr(locate_module, "_scan", counting_scan)
    dossier = load(root)
    unknown = [p for p in dossier.problems if p.message.startswith("unknown key")]
    broken = [p for p in dossier.problems if "no claim with id" in p.message]
    assert len(unknown) == 1000 and len(broken) == 1000
    # Every problem is at its own line ...
    assert [p.line for p in sorted(unknown, key=lambda p: p.line)] == list(range(4, 1004))
    assert [p.line for p in sorted(broken, key=lambda p: p.line)] == list(range(5, 1005))
    # ... and each file's text was scanned once, not once per problem.
    assert sorted(scanned) == sorted([CLAIM + keys, f"{CLAIM}contradicts = [\n{refs}]\n"])


def test_a_key_map_answers_many_questions_from_one_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    scan = locate_module._scan

    def counting_scan(text: str) -> object:
        calls.append(1)
        return scan(text)

    monkeypatch.setattr(locate_module, "_scan", counting_scan)
    text = "".join(f'key{i} = ["a", "value-{i}"]\n' for i in range(500))
    keys = KeyMap(text)
    assert [keys.locate((f"key{i}",), f"value-{i}") for i in range(500)] == [
        (i + 1, len(f'key{i} = ["a", ') + 1) for i in range(500)
    ]
    assert calls == [1]


# -- the right line ------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "notes = \"he said '''x\"",
        'notes = \'a """ b\'',
        "notes = \"a \\\" ''' b\"",
        "notes = 'C:\\'",
        'notes = """one line with \'\'\' inside"""',
        "notes = '''one line with \"\"\" inside'''",
        'notes = "ends in a backslash \\\\"',
        "# a comment with ''' and \"\"\" and [brackets",
    ],
)
def test_triple_quotes_inside_a_one_line_string_do_not_hide_later_keys(
    tmp_path: Path, line: str
) -> None:
    root = write(tmp_path, {"claims/c.toml": f"{CLAIM}{line}\n\nbogus = 1\n"})
    assert problems(root, "claims/c.toml") == [(6, 1, "unknown key 'bogus'")]


def test_keys_inside_multi_line_strings_arrays_and_tables_are_not_keys() -> None:
    text = (
        'a = """\n'  # 1
        "bogus = 1\n"  # 2
        "[not.a.table]\n"  # 3
        'still \\""" inside"""\n'  # 4
        "b = '''\n"  # 5
        "bogus = ''\n"  # 6
        "'''\n"  # 7
        "c = [ # a comment ]\n"  # 8
        '  "x", "]",\n'  # 9
        "  { k = 1 },\n"  # 10
        "]\n"  # 11
        "d = 1 # [e]\n"  # 12
        "[t]\n"  # 13
        "bogus = 2\n"  # 14
    )
    keys = KeyMap(text)
    assert keys.locate(("bogus",)) == (1, 1)  # no such top-level key: the file's start
    assert keys.locate(("not",)) == (1, 1)
    assert keys.locate(("b",)) == (5, 1)
    assert keys.locate(("c",)) == (8, 1)
    assert keys.locate(("c", 2, "k")) == (10, 5)
    assert keys.locate(("d",)) == (12, 1)
    assert keys.locate(("t", "bogus")) == (14, 1)


def test_a_ten_thousand_level_dotted_key_is_reported_at_its_line(tmp_path: Path) -> None:
    deep = ".".join(["a"] * 10_000)
    root = write(
        tmp_path,
        {
            "claims/key.toml": f"{CLAIM}\n{deep} = 1\n",
            "claims/header.toml": f"{CLAIM}\n[{deep}]\n",
        },
    )
    message = "TOML syntax: a key or table name nested too deeply (10000 dotted parts)"
    assert problems(root, "claims/key.toml") == [(5, 1, message)]
    assert problems(root, "claims/header.toml") == [(5, 1, message)]


def test_deep_nesting_never_recurses(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "claims/arrays.toml": f"{CLAIM}notes = {'[' * 10_000}{']' * 10_000}\n",
            "claims/tables.toml": f"{CLAIM}notes = {'{a = ' * 10_000}1{'}' * 10_000}\n",
        },
    )
    for name in ("claims/arrays.toml", "claims/tables.toml"):
        [(line, _, message)] = problems(root, name)
        assert line == 4 and message.startswith("TOML syntax")
    # The scan itself keeps no call stack, however deep the text nests.
    keys = KeyMap("a = " + "[" * 20_000 + "{b = 1}" + "]" * 20_000 + "\n")
    assert keys.locate(("a",) + (0,) * 20_000 + ("b",)) == (1, 20_006)
    dotted = KeyMap(".".join(["k"] * 20_000) + " = 1\n")
    assert dotted.locate(["k"] * 20_000) == (1, 39_999)


@pytest.mark.parametrize(
    ("value", "advice"),
    [
        ("2025-05-16T10:00:00", "a date is needed, not a date-time; write said_on = 2025-05-16"),
        ("2025-05-17T10:00:00Z", "a date is needed, not a date-time; write said_on = 2025-05-17"),
        ("10:00:00", "a date is needed, not a time; write said_on = 2025-05-16"),
        ("20250516", "a date is needed, not a number; write said_on = 2025-05-16"),
        ("nan", "a date is needed, not a number; write said_on = 2025-05-16"),
        ("true", "a date is needed, not true or false; write said_on = 2025-05-16"),
        ("[2025-05-16]", "a date is needed, not a list; write said_on = 2025-05-16"),
        ('"2025-05-16"', "write a TOML date without quotes, e.g. said_on = 2025-05-16"),
    ],
)
def test_a_date_field_says_what_is_wrong_with_its_value(
    tmp_path: Path, value: str, advice: str
) -> None:
    root = write(tmp_path, {"claims/c.toml": f"{CLAIM}said_on = {value}\n"})
    assert problems(root, "claims/c.toml") == [(4, 1, f"said_on: {advice}")]


def test_a_dotted_key_is_reported_at_its_own_part(tmp_path: Path) -> None:
    root = write(tmp_path, {"claims/c.toml": f"{CLAIM}\nunknown.dotted = 1\n"})
    assert problems(root, "claims/c.toml") == [
        (
            5,
            9,
            "unknown.dotted: text in quotes is needed, not a number, "
            'e.g. dotted = "the sources do not give it"',
        )
    ]


def test_keys_in_inline_tables_are_reported_at_their_own_line(tmp_path: Path) -> None:
    person = (
        'name = "A Person"\n'
        'side = "ukraine"\n'
        "roles = [\n"
        '  {article = "an-article", title = "Minister"},\n'
        '  {article = "an-article", titel = "Envoy"},\n'
        '  {article = "an-article"},\n'
        "]\n"
    )
    root = write(tmp_path, {"people/p.toml": person})
    assert problems(root, "people/p.toml") == [
        (5, 3, "missing required key 'title' in roles #2"),
        (5, 28, "unknown key 'titel'; did you mean 'title'?"),
        (6, 3, "missing required key 'title' in roles #3"),
    ]


def test_a_reference_in_an_inline_table_is_reported_at_its_value(tmp_path: Path) -> None:
    person = (
        'name = "A Person"\n'
        'side = "ukraine"\n'
        'roles = [{article = "missing-one", title = "Minister"},\n'
        '  {article = "missing-two", title = "Envoy"}]\n'
    )
    root = write(tmp_path, {"people/p.toml": person})
    found = [(line, col) for line, col, m in problems(root, "people/p.toml") if "missing" in m]
    assert found == [(3, 21), (4, 14)]


def test_a_bad_list_item_is_reported_at_its_own_line(tmp_path: Path) -> None:
    claim = f'{CLAIM}topics = [\n  "fine",\n  "Not A Slug",\n]\n'
    root = write(tmp_path, {"claims/c.toml": claim})
    [(line, col, message)] = problems(root, "claims/c.toml")
    assert (line, col) == (6, 3) and message.startswith("topics #2:")


def test_parley_check_prints_the_located_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write(tmp_path, {"claims/c.toml": f"{CLAIM}notes = \"he said '''x\"\nbogus = 1\n"})
    assert main(["check", str(root)]) == 1
    assert f"{root}/claims/c.toml:5:1: error: unknown key 'bogus'" in capsys.readouterr().out


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab1 .=[]{},#\"'\\\n\t\r")), max_size=200),
    loc=st.lists(st.sampled_from(["a", "b", "ab", 0, 1]), max_size=4),
    value=st.none() | st.sampled_from(["a", "b", ""]),
)
def test_any_text_gives_a_position_inside_it(
    text: str, loc: list[str | int], value: str | None
) -> None:
    line, col = KeyMap(text).locate(loc, value)
    lines = text.split("\n")
    assert 1 <= line <= len(lines)
    assert 1 <= col <= max(len(lines[line - 1]), 1)


def test_a_byte_order_mark_does_not_shift_the_first_line(tmp_path: Path) -> None:
    claim = '\ufeffspeaker = "nobody-here"\ntext = "Said."\ntype = "quote"\n'
    root = write(tmp_path, {"claims/c.toml": claim})
    found = [(line, col) for line, col, m in problems(root, "claims/c.toml") if "nobody" in m]
    assert found == [(1, 11)]
