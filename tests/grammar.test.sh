#!/bin/sh
# grammar.test.sh: every tool speaks the one grammar of cjm(7): the shared
# options in its --help, one wording of a bad value naming the valid ones,
# values in any case, --format sarif as one SARIF 2.1.0 log, the
# completion table, and no picture written to a terminal.
bin=${BIN:?set BIN to the tools folder}
top=$(cd "$(dirname "$0")/.." && pwd)
map="$top/examples/restaurant.yaml"
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

for t in "$bin"/cjm-*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	"$t" --help >"$tmp/help" 2>&1
	grep -q "Common options (cjm(7)):" "$tmp/help" && ok || bad "$n --help: no common options"
	for o in --format --quiet --strict --help --version; do
		grep -q -- "$o" "$tmp/help" && ok || bad "$n --help: no $o"
	done
	w=$(LC_ALL=C.UTF-8 wc -L <"$tmp/help")
	[ "$w" -le 80 ] && ok || bad "$n --help: a line of $w columns"
	"$t" --format XML </dev/null >"$tmp/out" 2>"$tmp/err"
	[ $? = 2 ] && grep -q "^$n: --format: 'XML' is not one of text, json, github, sarif$" "$tmp/err" &&
	    grep -q "^Try '$n --help'.$" "$tmp/err" && ok || bad "$n --format XML: $(head -1 "$tmp/err")"
	"$t" --no-such-option </dev/null >"$tmp/out" 2>"$tmp/err"
	grep -q "^$n: unknown option '--no-such-option'$" "$tmp/err" && ok || bad "$n: unknown option: $(head -1 "$tmp/err")"
	"$t" --list-options >"$tmp/list" && grep -q "	OPERAND	" "$tmp/list" && ok || bad "$n --list-options"
	# Every option of the table is one the tool takes.
	cut -f2 "$tmp/list" | grep -e '^--' | while read -r o; do
		grep -q -- "$o" "$tmp/help" || echo "$o"
	done >"$tmp/missing"
	[ ! -s "$tmp/missing" ] && ok || bad "$n: listed, not in --help: $(tr '\n' ' ' <"$tmp/missing")"
	# SARIF: one log on stderr, whatever the diagnostics.
	"$t" --format SARIF "$top/examples/broken/checkout.cjm.yaml" </dev/null >/dev/null 2>"$tmp/err"
	if grep -q '"version": "2.1.0"' "$tmp/err" && jq -e '.runs[0].tool.driver.name' "$tmp/err" >/dev/null 2>&1; then ok; else bad "$n --format sarif: not one SARIF log"; fi
done

# Values in any case; the usage error names the valid ones.
"$bin/cjm-render" --page A4 --theme GREY -t SVG -o "$tmp/a.svg" "$map" 2>"$tmp/err" && ok || bad "cjm-render --page A4: $(head -1 "$tmp/err")"
"$bin/cjm-render" --page A5 "$map" >/dev/null 2>"$tmp/err"
grep -qx "cjm-render: --page: 'A5' is not one of slide, a4, a3, letter, auto" "$tmp/err" && ok || bad "cjm-render --page A5: $(head -1 "$tmp/err")"

# No picture on a terminal (script(1) gives it one); -o or a pipe is fine.
if command -v script >/dev/null 2>&1; then
	script -qec "$bin/cjm-render $map" /dev/null >"$tmp/tty" 2>&1
	grep -q "will not write pdf to a terminal" "$tmp/tty" && ok || bad "cjm-render to a terminal: $(head -c 80 "$tmp/tty")"
	grep -q "%PDF" "$tmp/tty" && bad "cjm-render wrote PDF to a terminal" || ok
	script -qec "$bin/cjm-render -o $tmp/t.pdf $map" /dev/null >"$tmp/tty" 2>&1
	[ -s "$tmp/t.pdf" ] && ok || bad "cjm-render -o on a terminal"
fi
"$bin/cjm-render" "$map" | head -c 5 | grep -q "%PDF-" && ok || bad "cjm-render | pipe"

echo "grammar: $pass passed, $fail failed"
[ $fail = 0 ]
