"""The ``git`` program, as lazygit uses it: every call bounded in time, never through a shell.

Each call runs ``git`` with a fixed, machine-readable output (NUL-separated where a
name can hold anything), no pager, no colour, no optional locks (so a read never
blocks the user's own ``git`` in another terminal), literal pathspecs, and a
deadline after which the process is killed. Every failure is a ``GitError`` with
one line a user can read: git missing, not a repository, too slow, or git's own
first line.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, cast

TIMEOUT = 20.0
"""Seconds a short call (a status, a listing) may take before it is killed."""
LONG_TIMEOUT = 120.0
"""Seconds a history walk or a batch of blob reads may take in all."""

BATCH = 512  # object names asked of cat-file at once (their ids fit in a pipe's 64 KiB)
NULL_ID = re.compile(r"^0+$")
_HASH = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")


class GitError(Exception):
    """A git call that failed: the message is one line, safe to show once made safe."""


class GitMissing(GitError):
    """No ``git`` program on PATH."""


class NotARepository(GitError):
    """The folder is not inside a git work tree."""


class GitTimeout(GitError):
    """A call ran past its deadline and was killed."""


class Cancelled(GitError):
    """The caller stopped the call (``esc`` in the app)."""


def environment() -> dict[str, str]:
    """The user's environment with what keeps git's output fixed and its reads lock-free."""
    env = dict(os.environ)
    env.update(
        GIT_OPTIONAL_LOCKS="0",
        GIT_PAGER="cat",
        PAGER="cat",
        GIT_TERMINAL_PROMPT="0",
        GIT_LITERAL_PATHSPECS="1",
        LC_ALL="C",
        LANGUAGE="C",
    )
    env.pop("GIT_EXTERNAL_DIFF", None)
    return env


# Options before the command: never colour, never a pager, names as bytes, not quoted.
_GLOBAL = ("--no-pager", "-c", "color.ui=never", "-c", "core.quotePath=false",
           "-c", "log.showSignature=false", "-c", "diff.external=")  # fmt: skip


def command(args: Sequence[str]) -> list[str]:
    """The argv of ``git args`` with parley's fixed options."""
    return ["git", *_GLOBAL, *args]


def _first_line(stderr: bytes, code: int) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return f"git failed (exit status {code})"
    first = next((ln for ln in lines if ln.startswith(("fatal:", "error:"))), lines[0])
    return first.removeprefix("fatal: ").removeprefix("error: ")


def _classify(message: str, cwd: Path) -> GitError:
    if "not a git repository" in message:
        return NotARepository(f"{cwd} is not in a git repository")
    return GitError(f"git: {message}")


