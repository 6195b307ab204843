from __future__ import annotations

import asyncio
import gc
import linecache
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import pytest
from textual.message import Message

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
# A frozen copy: tests about the bundled dossier itself use BUNDLED_DOSSIERS.
DOSSIERS = FIXTURES / "dossiers"
BUNDLED_DOSSIERS = ROOT / "dossiers"

M = TypeVar("M", bound=Message)


@pytest.fixture
def broken() -> Path:
    return FIXTURES / "broken"


class Messages:
    """Every message an app handles, so a test can await the one it means.

    Pass it as ``app.run_test(message_hook=messages)``. ``wait`` gives up after a
    time limit with a clear failure, so no test waits for something that never comes.
    """

    def __init__(self) -> None:
        self.seen: list[Message] = []
        self._arrived = asyncio.Event()

    def __call__(self, message: Message) -> None:
        self.seen.append(message)
        self._arrived.set()

    def mark(self) -> int:
        """A place in the record: ``wait(..., after=mark)`` ignores what came before it."""
        return len(self.seen)

    async def wait(
        self,
        kind: type[M],
        *,
        after: int = 0,
        where: Callable[[M], bool] = lambda _message: True,
        timeout: float = 40.0,
    ) -> M:
        """The first ``kind`` message since ``after`` that ``where`` accepts.

        Fails after ``timeout`` seconds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for message in self.seen[after:]:
                if isinstance(message, kind) and where(message):
                    return message
            after = max(after, len(self.seen))
            self._arrived.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"no {kind.__name__} message within {timeout} s")
            try:
                await asyncio.wait_for(self._arrived.wait(), remaining)
            except TimeoutError:
                pass


@pytest.fixture
def messages() -> Messages:
    return Messages()


# -- hangs: name the line a test is stuck on ------------------------------------------
#
# pytest-timeout fails a test that runs past its limit (pyproject.toml) and prints every
# thread's stack, but a hung ``await`` shows there only as the event loop's
# ``selectors.poll``. Just before the limit, print the stack of every asyncio task too,
# down the chain of awaits, so the awaiting line is named.

_HUNG = False


def _await_chain(awaitable: Any) -> Iterator[FrameType]:
    seen = 0
    while awaitable is not None and seen < 100:
        seen += 1
        for name in ("cr_frame", "gi_frame", "ag_frame"):
            frame = getattr(awaitable, name, None)
            if frame is not None:
                yield frame
                break
        awaitable = next(
            (
                getattr(awaitable, n)
                for n in ("cr_await", "gi_yieldfrom", "ag_await")
                if getattr(awaitable, n, None) is not None
            ),
            None,
        )


def print_asyncio_tasks(title: str) -> None:
    """Write every running event loop's tasks, each with the line it awaits at, to stderr."""
    out = sys.__stderr__
    if out is None:
        return
    loops = [o for o in gc.get_objects() if isinstance(o, asyncio.AbstractEventLoop)]
    lines = [f"\n{'+' * 20} {title}: asyncio tasks {'+' * 20}"]
    for loop in loops:
        if loop.is_closed():
            continue
        try:
            tasks = asyncio.all_tasks(loop)
        except RuntimeError:
            continue
        for task in tasks:
            lines.append(f"Task {task.get_name()}:")
            for frame in _await_chain(task.get_coro()):
                code = frame.f_code
                source = linecache.getline(code.co_filename, frame.f_lineno).strip()
                where = f'File "{code.co_filename}", line {frame.f_lineno}'
                lines.append(f"  {where}, in {code.co_name}")
                if source:
                    lines.append(f"    {source}")
    out.write("\n".join(lines) + "\n")
    out.flush()


@pytest.hookimpl(tryfirst=True)
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> None:
    timeout = float(settings.timeout or 0)
    if timeout <= 0:
        return
    timer = threading.Timer(max(timeout - 2.0, timeout * 0.9), print_asyncio_tasks, (item.nodeid,))
    timer.daemon = True
    timer.start()
    item.stash[_TIMER] = timer


@pytest.hookimpl(tryfirst=True)
def pytest_timeout_cancel_timer(item: pytest.Item) -> None:
    timer = item.stash.get(_TIMER, None)
    if timer is not None:
        timer.cancel()


_TIMER = pytest.StashKey[threading.Timer]()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked long start first, so the two workers end together rather than one
    finishing a long test alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable: else as found


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    global _HUNG
    if report.failed and "Timeout" in str(report.longrepr):
        _HUNG = True


def pytest_unconfigure(config: pytest.Config) -> None:
    # A test that hung in a thread leaves that thread running, and the interpreter would
    # wait for it at exit for ever. The failure is reported by now: leave at once.
    if _HUNG:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1)


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's state folder, where parley logs failures: the test's own, never the real one."""
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config folder, where config.toml lives: the test's own, never the real one."""
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def cache_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The user's cache folder, where snapshots of dossiers go: the test's own, never the real
    one (and beside ``tmp_path``, not in it); no folder opened by an earlier test is remembered."""
    from parley.files import cache

    home = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv(cache.ENV, raising=False)
    # Commands write their snapshot before they exit: a test that runs two in a row means
    # the second to find it (tests/test_cache.py tests the detached writer on its own).
    monkeypatch.setenv(cache.WAIT_ENV, "1")
    cache.clear()
    yield home / "parley" / "dossiers"
    cache.clear()


@pytest.fixture
def no_visual(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv("VISUAL", raising=False)
    return monkeypatch


def not_executable(tmp_path: Path) -> str:
    script = tmp_path / "editor.sh"
    script.write_text("#!/bin/sh\n", "utf-8")
    script.chmod(0o644)
    return str(script)
