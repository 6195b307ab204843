"""Regenerate the README's screenshots (SVG) by driving the app with keys: `make screenshots`."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from parley.dossier.load import load
from parley.ui.app import ParleyApp

HERE = Path(__file__).parent
ROOT = HERE.parent

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


async def main() -> None:
    os.chdir(ROOT)
    for name, keys in SHOTS.items():
        print(await shoot(name, keys))


if __name__ == "__main__":
    asyncio.run(main())