class Stop:
    """A way to stop git calls from another thread (``esc`` in the app): each call it is
    given registers its process, and ``stop`` kills every one running and any started after.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: list[Callable[[], None]] = []
        self.stopped = False

    def add(self, cancel: Callable[[], None]) -> None:
        """Watch a call by its way to cancel; cancel it at once if already stopped."""
        with self._lock:
            self._running.append(cancel)
            stopped = self.stopped
        if stopped:
            cancel()

    def remove(self, cancel: Callable[[], None]) -> None:
        with self._lock:
            if cancel in self._running:
                self._running.remove(cancel)

    def stop(self) -> None:
        """Kill every call running now, and every one started from now on."""
        with self._lock:
            self.stopped = True
            running = list(self._running)
        for cancel in running:
            cancel()

    def check(self) -> None:
        """Raise ``Cancelled`` once stopped."""
        if self.stopped:
            raise Cancelled("stopped")


def _start(args: Sequence[str], cwd: Path, stdin: bool = False) -> subprocess.Popen[bytes]:
    """Start ``git args`` in ``cwd`` with its output piped, or raise a ``GitError``."""
    try:
        return subprocess.Popen(
            command(args),
            cwd=cwd,
            env=environment(),
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except FileNotFoundError as error:
        if error.filename in (None, "git"):
            raise GitMissing("git is not installed (no git program on PATH)") from None
        raise GitError(f"cannot run git in {cwd}: {error.strerror}") from None
    except OSError as error:
        raise GitError(f"cannot run git in {cwd}: {error.strerror or error}") from None


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        proc.kill()
    except OSError:
        pass


def _reap(proc: subprocess.Popen[bytes]) -> None:
    """Kill the process, wait (bounded) for its end and close its pipes."""
    _kill(proc)
    try:
        proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:  # a child of git's still holds the pipes
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()


def run(
    args: Sequence[str], cwd: Path, timeout: float = TIMEOUT, ok: Sequence[int] = (0,),
    stop: Stop | None = None,
) -> bytes:  # fmt: skip
    """``git args`` in ``cwd``: its standard output, or a ``GitError`` (``Cancelled`` once
    ``stop`` is stopped: the process is killed at once, not at its deadline)."""
    if stop is not None:
        stop.check()
    proc = _start(args, cwd)
    cancel = partial(_kill, proc)
    if stop is not None:
        stop.add(cancel)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _reap(proc)
        if stop is not None:
            stop.check()
        raise GitTimeout(f"git {args[0]} took over {timeout:g} s and was stopped") from None
    finally:
        if stop is not None:
            stop.remove(cancel)
    if stop is not None:
        stop.check()
    if proc.returncode not in ok:
        raise _classify(_first_line(err, proc.returncode), cwd)
    return out


class Process:
    """A long git call read as it runs, killed at its deadline or when the caller stops it."""

    def __init__(
        self, args: Sequence[str], cwd: Path, timeout: float = LONG_TIMEOUT, stdin: bool = False,
        stop: Stop | None = None,
    ) -> None:  # fmt: skip
        self.args, self.cwd, self.timeout = list(args), cwd, timeout
        self.timed_out = self.cancelled = False
        self.proc = _start(args, cwd, stdin)
        self.stop = stop
        if stop is not None:
            stop.add(self.cancel)
        self._timer = threading.Timer(timeout, self._expire)
        self._timer.daemon = True
        self._timer.start()
        # stderr is read aside, so a chatty git cannot fill its pipe and stall.
        self._errors: list[bytes] = []
        self._stderr = threading.Thread(target=self._drain, daemon=True)
        self._stderr.start()

    @property
    def stdout(self) -> io.BufferedReader:
        assert self.proc.stdout is not None
        return cast(io.BufferedReader, self.proc.stdout)

    @property
    def stdin(self) -> IO[bytes]:
        assert self.proc.stdin is not None
        return self.proc.stdin

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        self._errors.append(self.proc.stderr.read())

    def _expire(self) -> None:
        self.timed_out = True
        self._kill()

    def _kill(self) -> None:
        _kill(self.proc)

    def cancel(self) -> None:
        """Stop the call now (from any thread): its reader sees ``Cancelled``."""
        self.cancelled = True
        self._kill()

    def check_stopped(self) -> None:
        """Raise if the call was stopped: by its deadline or by the caller."""
        if self.cancelled:
            raise Cancelled("stopped")
        if self.timed_out:
            name = self.args[0]
            raise GitTimeout(f"git {name} took over {self.timeout:g} s and was stopped")

    def finish(self, ok: Sequence[int] = (0,)) -> None:
        """Wait for the end (bounded: the deadline kills it) and raise on any failure."""
        try:
            code = self.proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self._kill()
            code = self.proc.wait(timeout=5)
        self._stderr.join(timeout=5)
        self._timer.cancel()
        self.check_stopped()
        if code not in ok:
            raise _classify(_first_line(b"".join(self._errors), code), self.cwd)

    def close(self) -> None:
        """Kill the process if it still runs and release its pipes."""
        self._timer.cancel()
        if self.stop is not None:
            self.stop.remove(self.cancel)
        if self.proc.poll() is None:
            self._kill()
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


# -- the repository ---------------------------------------------------------------------


@dataclass(frozen=True)
class Repository:
    """The work tree a folder is in: its top, and whether the clone is shallow."""

    top: Path
    shallow: bool

    def relative(self, path: Path) -> str:
        """``path`` as git names it: from the top of the work tree, forward slashes."""
        absolute = Path(os.path.realpath(path))
        return absolute.relative_to(self.top).as_posix()


SHALLOW_NOTE = "this clone is shallow: older history is cut off (git fetch --unshallow gets it)"


def repository(folder: Path, stop: Stop | None = None) -> Repository:
    """The repository ``folder`` is in, or ``NotARepository`` / ``GitMissing``."""
    # --show-cdup is only "../" steps: no folder name (which may hold a newline) to parse.
    out = run(["rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--show-cdup"],
              folder, stop=stop)  # fmt: skip
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 3 or lines[0] != "true":  # inside .git, or a bare repository
        raise NotARepository(f"{folder} is not in a git work tree")
    top = Path(os.path.realpath(folder / lines[2]))
    return Repository(top, lines[1] == "true")


def is_tracked(repo: Repository, path: Path) -> bool:
    """Whether git tracks ``path`` (it is in the index)."""
    return bool(run(["ls-files", "-z", "--", repo.relative(path)], repo.top))


def last_change(repo: Repository, names: Sequence[str]) -> str | None:
    """Which of ``names`` (from the top) a commit changed last, or None when none ever was."""
    out = run(["log", "-1", "-z", "--format=", "--name-only", "--", *names], repo.top)
    found = [n.decode("utf-8", "surrogateescape") for n in out.split(b"\0") if n.strip()]
    return found[0].strip("\n") if found else None


def untracked(repo: Repository, folder: Path, stop: Stop | None = None) -> list[str]:
    """Files under ``folder`` git does not track and does not ignore, from the top."""
    out = run(["ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--",
               repo.relative(folder)], repo.top, stop=stop)  # fmt: skip
    return [name.decode("utf-8", "surrogateescape") for name in out.split(b"\0") if name]


def resolve(repo: Repository, revision: str, stop: Stop | None = None) -> str:
    """The commit ``revision`` names, or a ``GitError`` saying it names none."""
    if revision.startswith("-"):
        raise GitError(f"not a revision: {revision}")
    out = run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
              repo.top, ok=(0, 1), stop=stop)  # fmt: skip
    commit = out.decode("ascii", "replace").strip()
    if not _HASH.match(commit):
        raise GitError(f"no such revision: {revision}")
    return commit


def commit_message(repo: Repository, commit: str) -> str:
    """The whole message of ``commit``, as its author wrote it."""
    out = run(["show", "-s", "--format=%B", commit, "--"], repo.top)
    return out.decode("utf-8", "replace")


def commit_date(repo: Repository, commit: str, stop: Stop | None = None) -> str:
    """The author date of ``commit``, ISO 8601."""
    out = run(["show", "-s", "--format=%aI", commit, "--"], repo.top, stop=stop)
    return out.decode("ascii", "replace").strip()


# -- one file's history -----------------------------------------------------------------


@dataclass(frozen=True)
class FileCommit:
    """A commit that changed a file: who, when, why, and the file's blobs before and after."""

    commit: str
    author: str
    date: str  # ISO 8601, the author's
    subject: str
    status: str  # git's letter: A added, M modified, D deleted, R renamed, C copied
    old_path: str | None
    path: str | None
    old_blob: str | None  # None: no file before (added)
    new_blob: str | None  # None: no file after (deleted)
    merge: bool = False  # a merge: the change is against its first parent

    @property
    def short(self) -> str:
        return self.commit[:10]


