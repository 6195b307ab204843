"""Run a Textual program with a trace of its keys and frames, for the key benchmark.

    python benchmarks/traced.py TRACE_FILE (-m MODULE | SCRIPT) [ARGS...]

Appends one line per event to TRACE_FILE: ``key <time>`` when a key event reaches the
app (its time is when the driver read it from the terminal), and ``frame <time>``
when the app has written a frame to the terminal, both on Textual's own clock. The key
benchmark reads it to time each key inside the app, from key event to frame written.
"""

from __future__ import annotations

import os
import runpy
import sys
from typing import Any

from textual import _time, events
from textual.app import App


def install(fd: int) -> None:
    """Patch ``App`` so that key events and written frames are traced to ``fd``."""
    on_event, display = App.on_event, App._display

    async def traced_on_event(self: App[Any], event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:  # not once more as it bubbles
            os.write(fd, f"key {event.time!r}\n".encode())
        await on_event(self, event)

    def traced_display(self: App[Any], screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if renderable is not None:
            os.write(fd, f"frame {_time.get_time()!r}\n".encode())

    App.on_event = traced_on_event  # type: ignore[method-assign]
    App._display = traced_display  # type: ignore[method-assign]


def read(path: str, offset: int = 0) -> list[tuple[str, float]]:
    """The events of a trace file from byte ``offset`` on, in order."""
    with open(path, "rb") as trace:
        trace.seek(offset)
        lines = trace.read().decode().splitlines()
    return [(kind, float(when)) for kind, when in (line.split() for line in lines if line)]


def key_to_frames(events_: list[tuple[str, float]]) -> list[tuple[float, float]]:
    """Seconds from each key to the first and to the last frame written before the next key.

    Keys that caused no frame are left out.
    """
    latencies = []
    key: float | None = None
    frames: list[float] = []
    for kind, when in [*events_, ("key", float("inf"))]:
        if kind == "key":
            if key is not None and frames:
                latencies.append((frames[0] - key, frames[-1] - key))
            key, frames = when, []
        elif key is not None:
            frames.append(when)
    return latencies


def main() -> None:
    trace, target, *rest = sys.argv[1:]
    install(os.open(trace, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    if target == "-m":
        module, *args = rest
        sys.argv = [module, *args]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    else:
        sys.argv = [target, *rest]
        runpy.run_path(target, run_name="__main__")


if __name__ == "__main__":
    main()
