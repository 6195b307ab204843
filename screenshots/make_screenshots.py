"""Regenerate the README's screenshots (SVG) by driving the app with keys: `make screenshots`."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from parley.dossier.load import load
from parley.ui.app import ParleyApp

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # the tests' own helpers, for the conflict made in a copy

from tests.conflicts import conflict_in_copy  # noqa: E402

SHOTS: dict[str, list[str]] = {
    "person": ["tab", "j", "j"],
    "round": ["1", "j", "tab"],
    "search": ["slash", *"Kislitsa"],
    "disputes": ["d", "j", "j", "j", "enter"],
    "help": ["question_mark"],
    "timeline": ["t", "j", "j", "j"],
    # The PISM bulletin in the reader, on its third highlighted statement.
    "reader": ["4", "j", "r", *["right_square_bracket"] * 3],
    "problems": ["exclamation_mark"],
    # A new claim for the picked person: six fields on to the text, one typed in.
    "new-claim": ["tab", "n", *["tab"] * 6, *"We never reached that point."],
    # H: the history of a statement, read from this project's own git history.
    "history": ["3", "j", "j", "H"],
}

# The git views at both sizes, read from this project's own history. C compares the
# working tree with a fixed commit (the bundled dossier's audit), so the picture holds still.
HISTORY_KEYS = SHOTS["history"]
CHANGES_KEYS = ["C", *"73d7056", "enter"]
GIT_SHOTS: dict[str, tuple[list[str], tuple[int, int]]] = {
    "history-80x24": (HISTORY_KEYS, (80, 24)),
    "changes": (CHANGES_KEYS, (120, 40)),
    "changes-80x24": (CHANGES_KEYS, (80, 24)),
}


async def shoot(name: str, keys: list[str], size: tuple[int, int] = (120, 40)) -> Path:
    app = ParleyApp(Path("dossiers"), load("dossiers"), watch=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause(0.3)
        read_done = getattr(app.screen, "read_done", None)  # a list read from git
        if read_done is not None:
            await asyncio.wait_for(read_done.wait(), 60)
            await pilot.pause()
        path = HERE / f"{name}.svg"
        app.save_screenshot(str(path.name), path=str(HERE))
    return path


CONFLICT_SIZES = {"conflict": (120, 40), "conflict-80x24": (80, 24)}


async def shoot_conflicts() -> None:
    """The conflict view (problems, enter, theirs chosen) at 120x40 and 80x24."""
    with tempfile.TemporaryDirectory() as temp:
        # The conflict the snapshot tests show, made the same way (two wordings of a claim).
        conflict_in_copy(ROOT / "dossiers", Path(temp, "dossiers"))
        os.chdir(temp)  # the header shows "dossiers", as in the other shots
        try:
            for name, size in CONFLICT_SIZES.items():
                print(await shoot(name, ["exclamation_mark", "enter", "right"], size))
        finally:
            os.chdir(ROOT)


async def main() -> None:
    os.chdir(ROOT)
    for name, keys in SHOTS.items():
        print(await shoot(name, keys))
    for name, (keys, size) in GIT_SHOTS.items():
        print(await shoot(name, keys, size))
    await shoot_conflicts()


if __name__ == "__main__":
    asyncio.run(main())
