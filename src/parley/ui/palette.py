"""The sides' colours, as theme variables: the same hue in every theme, dark enough to read
on a light one.

Drawn on a light theme's surface, the colours made for dark ones fade (a contrast of 1.2
to 2.6 against ``textual-light``'s); darkened by 0.3 they read at 3.2 to 9.5. Being
variables, they change with the theme like ``$accent`` does, and a theme may set its own.
"""

from __future__ import annotations

import zlib

from textual.color import Color

SIDE_COLOURS = {
    "ukraine": "#5b9bd5",
    "russia": "#e06c75",
    "turkey": "#e5a04b",
    "united-states": "#b48ead",
}
PALETTE = ["#98c379", "#d19a66", "#c678dd", "#be5046", "#e5c07b", "#8fbcbb", "#ff79c6"]
LIGHT_THEME_DARKEN = 0.3
PREFIX = "parley-side-"


def side_variable(side: str) -> str:
    """The variable holding a side's colour: fixed for the main parties, hashed for the rest."""
    if side in SIDE_COLOURS:
        return f"${PREFIX}{side}"
    return f"${PREFIX}{zlib.crc32(side.encode()) % len(PALETTE)}"


def side_variables(dark: bool) -> dict[str, str]:
    """Every side colour variable's value for a dark or a light theme."""
    colours = {f"{PREFIX}{side}": colour for side, colour in SIDE_COLOURS.items()}
    colours |= {f"{PREFIX}{n}": colour for n, colour in enumerate(PALETTE)}
    if dark:
        return colours
    return {name: Color.parse(c).darken(LIGHT_THEME_DARKEN).hex for name, c in colours.items()}
