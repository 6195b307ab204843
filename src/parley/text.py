"""Make text from files safe to show: no escape codes, no control characters."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls. ESC (\x1b) is among them,
# so a file cannot move the cursor, change colours or set the window title. Also the
# bidirectional embeddings, overrides and isolates, which can make a line display
# in an order other than the one it is written in.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """``text`` with control characters shown as visible ``�`` marks."""
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def one_line(text: str, width: int = 0) -> str:
    """``text`` on one line (whitespace runs folded), cut to ``width`` with an ellipsis."""
    line = " ".join(clean(text).split())
    if width and len(line) > width:
        return line[: max(width - 1, 0)] + "…"
    return line