_LOG_FORMAT = "--format=%x1e%H%x00%P%x00%an%x00%aI%x00%s"


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _blob(sha: str) -> str | None:
    return None if NULL_ID.match(sha) else sha


def _parse_log(tokens: list[bytes], final: bool) -> tuple[list[FileCommit], int]:
    """The whole commits in tokens of ``git log -z --raw`` with the header above, and how
    many tokens they took (the rest wait for more output, unless ``final``).

    Every field ends in NUL, which no name or message can hold, so a subject with any
    byte in it (a record separator, a newline) cannot shift the fields that follow.
    """
    commits: list[FileCommit] = []
    at, count = 0, len(tokens)
    while at + 5 <= count:
        head = tokens[at].lstrip(b"\n")
        if not head.startswith(b"\x1e"):
            at += 1  # nothing else comes between commits: skip what cannot be read
            continue
        commit, parents = head[1:].decode("ascii", "replace"), tokens[at + 1]
        author, date, subject = _text(tokens[at + 2]), _text(tokens[at + 3]), _text(tokens[at + 4])
        merge = b" " in parents.strip()
        after = at + 5
        raw = tokens[after].lstrip(b"\n") if after < count else b""
        if raw.startswith(b":"):
            meta = raw[1:].decode("ascii", "replace").split()
            status = meta[4][:1]
            names = 2 if status in ("R", "C") else 1
            if after + 1 + names > count:
                break
            paths = [_text(t) for t in tokens[after + 1 : after + 1 + names]]
            old_path = None if status == "A" else paths[0]
            path = None if status == "D" else paths[-1]
            commits.append(FileCommit(commit, author, date, subject, status, old_path, path,
                                      _blob(meta[2]), _blob(meta[3]), merge))  # fmt: skip
            at = after + 1 + names
        elif after < count or final:  # a merge git shows no change for
            commits.append(FileCommit(commit, author, date, subject, "", None, None, None, None,
                                      merge))  # fmt: skip
            at = after
        else:
            break
    return commits, at


