"""A program run in a real pseudo-terminal, its output read as it comes, for timing.

What a user sees is bytes reaching the terminal, so the benchmarks time those: from
spawn until a string appears on the screen, and from a key written to the terminal
until the last byte of the output it causes (the output goes quiet afterwards; the
quiet wait itself is not counted). Escape sequences are stripped before strings are
looked for, so a row drawn in several colours still reads as its text.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, modes
    r"|\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: window title, clipboard
    r"|[PX^_][^\x1b]*\x1b\\"  # DCS and other strings
    r"|[ -/]+[0-~]|[0-OQ-WYZ\\`-~])"  # two-character sequences (not the openers above)
)
KEYS = {"down": b"\x1b[B", "up": b"\x1b[A", "enter": b"\r", "escape": b"\x1b", "tab": b"\t"}


class Plain:
    """Terminal output as plain text: bytes in, as they are read; escape sequences out."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._carry = ""  # an escape sequence, or a character, cut in two by a read
        self.text = ""

    def add(self, chunk: bytes) -> None:
        text = self._carry + self._decoder.decode(chunk)
        self._carry = ""
        cut = text.rfind("\x1b")
        if cut != -1 and not ESCAPE.match(text, cut) and len(text) - cut < 256:
            text, self._carry = text[:cut], text[cut:]
        self.text += ESCAPE.sub("", text)


class TerminalError(RuntimeError):
    """The program ended, or what was waited for did not come in time."""


class Terminal:
    """``argv`` run in a pseudo-terminal of ``size`` (columns, rows) in its own process group."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        size: tuple[int, int] = (120, 40),
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "", "LINES": ""}
        environment.update(env or {})
        for name in ("COLUMNS", "LINES"):  # they would override the terminal's size
            if not environment[name]:
                del environment[name]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            cwd=cwd,
            start_new_session=True,  # its own process group: it and its children end together
        )
        os.close(slave)
        os.set_blocking(self.master, False)
        self._plain = Plain()
        self.raw_bytes = 0
        self._mark = 0

    def __enter__(self) -> Terminal:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _read(self, timeout: float) -> float | None:
        """Read what is there within ``timeout`` seconds; the time it came, or None."""
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not ready:
            return None
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:  # EIO: the program closed the terminal
            chunk = b""
        now = time.perf_counter()
        if not chunk:
            raise TerminalError(f"the program ended (exit {self.process.poll()})")
        self.raw_bytes += len(chunk)
        self._plain.add(chunk)
        return now

    @property
    def text(self) -> str:
        """Everything shown so far, escape sequences removed."""
        return self._plain.text

    def mark(self) -> None:
        """Look for strings only in what is shown from now on."""
        self._mark = len(self.text)

    def wait_for(self, needle: str, timeout: float) -> float:
        """The time ``needle`` appeared on the screen since the last mark."""
        deadline = time.perf_counter() + timeout
        searched = self._mark
        while True:
            found = self.text.find(needle, searched)
            if found != -1:
                self._mark = found + len(needle)
                return time.perf_counter()
            searched = max(self._mark, len(self.text) - len(needle))
            left = deadline - time.perf_counter()
            if left <= 0:
                tail = self.text[-300:]
                raise TerminalError(f"{needle!r} did not appear in {timeout:g} s; last: {tail!r}")
            self._read(left)

    def settle(self, quiet: float, timeout: float = 30.0) -> float | None:
        """Read until nothing comes for ``quiet`` seconds; the time the last output came."""
        deadline = time.perf_counter() + timeout
        last = None
        while time.perf_counter() < deadline:
            came = self._read(quiet)
            if came is None:
                return last
            last = came
        raise TerminalError(f"the output did not go quiet for {quiet:g} s in {timeout:g} s")

    def cpu_seconds(self) -> float:
        """CPU time the program has used so far (user + system, all its threads)."""
        with open(f"/proc/{self.process.pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def idle(self, window: float = 0.5, share: float = 0.05, timeout: float = 300.0) -> bool:
        """Wait until the program uses under ``share`` of a core for ``window`` seconds.

        Work an app does in the background after its first screen (an index built in
        a thread, a cache written) would slow the keys measured next. False when it
        was still busy after ``timeout`` seconds (measure anyway, and say so).
        """
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            before, since = self.cpu_seconds(), time.perf_counter()
            while (left := window - (time.perf_counter() - since)) > 0:
                self._read(left)
            if self.cpu_seconds() - before <= share * window:
                return True
        return False

    def press(self, key: str, quiet: float) -> float | None:
        """Seconds from ``key`` written to the last byte of the output it caused (None: none).

        The output must be quiet when it is called (after ``settle``, ``idle`` or ``press``).
        """
        start = time.perf_counter()
        os.write(self.master, KEYS.get(key, key.encode()))
        last = self.settle(quiet)
        return None if last is None else last - start

    def peak_mb(self) -> float:
        """The program's peak resident memory so far, in MB."""
        peak = None
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024
        if peak is None:
            raise TerminalError("no VmHWM in /proc")
        return peak

    def close(self, keys: str = "", timeout: float = 10.0) -> int | None:
        """Type ``keys`` (a quit key), wait for the program to end, else end it."""
        try:
            if keys and self.process.poll() is None:
                os.write(self.master, keys.encode())
                deadline = time.perf_counter() + timeout
                while self.process.poll() is None and time.perf_counter() < deadline:
                    try:
                        self._read(0.05)
                    except TerminalError:
                        break
            return self.process.wait(timeout=timeout if keys else 0.01)
        except (subprocess.TimeoutExpired, OSError):
            return None
        finally:
            if self.process.poll() is None:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=timeout)
            try:
                os.close(self.master)
            except OSError:
                pass
