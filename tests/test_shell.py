"""At home in the shell: --version, help, shell completion, the man page, no app without a terminal.

Completion and the refusal are tried in real processes: a bash that sources the script,
``parley`` with its output redirected, as a user meets them.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import shlex
import shutil
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

import pytest

from parley import cli
from parley.cli import COMMAND_ORDER, EXAMPLES, build_parser, man_page, subcommands
from parley.dossier.model import FOLDERS
from parley.files import record_ids

from .conftest import DOSSIERS, ROOT

KYS_IDS = ("kyslytsia-deal-directly-with-dictator", "kyslytsia-main-result-not-achieved")
PERSON = "serhii-kyslytsia"


def parley(
    *args: str, cwd: Path | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "parley", *args]
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        command, capture_output=True, text=True, timeout=60, check=False, cwd=cwd, **kwargs
    )


def commands() -> dict[str, argparse.ArgumentParser]:
    return subcommands(build_parser()[1])


# -- --version, usage, help ---------------------------------------------------------------


def test_version_is_the_installed_distributions() -> None:
    result = parley("--version")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"parley {version('parley-dossiers')}\n"


def test_every_command_is_in_the_usage_line_and_in_command_order() -> None:
    names = list(commands())
    assert names == list(COMMAND_ORDER), "add the new command's name to cli.COMMAND_ORDER"
    usage = parley("--help").stdout.split("\n\n")[0]
    assert f"parley {{{','.join(names)}}} ..." in usage
    # The browser's own usage (shown on its errors) says the same.
    assert f"{{{','.join(names)}}}" in cli.build_browse_parser().format_usage()


def parley_here(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the CLI in this process: its exit status and what it printed."""
    try:
        code = cli.main(list(args))
    except SystemExit as leaving:  # argparse's own --help leaves this way
        code = leaving.code if isinstance(leaving.code, int) else 1
    return code, capsys.readouterr().out


def test_help_command_is_the_same_as_help_options(capsys: pytest.CaptureFixture[str]) -> None:
    # In this process: the text is compared; a real process's --help is tried further on.
    assert parley_here(capsys, "help") == parley_here(capsys, "--help")
    for name in commands():
        code, shown = parley_here(capsys, "help", name)
        assert code == 0
        assert shown == parley_here(capsys, name, "--help")[1]
        assert shown.startswith(f"usage: parley {name}")


def test_help_for_an_unknown_command_is_one_line_with_a_suggestion() -> None:
    result = parley("help", "chek")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "parley: no command 'chek'; did you mean check?\n"


def test_every_option_and_argument_is_described() -> None:
    undescribed = [
        f"{name} {action.option_strings or action.dest}"
        for name, parser in commands().items()
        for action in parser._actions
        if not action.help
    ]
    assert undescribed == []


