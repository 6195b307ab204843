#!/bin/sh
# Does the pre-commit hook (.pre-commit-hooks.yaml) refuse a broken record and pass a clean
# one? In a new dossier repository in a temporary folder, `pre-commit try-repo` with this
# checkout runs `parley-check` on the staged files, as a commit would; then the README's
# way, a `.pre-commit-config.yaml` naming this checkout and `pre-commit install`, makes
# `git commit` refuse a broken record and take a clean one.
#
# Not a unit test: pre-commit comes from the package registry into a temporary venv, and
# pre-commit builds the hook's own environment from this checkout (about a minute). Every
# step is bounded in time. Git reads no user or system configuration (HOME-independent)
# and commits as its own identity. Run by .ci/run after `make test`.
set -eu

checkout=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/parley-try-pre-commit.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

GIT_CONFIG_GLOBAL=/dev/null
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME="parley try-repo"
GIT_AUTHOR_EMAIL="try-repo@parley.invalid"
GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME
GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
PRE_COMMIT_HOME="$work/pre-commit-home"  # its environments, made and removed here
PARLEY_CACHE="$work/parley-cache"
export GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
    GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL PRE_COMMIT_HOME PARLEY_CACHE

say() { printf 'try_pre_commit: %s\n' "$*"; }
fail() { say "FAILED: $*"; [ -f "$work/out" ] && sed 's/^/    /' "$work/out"; exit 1; }

say "installing pre-commit into a temporary venv"
timeout 120 "$python" -m venv "$work/venv" || fail "cannot make a venv with $python"
timeout 600 "$work/venv/bin/python" -m pip install -q pre-commit >"$work/out" 2>&1 \
    || fail "cannot install pre-commit"

repo="$work/team"
mkdir -p "$repo/dossiers/rounds" "$repo/dossiers/people" "$repo/dossiers/claims" \
    "$repo/dossiers/articles"
cd "$repo"
timeout 30 git init -q -b main .
printf 'name = "Anna Smith"\nside = "ukraine"\n' >dossiers/people/anna-smith.toml
timeout 30 git add -A
timeout 30 git commit -q -m "A dossier"

try_repo() {
    timeout 900 "$work/venv/bin/pre-commit" try-repo "$checkout" parley-check \
        >"$work/out" 2>&1
}

say "a broken record staged: the hook must refuse it"
printf 'text = "never closed\n' >dossiers/claims/broken.toml
timeout 30 git add dossiers/claims/broken.toml
if try_repo; then
    fail "the hook passed a broken record"
fi
grep -q '^dossiers/claims/broken.toml:1:[0-9]*: error: TOML syntax' "$work/out" \
    || fail "the hook failed without the located error"
grep '^dossiers/claims/broken.toml:' "$work/out" | sed 's/^/    /'

say "a clean record staged: the hook must pass it"
timeout 30 git rm -q --cached dossiers/claims/broken.toml
rm dossiers/claims/broken.toml
printf 'name = "Bohdan Koval"\nside = "ukraine"\n' >dossiers/people/bohdan-koval.toml
timeout 30 git add dossiers/people/bohdan-koval.toml
try_repo || fail "the hook refused a clean record"
grep -q 'parley check\.*Passed' "$work/out" || fail "the hook did not run"

say "the README's way: .pre-commit-config.yaml, pre-commit install, git commit"
rev=$(timeout 30 git -C "$checkout" rev-parse HEAD)
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: parley-check\n' \
    "$checkout" "$rev" >.pre-commit-config.yaml
timeout 30 git add .pre-commit-config.yaml
timeout 30 git commit -q -m "The clean record and the hook"
timeout 120 "$work/venv/bin/pre-commit" install >"$work/out" 2>&1 || fail "pre-commit install"
printf 'text = "never closed\n' >dossiers/claims/broken.toml
timeout 30 git add dossiers/claims/broken.toml
if timeout 900 git commit -q -m "A broken record" >"$work/out" 2>&1; then
    fail "git commit took a broken record"
fi
grep -q '^dossiers/claims/broken.toml:1:[0-9]*: error: TOML syntax' "$work/out" \
    || fail "the commit was refused without the located error"
printf 'speaker = "anna-smith"\n' >dossiers/claims/broken.toml
timeout 30 git add dossiers/claims/broken.toml
if timeout 900 git commit -q -m "Still broken" >"$work/out" 2>&1; then
    fail "git commit took a record that is not valid"
fi
printf 'name = "Olena Bondar"\nside = "ukraine"\n' >dossiers/people/olena-bondar.toml
timeout 30 git rm -q --cached dossiers/claims/broken.toml
rm dossiers/claims/broken.toml
timeout 30 git add dossiers/people/olena-bondar.toml
timeout 900 git commit -q -m "A clean record" >"$work/out" 2>&1 || fail "git commit refused a clean record"

say "passed: a broken record is refused with its located error, a clean one passes"