def file_log(
    repo: Repository, path: str, follow: bool = True, timeout: float = LONG_TIMEOUT,
    started: list[Process] | None = None,
) -> Iterator[FileCommit]:  # fmt: skip
    """Each commit that changed ``path`` (from the top), newest first, across renames.

    Read as git writes it: the first commit comes before git has walked the whole
    history. ``started`` receives the process, so another thread can cancel it.
    """
    args = ["log", "-z", "--raw", "--no-abbrev", "--no-color", "--no-ext-diff",
            "--diff-merges=first-parent", _LOG_FORMAT]  # fmt: skip
    if follow:
        args.append("--follow")
    process = Process([*args, "--", path], repo.top, timeout)
    if started is not None:
        started.append(process)
    tokens: list[bytes] = []
    rest = b""
    try:
        while chunk := process.stdout.read1(1 << 16):
            more = (rest + chunk).split(b"\0")
            rest = more.pop()
            tokens += more
            commits, used = _parse_log(tokens, final=False)
            del tokens[:used]
            yield from commits
        process.check_stopped()
        tokens += [rest] if rest else []
        yield from _parse_log(tokens, final=True)[0]
        process.finish()
    finally:
        process.close()


# -- many blobs through one process -----------------------------------------------------


class Blobs:
    """Blob contents by id, read through one ``git cat-file --batch`` process."""

    def __init__(
        self, repo: Repository, timeout: float = LONG_TIMEOUT, stop: Stop | None = None
    ) -> None:
        self.process = Process(["cat-file", "--batch"], repo.top, timeout, stdin=True, stop=stop)

    def __enter__(self) -> Blobs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cancel(self) -> None:
        self.process.cancel()

    def read(self, name: str) -> bytes | None:
        """The content of object ``name`` (an id or ``rev:path``), or None when there is none."""
        return self.read_many([name])[name]

    def read_many(self, names: list[str]) -> dict[str, bytes | None]:
        """The content of each object named, asked for in one write and read in order.

        At most ``BATCH`` names: their requests fit in the pipe, so writing them all
        cannot wait on git, which may be writing answers nobody reads yet.
        """
        asked = [n for n in dict.fromkeys(names) if "\n" not in n][:BATCH]
        found: dict[str, bytes | None] = dict.fromkeys(names)
        if not asked:
            return found
        request = b"".join(n.encode("utf-8", "surrogateescape") + b"\n" for n in asked)
        try:
            self.process.stdin.write(request)
            self.process.stdin.flush()
        except OSError:
            self.process.check_stopped()
            raise GitError("git cat-file stopped answering") from None
        for name in asked:
            found[name] = self._answer()
        return found

    def _answer(self) -> bytes | None:
        """The next answer: an object's content, or None for a missing one."""
        header = self.process.stdout.readline()
        if not header:
            self.process.check_stopped()
            raise GitError("git cat-file stopped answering")
        fields = header.split()
        if len(fields) != 3:  # "<name> missing", "<name> ambiguous"
            return None
        size = int(fields[2])
        data = self.process.stdout.read(size + 1)
        if len(data) != size + 1:
            self.process.check_stopped()
            raise GitError("git cat-file stopped answering")
        return data[:size]

    def close(self) -> None:
        try:
            self.process.stdin.close()
        except OSError:
            pass
        self.process.close()