@pytest.mark.parametrize("name", ["", *COMMAND_ORDER])
def test_each_help_ends_with_exit_status_and_examples(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, shown = parley_here(capsys, *([name] if name else []), "--help")
    assert code == 0
    epilog = shown[shown.index("\nexit status:\n") :]
    for status in ("  0 ", "  1 ", "  2 ", "  130 "):
        assert f"\n{status}" in epilog
    examples = epilog[epilog.index("\nexamples:\n") :].split("\n\nfiles:")[0]
    lines = [line for line in examples.splitlines()[2:] if line.strip()]
    assert 1 <= len(lines) <= 3 and all("parley " in line or line == "  parley" for line in lines)
    assert EXAMPLES[name]
    # Written to fit a terminal of 80 columns: argparse wraps its parts, these are ours.
    assert max(map(len, epilog.split("\n\nfiles:")[0].splitlines())) < 80


def test_help_names_each_place_parley_keeps_something(
    state_home: Path, config_home: Path, cache_home: Path
) -> None:
    shown = parley("--help").stdout
    files = shown[shown.index("\nfiles:\n") :]
    for path in (state_home / "parley" / "parley.log", config_home / "parley", cache_home):
        assert f"\n  {path}" in files


def test_help_and_the_man_page_name_each_variable_parley_reads() -> None:
    shown = parley("--help").stdout
    variables = shown[shown.index("\nenvironment:\n") :]
    page = cli.MAN_PAGE.read_text("utf-8")
    for name in ("VISUAL", "EDITOR", "TEXTUAL_THEME", "NO_COLOR", "PARLEY_CACHE"):
        assert name in variables
        assert name in page


# -- shell completion ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scripts() -> dict[str, str]:
    found = {}
    for shell in cli.SHELLS:
        result = parley("completion", shell)
        assert (result.returncode, result.stderr) == (0, "")
        found[shell] = result.stdout
    return found


def test_completion_for_an_unknown_shell_is_a_usage_error() -> None:
    result = parley("completion", "tcsh")
    assert (result.returncode, result.stdout) == (2, "")
    assert "invalid choice: 'tcsh'" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("shell", cli.SHELLS)
def test_the_shell_accepts_the_script(shell: str, scripts: dict[str, str], tmp_path: Path) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    script = tmp_path / f"parley.{shell}"
    script.write_text(scripts[shell], "utf-8")
    checked = subprocess.run(
        [shell, "-n", str(script)], capture_output=True, text=True, timeout=30, check=False
    )
    assert (checked.returncode, checked.stderr) == (0, "")


def complete(script: str, words: list[str], current: int, cwd: Path) -> list[str]:
    """What a real bash offers for ``words[current]``, as a tab there would (COMPREPLY)."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    line = " ".join(words)
    program = "\n".join(
        [
            script,
            f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})",
            f"COMP_CWORD={current}",
            f"COMP_LINE={shlex.quote(line)}",
            f"COMP_POINT={len(' '.join(words[: current + 1]))}",
            f"_shtab_parley parley {shlex.quote(words[current])} {shlex.quote(words[current - 1])}",
            'printf "%s\\n" "${COMPREPLY[@]}"',
        ]
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True, text=True, timeout=30, check=False, cwd=cwd,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    return [line for line in result.stdout.splitlines() if line]


def test_bash_completes_a_record_id_of_the_folder_on_the_line(
    scripts: dict[str, str], tmp_path: Path
) -> None:
    offered = complete(scripts["bash"], ["parley", "cite", "kys", str(DOSSIERS)], 2, tmp_path)
    assert set(KYS_IDS) <= set(offered)
    assert all(o.startswith("kys") for o in offered)
    # cite takes statements and articles; edit takes any record, people included.
    assert PERSON not in complete(
        scripts["bash"], ["parley", "cite", "ser", str(DOSSIERS)], 2, tmp_path
    )
    edit = complete(scripts["bash"], ["parley", "edit", "ser", str(DOSSIERS)], 2, tmp_path)
    assert PERSON in edit


def test_bash_completes_ids_of_the_default_folder(scripts: dict[str, str], tmp_path: Path) -> None:
    shutil.copytree(DOSSIERS, tmp_path / "dossiers")
    (tmp_path / "dossiers" / "claims" / "sub").mkdir()
    (tmp_path / "dossiers" / "claims" / "sub" / "sub-claim-in-a-subfolder.toml").write_text(
        "", "utf-8"
    )
    offered = complete(scripts["bash"], ["parley", "cite", "kys"], 2, tmp_path)
    assert "sub-claim-in-a-subfolder" not in offered
    offered = complete(scripts["bash"], ["parley", "cite", ""], 2, tmp_path)
    assert "sub-claim-in-a-subfolder" in offered and set(KYS_IDS) <= set(offered)


def test_bash_completes_commands_options_choices_and_folders(
    scripts: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "my-dossier").mkdir()
    bash = scripts["bash"]
    assert "check" in complete(bash, ["parley", "ch"], 1, tmp_path)
    assert "my-dossier" in complete(bash, ["parley", "my"], 1, tmp_path)  # parley DIR
    assert complete(bash, ["parley", "check", "--f"], 2, tmp_path) == ["--format"]
    assert complete(bash, ["parley", "check", "--format", ""], 3, tmp_path) == [
        "text",
        "json",
        "github",
        "sarif",
    ]
    assert complete(bash, ["parley", "check", "my"], 2, tmp_path) == ["my-dossier"]
    assert complete(bash, ["parley", "completion", "f"], 2, tmp_path) == ["fish"]


def test_the_scripts_name_every_command_and_the_id_completers(scripts: dict[str, str]) -> None:
    for shell, script in scripts.items():
        for name in COMMAND_ORDER:
            assert name in script, (shell, name)
        assert "_parley_ids_all" in script and "_parley_ids_claims_articles" in script
        assert f"{sys.executable} -m parley.files.record_ids" in script


# -- the ids, read fast from file names --------------------------------------------------------


def test_the_id_lister_knows_the_record_folders() -> None:
    assert record_ids.FOLDERS == tuple(FOLDERS.values())
    assert record_ids.BUNDLED == cli.BUNDLED


def test_the_id_lister_opens_the_folder_parley_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert record_ids.default_folder() == cli.default_folder()
    (tmp_path / "dossiers").mkdir()
    assert record_ids.default_folder() == cli.default_folder()


def test_the_id_lister_loads_nothing_of_the_model(tmp_path: Path) -> None:
    program = "\n".join(
        [
            "import runpy, sys",
            "sys.argv = ['record_ids', 'all', 'kys', 'parley', sys.argv[1]]",
            "try:",
            "    runpy.run_module('parley.files.record_ids', run_name='__main__')",
            "finally:",
            "    heavy = ('pydantic', 'parley.dossier')",
            "    print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)",
        ]
    )
    result = subprocess.run(
        [sys.executable, "-c", program, str(DOSSIERS)],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert result.stderr == "[]\n"
    assert set(KYS_IDS) <= set(result.stdout.splitlines())


# -- the man page ----------------------------------------------------------------------------


def _without_header(page: str) -> list[str]:
    return [line for line in page.splitlines() if not line.startswith(".TH ")]


def test_the_shipped_man_page_is_the_parsers() -> None:
    shipped = (ROOT / cli.MAN_PAGE).read_text("utf-8")
    assert _without_header(shipped) == _without_header(man_page()), "run make man"


def test_the_man_page_lists_every_command_and_renders(tmp_path: Path) -> None:
    page = man_page()
    for name in COMMAND_ORDER:
        assert f"\\fBparley\\fR \\fI\\,{name}\\/\\fR" in page
        assert f".SH COMMAND \\fI\\,'parley {name}'\\/\\fR" in page
    for section in ("SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "EXAMPLES", "FILES"):
        assert f"\n.SH {section}\n" in page
    assert "~/.local/state/parley/parley.log" in page  # not this machine's home
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed to render it")
    source = tmp_path / "parley.1"
    source.write_text(page, "utf-8")
    shown = subprocess.run(
        ["groff", "-k", "-man", "-Tutf8", "-ww", str(source)],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert (shown.returncode, shown.stderr) == (0, "")
    text = re.sub(".\b", "", shown.stdout)  # bold and underline, by overstriking
    assert "EXIT STATUS" in text and "parley completion" in text


# -- the browser needs a terminal --------------------------------------------------------------

# `parley DIR` as the command runs it; says on stderr whether Textual was loaded.
BROWSE = """
import sys
from parley import cli
try:
    code = cli.main(sys.argv[1:])
finally:
    sys.stderr.write("textual loaded\\n" if "textual" in sys.modules else "")
sys.exit(code)
"""


@contextmanager
def terminal() -> Iterator[int]:
    """The follower end of a new pseudo-terminal, 120x40."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    try:
        yield follower
    finally:
        os.close(leader)
        os.close(follower)


@pytest.mark.parametrize("away", ["stdout", "stdin"])
def test_the_browser_refuses_without_a_terminal(away: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with terminal() as tty, out.open("wb") as redirected:
        # `parley dossiers > out`, and `parley dossiers < /dev/null` in a script
        streams = (
            {"stdin": tty, "stdout": redirected}
            if away == "stdout"
            else {"stdin": subprocess.DEVNULL, "stdout": redirected}
        )
        result = subprocess.run(
            [sys.executable, "-c", BROWSE, str(DOSSIERS)],
            stderr=subprocess.PIPE, text=True, timeout=20, check=False, **streams,  # type: ignore[call-overload]
        )  # fmt: skip
    assert result.returncode == 2
    assert out.read_bytes() == b""
    which = "standard output" if away == "stdout" else "standard input"
    assert result.stderr == (
        f"parley: the browser needs a terminal, and {which} is not one; "
        f"to check a dossier from a script, run: parley check {DOSSIERS}\n"
    )


def test_a_missing_folder_is_still_said_first_without_a_terminal(tmp_path: Path) -> None:
    result = parley(str(tmp_path / "nowhere"), stdin=subprocess.DEVNULL)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"parley: no such folder: {tmp_path / 'nowhere'}\n"


# -- an app that stops on an error -------------------------------------------------------------

CRASH = """
import sys
from parley import cli
from parley.ui.screens.main import MainScreen

def boom(self, *args, **kwargs):
    raise RuntimeError("boom in a handler")

MainScreen.on_descendant_focus = boom  # a handler, not an action: Textual ends the app
sys.exit(cli.main(sys.argv[1:]))
"""


def run_in_terminal(argv: list[str], env: dict[str, str], seconds: float = 40) -> tuple[int, str]:
    """Run ``argv`` in a new pseudo-terminal until it ends: its status and all it wrote."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        argv, stdin=follower, stdout=follower, stderr=follower, env=env, start_new_session=True
    )
    os.close(follower)
    output = b""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        return process.wait(timeout=10), output.decode("utf-8", "replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        os.close(leader)


def test_an_app_stopped_by_an_error_exits_non_zero_and_names_the_log(state_home: Path) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "XDG_STATE_HOME": str(state_home)}
    code, output = run_in_terminal([sys.executable, "-c", CRASH, str(DOSSIERS)], env)
    log = state_home / "parley" / "parley.log"
    assert code == 1
    assert f"parley: the app stopped on an error; details in {log}" in output
    assert "Traceback" not in output
    assert "RuntimeError: boom in a handler" in log.read_text("utf-8")


def test_a_huge_folder_offers_where_its_ids_part_ways() -> None:
    found = {f"claim-{n:07}" for n in range(105_000)} | {"alexei-bond", "nadia-bond"}
    stems = record_ids.offered(found, limit=1000)
    assert 1 < len(stems) <= 1000 and stems == sorted(stems)
    assert all(any(i.startswith(s) for s in stems) for i in found)  # every id is still reachable
    assert {"alexei-bon", "claim-0000", "claim-0104", "nadia-bond"} <= set(stems)
    # As deep as the limit allows: one character more would be too many.
    assert len({i[: len("claim-0000") + 1] for i in found}) > 1000
    assert record_ids.offered({"b", "a"}, limit=1000) == ["a", "b"]


def test_fish_completes_a_record_id(scripts: dict[str, str], tmp_path: Path) -> None:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    shutil.copytree(DOSSIERS, tmp_path / "dossiers")
    script = tmp_path / "parley.fish"
    script.write_text(scripts["fish"], "utf-8")
    program = f"source {shlex.quote(str(script))}; complete -C 'parley cite kys'"
    result = subprocess.run(
        ["fish", "--no-config", "-c", program],
        capture_output=True, text=True, timeout=30, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    offered = {line.split("\t")[0] for line in result.stdout.splitlines()}
    assert set(KYS_IDS) <= offered


def test_zsh_lists_record_ids(scripts: dict[str, str], tmp_path: Path) -> None:
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed")
    script = tmp_path / "_parley"
    script.write_text(scripts["zsh"], "utf-8")
    # The id completer alone, as _arguments calls it: compadd prints what it is given.
    program = "\n".join(
        [
            "compdef() { :; }; _arguments() { :; }",
            f"source {shlex.quote(str(script))}",
            'compadd() { print -l -- "${(@P)${@[-1]}}"; }',
            f"PREFIX=kys; words=(cite kys {shlex.quote(str(DOSSIERS))})",
            "_parley_ids_claims_articles",
        ]
    )
    result = subprocess.run(
        ["zsh", "-f", "-c", program], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr
    assert set(KYS_IDS) <= set(result.stdout.splitlines())
