"""`parley log ID` on a repository of 10,000 commits, against its floor (not a test).

    python benchmarks/bench_log.py [--commits 10000] [--every 2] [--repeat 3]

Builds a dossier repository with ``git fast-import`` in a temporary folder: every
commit touches the dossier folder; one statement changes in one commit of ``--every``
(its wording, a report added, a reformat) and is renamed half way, the others edit
the rest of the folder. Then, in the same run:

- floor: ``git log --follow --format=%H -- FILE`` plus one parse per version of the
  file (the versions read beforehand, only the parsing timed);
- parley: ``parley log ID DIR``, in this process, its output thrown away.

Target: parley at most 1.5 times the floor.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from parley.cli import main as parley
from parley.dossier.changes import parse_version

ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}
OTHERS = 200  # the other statements the commits edit

CLAIM = """type = "quote"
speaker = "vladimir-medinsky"
text = "Statement {n}: there will be no truce before the next round{tail}"
topics = ["talks", "truce"]
{reports}"""
REPORT = '\n[[reported_by]]\narticle = "article-{n}"\nexcerpt = "Excerpt {n} of the article."\n'
PERSON = 'name = "Vladimir Medinsky"\nside = "russia"\n'


def claim(n: int, version: int) -> bytes:
    """A statement's text at ``version``: its wording, its reports and its layout vary."""
    reports = "".join(REPORT.format(n=k) for k in range(1 + version % 4))
    text = CLAIM.format(n=n, tail="." if version % 3 else f", version {version}.", reports=reports)
    if version % 5 == 0:
        text = text.replace(" = ", "=")  # a reformat
    return text.encode()


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def build(root: Path, commits: int, every: int) -> tuple[str, Path]:
    """The repository, and the statement's id and file at the end."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], env=ENV, check=True, timeout=60)
    stream = io.BytesIO()
    version = 0
    target = "dossier/claims/target.toml"
    for n in range(commits):
        stream.write(b"commit refs/heads/main\n")
        when = 1_700_000_000 + n * 60
        stream.write(b"author Bench <bench@example.org> %d +0000\n" % when)
        stream.write(b"committer Bench <bench@example.org> %d +0000\n" % when)
        stream.write(_data(b"Commit %d" % n))
        if n == 0:
            stream.write(b"M 100644 inline dossier/people/vladimir-medinsky.toml\n")
            stream.write(_data(PERSON.encode()))
        if n == commits // 2:
            stream.write(f"R {target} dossier/claims/target-renamed.toml\n".encode())
            target = "dossier/claims/target-renamed.toml"
        elif n % every == 0:
            version += 1
            stream.write(f"M 100644 inline {target}\n".encode() + _data(claim(0, version)))
        else:
            other = n % OTHERS + 1
            path = f"dossier/claims/other-{other}.toml"
            stream.write(f"M 100644 inline {path}\n".encode() + _data(claim(other, n)))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=stream.getvalue(),
                   env=ENV, check=True, timeout=600)  # fmt: skip
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, env=ENV, check=True, timeout=120)
    return "target-renamed", root / target


def floor(root: Path, path: Path) -> tuple[float, int]:
    """git log --follow plus one parse per version; the number of versions."""
    name = path.relative_to(root).as_posix()
    start = time.perf_counter()
    out = subprocess.run(["git", "log", "--follow", "--format=%H", "--", name], cwd=root,
                         env=ENV, capture_output=True, check=True, timeout=600).stdout  # fmt: skip
    log_time = time.perf_counter() - start
    # The versions, read untimed: the floor counts only git's walk and the parsing.
    commits = out.decode().split()
    blobs = _versions(root, commits, name)
    start = time.perf_counter()
    for blob in blobs:
        parse_version(blob)
    return log_time + time.perf_counter() - start, len(commits)


def _versions(root: Path, commits: list[str], name: str) -> list[bytes]:
    paths = subprocess.run(
        ["git", "log", "--follow", "--format=", "--name-only", "--", name],
        cwd=root, env=ENV, capture_output=True, check=True, timeout=600,
    ).stdout.decode().split()  # fmt: skip
    request = "".join(f"{c}:{p}\n" for c, p in zip(commits, paths, strict=False)).encode()
    out = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input=request, env=ENV,
                         capture_output=True, check=True, timeout=600).stdout  # fmt: skip
    versions, at = [], 0
    while at < len(out):
        end = out.index(b"\n", at)
        fields = out[at:end].split()
        size = int(fields[2]) if len(fields) == 3 else 0
        versions.append(out[end + 1 : end + 1 + size])
        at = end + 1 + size + (1 if len(fields) == 3 else 0)
    return versions


def parley_log(record_id: str, folder: Path) -> float:
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = parley(["log", record_id, str(folder)])
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"parley log failed with {code}")
    return elapsed


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=2, help="the statement changes 1 in N")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["PARLEY_CACHE"] = "off"
    with tempfile.TemporaryDirectory(prefix="parley-bench-log-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        record_id, path = build(root, args.commits, args.every)
        print(f"built {args.commits:,} commits in {time.perf_counter() - start:.1f} s")
        floors, ours = [], []
        for _ in range(args.repeat):
            elapsed, versions = floor(root, path)
            floors.append(elapsed)
            ours.append(parley_log(record_id, root / "dossier"))
        best_floor, best = min(floors), min(ours)
        print(f"versions of the statement: {versions:,}")
        print(f"floor (git log --follow + one parse per version): {best_floor * 1000:.0f} ms")
        print(f"parley log:                                       {best * 1000:.0f} ms")
        ratio = best / best_floor
        print(f"ratio: {ratio:.2f}x (target <= 1.5x): {'ok' if ratio <= 1.5 else 'OVER'}")


if __name__ == "__main__":
    sys.exit(run())
