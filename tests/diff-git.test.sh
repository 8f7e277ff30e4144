#!/bin/sh
# diff-git.test.sh: cjm-diff in git, as man cjm-diff(1) GIT says: the
# external diff driver for *.cjm.yaml, the textconv on canonical forms,
# a difftool; in a repository made for the test.
bin=${BIN:?set BIN to the folder of the tools}
top=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$bin:$PATH" LC_ALL=C.UTF-8 GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
has() { grep -qF -- "$2" "$1" && ok || { bad "$3: no '$2' in:"; sed 's/^/    /' "$1"; }; }

cd "$tmp" || exit 2
git init -q repo && cd repo || exit 2
# Every git command below must work on this repository, never another.
[ "$(git rev-parse --show-toplevel)" = "$(pwd -P)" ] || exit 2
git config user.email t@example.invalid
git config user.name test
echo '*.cjm.yaml diff=cjm' > .gitattributes
git config diff.cjm.command 'cjm-diff --git'
cp "$top/tests/golden/diff/maps/base.yaml" shop.cjm.yaml
git add . && git commit -qm base || exit 2

# The external driver: the journey, not the lines; a difference is exit 0.
sed 's/emotion: 3.5/emotion: 2/' "$top/tests/golden/diff/maps/base.yaml" >shop.cjm.yaml
git diff >out 2>err; st=$?
[ $st = 0 ] && ok || bad "git diff with the driver: exit $st: $(cat err)"
has out "--- a/shop.cjm.yaml" "driver labels"
has out "emotion fell from 3.5 to 2" "driver report"

# A file reformatted only (canonical YAML, keys in another order): no
# change at all.
cjm-validate -q -p --yaml "$top/tests/golden/diff/maps/base.yaml" >shop.cjm.yaml
git diff >out 2>err
[ ! -s out ] && ok || { bad "reformatted file reported:"; cat out; }
# ... while git's own line diff sees a wall of changes.
git diff --no-ext-diff --numstat >out
[ "$(cut -f1 out)" -gt 10 ] && ok || bad "line diff of the reformatted file: $(cat out)"

# textconv: line diff of canonical forms; reformatting vanishes.
git config --unset diff.cjm.command
git config diff.cjm.textconv 'cjm-validate -q -p --yaml'
git diff >out
[ ! -s out ] && ok || { bad "textconv: reformatted file differs:"; cat out; }
sed 's/emotion: 3.5/emotion: 2/' "$top/tests/golden/diff/maps/base.yaml" >shop.cjm.yaml
git diff >out
has out "+  emotion: 2" "textconv line diff"
git config --unset diff.cjm.textconv

# A difftool between two revisions.
git commit -qam lower
git config difftool.cjm.cmd 'cjm-diff -L "a/$MERGED" -L "b/$MERGED" "$LOCAL" "$REMOTE"'
git difftool -y -t cjm HEAD~1 HEAD -- shop.cjm.yaml >out 2>err
has out "+++ b/shop.cjm.yaml" "difftool labels"
has out "emotion fell from 3.5 to 2" "difftool report"

# A new map and a deleted one, through the driver.
git config diff.cjm.command 'cjm-diff --git'
cp shop.cjm.yaml second.cjm.yaml
git add second.cjm.yaml
git diff --cached >out 2>err; st=$?
[ $st = 0 ] && ok || bad "added map: exit $st: $(cat err)"
has out "+++ b/second.cjm.yaml: new map" "added map"
git commit -qm second && git rm -q second.cjm.yaml
git diff --cached >out
has out "--- a/second.cjm.yaml: map removed" "deleted map"

# A broken map in the work tree: git reports the driver's failure.
printf 'cjm: 1\ntitle: [\n' >shop.cjm.yaml
git diff >out 2>err; st=$?
[ $st != 0 ] && ok || bad "broken map: git diff exit 0"
has err "shop.cjm.yaml" "broken map named"

echo "diff-git: $pass passed, $fail failed"
[ $fail = 0 ]
