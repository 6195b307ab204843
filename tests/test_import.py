"""``parley import``: the article record and its archive from a text, Markdown or HTML file."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rtoml

from parley.cli import main
from parley.dossier.load import load
from parley.files.importer import NOT_GIVEN

PEOPLE = {
    "vladimir-medinsky": 'name = "Vladimir Medinsky"\naliases = ["Medinsky"]\nside = "russia"\n',
    "dmitry-peskov": 'name = "Dmitry Peskov"\nside = "russia"\n',
}
TEXT = (
    "Talks in Istanbul end\n"
    "The talks lasted two hours.\n"
    '"Good," Medinsky said, commenting on the mood.\n'
    "Kremlin spokesman Dmitry Peskov said Russia is committed to a settlement.\n"
    "Oliver Carroll wrote about it.\n"
)
ALL_UNKNOWN = {k: NOT_GIVEN for k in ("outlet", "published", "url", "authors", "outlet_kind")}


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    """A dossier folder holding only two people."""
    folder = tmp_path / "dossier"
    (folder / "people").mkdir(parents=True)
    for pid, body in PEOPLE.items():
        (folder / "people" / f"{pid}.toml").write_text(body, encoding="utf-8")
    return folder


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def record(folder: Path, article_id: str) -> dict[str, object]:
    return rtoml.loads((folder / "articles" / f"{article_id}.toml").read_text(encoding="utf-8"))


def test_a_text_file_becomes_an_article_and_its_archive(
    dossier: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "talks.txt", TEXT)
    assert main(["import", str(source), "--language", "en", str(dossier)]) == 0
    data = record(dossier, "talks-in-istanbul-end")
    assert data == {
        "title": "Talks in Istanbul end",
        "language": "en",
        "archive": "archives/talks-in-istanbul-end.md",
        "unknown": ALL_UNKNOWN,
    }
    assert (dossier / "archives" / "talks-in-istanbul-end.md").read_text(encoding="utf-8") == TEXT
    loaded = load(dossier)
    assert loaded.errors == []
    assert loaded.index.get("talks-in-istanbul-end") is not None
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "imported talks-in-istanbul-end: articles/talks-in-istanbul-end.toml, "
        "archives/talks-in-istanbul-end.md"
    )
    assert out[1:4] == [
        "2 suggested statements:",
        '  3: vladimir-medinsky: "Good," Medinsky said, commenting on the mood.',
        "  4: dmitry-peskov: Kremlin spokesman Dmitry Peskov said Russia is committed to a "
        "settlement.",
    ]
    assert out[4:] == ["1 name matching no known person:", "  5: Oliver Carroll"]


def test_what_is_given_is_written_and_only_the_rest_is_unknown(
    dossier: Path, tmp_path: Path
) -> None:
    source = write(tmp_path, "talks.txt", TEXT)
    args = ["--title", "Talks end", "--outlet", "Sputnik", "--published", "2025-05-16"]
    args += ["--url", "https://example.org/talks", "--language", "en"]
    assert main(["import", str(source), *args, str(dossier)]) == 0
    data = record(dossier, "talks-end")
    assert (data["title"], data["outlet"], data["url"]) == (
        "Talks end",
        "Sputnik",
        "https://example.org/talks",
    )
    assert data["published"] == dt.date(2025, 5, 16)
    assert data["unknown"] == {"authors": NOT_GIVEN, "outlet_kind": NOT_GIVEN}


def test_a_markdown_file_keeps_its_text_and_gives_its_heading(
    dossier: Path, tmp_path: Path
) -> None:
    text = "Intro line\n\n# Medinsky speaks\n\n*Good*, Medinsky said.\n"
    source = write(tmp_path, "talks.md", text)
    assert main(["import", str(source), "--language", "en", str(dossier)]) == 0
    assert record(dossier, "medinsky-speaks")["title"] == "Medinsky speaks"
    assert (dossier / "archives" / "medinsky-speaks.md").read_text(encoding="utf-8") == text


HTML = """<!doctype html>
<html lang="en-GB">
<head>
<title>Site title | Outlet</title>
<meta property="og:title" content="Talks in Istanbul end">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-05-16T15:06:00Z">
<meta name="author" content="Jane Reporter">
<link rel="canonical" href="https://example.org/talks">
<style>p { color: red }</style>
</head>
<body>
<script>var tracking = "Medinsky said nothing";</script>
<h1>Talks in Istanbul end</h1>
<p>The talks lasted <b>two</b> hours.</p>
<p>&quot;Good,&quot; Medinsky said, commenting on the mood.</p>
<ul><li>First point</li><li>Second point</li></ul>
</body>
</html>
"""


def test_an_html_page_gives_its_text_by_paragraph_and_its_metadata(
    dossier: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "page.html", HTML)
    assert main(["import", str(source), "--suggest", str(dossier)]) == 0
    data = record(dossier, "talks-in-istanbul-end")
    assert data["outlet"] == "Example News"
    assert data["published"] == dt.date(2025, 5, 16)
    assert data["url"] == "https://example.org/talks"
    assert data["language"] == "en-GB"
    assert data["authors"] == ["Jane Reporter"]
    assert data["unknown"] == {"outlet_kind": NOT_GIVEN}
    archived = (dossier / "archives" / "talks-in-istanbul-end.md").read_text(encoding="utf-8")
    lines = [line for line in archived.splitlines() if line.strip()]
    assert lines == [
        "Talks in Istanbul end",
        "The talks lasted two hours.",
        '"Good," Medinsky said, commenting on the mood.',
        "First point",
        "Second point",
    ]
    line = archived.splitlines().index('"Good," Medinsky said, commenting on the mood.') + 1
    out = capsys.readouterr().out
    assert out == f'{line}: vladimir-medinsky: "Good," Medinsky said, commenting on the mood.\n'


def test_the_same_title_twice_gets_a_new_id(dossier: Path, tmp_path: Path) -> None:
    source = write(tmp_path, "talks.txt", TEXT)
    for _ in range(2):
        assert main(["import", str(source), "--language", "en", str(dossier)]) == 0
    assert sorted(p.name for p in (dossier / "archives").iterdir()) == [
        "talks-in-istanbul-end-2.md",
        "talks-in-istanbul-end.md",
    ]
    assert record(dossier, "talks-in-istanbul-end-2")["archive"] == (
        "archives/talks-in-istanbul-end-2.md"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--published", "16 May"], "not a date (YYYY-MM-DD)"),
        ([], "give --language"),
        (["--language", "English"], "cannot import"),
    ],
)
def test_a_bad_command_line_writes_nothing(
    dossier: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    source = write(tmp_path, "talks.txt", TEXT)
    assert main(["import", str(source), *args, str(dossier)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (dossier / "articles").exists() or not any((dossier / "articles").iterdir())
    assert not (dossier / "archives").exists() or not any((dossier / "archives").iterdir())


def test_the_bundled_set_is_never_written_to(
    dossier: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import parley.cli

    # A stand-in for the set shipped with parley, so a failure cannot touch the real one.
    monkeypatch.setattr(parley.cli, "BUNDLED", dossier)
    monkeypatch.chdir(tmp_path)  # no ./dossiers here: the default folder is the bundled set
    source = write(tmp_path, "talks.txt", TEXT)
    assert main(["import", str(source), "--language", "en"]) == 2
    assert "parley init --example DIR" in capsys.readouterr().err
    assert sorted(p.name for p in dossier.iterdir()) == ["people"]


def test_an_unreadable_file_is_one_line(
    dossier: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Kyslytsia said caf\xe9".encode("latin-1"))
    assert main(["import", str(latin), "--language", "en", str(dossier)]) == 2
    assert main(["import", str(tmp_path / "missing.txt"), "--language", "en", str(dossier)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "not UTF-8" in err[0] and "cannot read" in err[1]


def test_hostile_text_is_archived_exactly_and_shown_safely(
    dossier: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "Title \x1b]0;PWNED\x07 here\n"
        '"\x1b[31mRed\x1b[0m [b]bold[/b]," Medinsky said.\n' + "x" * 300_000 + "\n"
    )
    source = write(tmp_path, "evil.txt", text)
    assert main(["import", str(source), "--language", "en", str(dossier)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert '\\x1b[31mRed\\x1b[0m [b]bold[/b]," Medinsky said.' in out
    (archive,) = (dossier / "archives").iterdir()
    assert archive.read_text(encoding="utf-8") == text


def test_import_runs_as_a_command(dossier: Path, tmp_path: Path) -> None:
    source = write(tmp_path, "talks.txt", TEXT)
    result = subprocess.run(
        [sys.executable, "-m", "parley", "import", str(source), "--language", "en", "--suggest",
         str(dossier)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        '3: vladimir-medinsky: "Good," Medinsky said, commenting on the mood.',
        "4: dmitry-peskov: Kremlin spokesman Dmitry Peskov said Russia is committed to a "
        "settlement.",
    ]
    assert result.stderr.splitlines()[0].startswith("imported talks-in-istanbul-end")


def test_help_names_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--help"]) == 0
    usage = capsys.readouterr().out
    for option in ("--title", "--outlet", "--published", "--url", "--language", "--suggest"):
        assert option in usage
    assert main(["--help"]) == 0
    assert "import" in capsys.readouterr().out.splitlines()[1]


def test_the_bundled_people_are_enough_to_import(tmp_path: Path) -> None:
    """The import works on a copy of a real dossier's people (the benchmark's setup)."""
    folder = tmp_path / "d"
    shutil.copytree(Path(__file__).parent / "fixtures" / "dossiers" / "people", folder / "people")
    source = write(tmp_path, "a.txt", "Kyslytsia said the talks had stopped.\n")
    assert main(["import", str(source), "--language", "en", str(folder)]) == 0
