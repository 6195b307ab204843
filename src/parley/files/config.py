"""The user's own settings: ``config.toml`` in the user's config folder.

::

    theme = "nord"          # written by parley when the theme is switched

    [keys]                  # action id (see the help) = key, or keys separated by commas
    show-claims = "c"
    pane-left = "h,left"

The file is the user's: parley reads it at start and only ever changes ``theme``,
keeping every other line, comments included (``tomlkit``). What it cannot use is
reported, never fatal.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_path

from parley.files.atomic import Expect, WriteRefused, atomic_write, read_regular

CONFIG_NAME = "config.toml"
SETTINGS = ("theme", "keys")


def config_path() -> Path:
    """``$XDG_CONFIG_HOME/parley/config.toml`` on Linux (platformdirs decides elsewhere)."""
    return user_config_path("parley", appauthor=False) / CONFIG_NAME


@dataclass(frozen=True)
class Settings:
    """What the file asks for, and what in it could not be used (one line each)."""

    keys: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    problems: list[str] = field(default_factory=list)


def read_settings(path: Path | None = None) -> Settings:
    """The settings in ``path`` (the user's file by default); none when there is no file."""
    path = path or config_path()
    try:
        data = tomllib.loads(read_regular(path, CONFIG_NAME).decode("utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, WriteRefused) as error:
        return Settings(problems=[f"cannot read the file: {error}"])
    except tomllib.TOMLDecodeError as error:
        return Settings(problems=[f"not valid TOML, so not used: {error}"])
    problems = [f"unknown setting {name!r}; the settings are {', '.join(SETTINGS)}"
                for name in data if name not in SETTINGS]  # fmt: skip
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        problems.append(f'theme must be a name in quotes, like theme = "nord", not {theme!r}')
        theme = None
    return Settings(_keys(data.get("keys", {}), problems), theme, problems)


def _keys(table: object, problems: list[str]) -> dict[str, str]:
    """``[keys]`` as id -> comma-separated keys; what is not a key string is left out."""
    if not isinstance(table, dict):
        problems.append('keys must be a table: [keys] then lines like show-claims = "c"')
        return {}
    keys: dict[str, str] = {}
    for action, value in table.items():
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = ",".join(value)
        if isinstance(value, str) and value.strip():
            keys[action] = value
        else:
            problems.append(f'keys.{action}: {value!r} is not a key; write it like "c" or "ctrl+c"')
    return keys


def save_theme(theme: str, path: Path | None = None) -> Path:
    """Set ``theme`` in the file, keeping the rest of it as written; the file written."""
    import tomlkit  # only when the theme changes: start-up needs none of it

    path = Path(os.path.realpath(path or config_path()))  # a symlink (dotfiles) is followed
    try:
        before: bytes | None = read_regular(path, CONFIG_NAME)
    except FileNotFoundError:
        before = None
    if before is None:
        document = tomlkit.document()
    else:
        try:
            document = tomlkit.parse(before.decode("utf-8"))
        except Exception as error:  # tomlkit's parse errors share no base class worth naming
            raise WriteRefused(f"{path} is not valid TOML, so parley leaves it alone") from error
    document["theme"] = theme
    path.parent.mkdir(parents=True, exist_ok=True)
    expect = Expect.new() if before is None else Expect.unchanged(before)
    atomic_write(path, tomlkit.dumps(document), expect=expect, label=str(path), root=path.parent)
    return path
