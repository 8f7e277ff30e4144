#!/bin/sh
# cli.test.sh: what every cjm tool promises alike (help, version, exits,
# unreadable input, write errors, broken pipes), checked for each tool.
bin=${BIN:?set BIN to the tools folder}
top=$(cd "$(dirname "$0")/.." && pwd)
map="$top/examples/clothing-store.yaml"
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
# expect NAME STATUS CMD...: run CMD, compare its exit status.
expect() {
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	if [ "$got" = "$want" ]; then ok; else bad "$name: exit $got, want $want"; fi
}

for t in "$bin"/cjm-*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	expect "$n --help" 0 "$t" --help
	[ -s "$tmp/out" ] && [ ! -s "$tmp/err" ] && ok || bad "$n --help: usage not on stdout alone"
	grep -q "$n" "$tmp/out" && ok || bad "$n --help: does not name the tool"
	expect "$n -h" 0 "$t" -h
	expect "$n --version" 0 "$t" --version
	grep -qx "$n [0-9][0-9.]*" "$tmp/out" && ok || bad "$n --version: '$(cat "$tmp/out")'"
	expect "$n --no-such-option" 2 "$t" --no-such-option
	[ -s "$tmp/err" ] && [ ! -s "$tmp/out" ] && ok || bad "$n: bad option not reported on stderr"
	expect "$n missing file" 2 "$t" "$tmp/does-not-exist.yaml"
	grep -q "does-not-exist" "$tmp/err" && ok || bad "$n: missing file not named"
	[ -s "$tmp/err" ] && [ "$(wc -l <"$tmp/err")" -le 3 ] && ok || bad "$n: missing file message"
done

# The filters write data: a full disk is a system error (2) with a message,
# and a reader that goes away ends them quietly.
if [ -x "$bin/cjm-validate" ] && [ -f "$map" ]; then
	if [ -w /dev/full ]; then
		"$bin/cjm-validate" <"$map" >/dev/full 2>"$tmp/err"
		st=$?
		[ $st = 2 ] && grep -qi 'write' "$tmp/err" && ok || bad "cjm-validate >/dev/full: exit $st"
	fi
	i=0
	while [ $i -lt 200 ]; do cat "$map"; echo '---'; i=$((i + 1)); done >"$tmp/many.yaml"
	sed -i '$d' "$tmp/many.yaml"
	( "$bin/cjm-validate" -q <"$tmp/many.yaml" 2>"$tmp/err"; echo $? >"$tmp/st" ) | head -c 10 >/dev/null
	[ ! -s "$tmp/err" ] && ok || bad "cjm-validate | head: said '$(head -1 "$tmp/err")'"
fi

echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
