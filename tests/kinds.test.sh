#!/bin/sh
# kinds.test.sh: the seed's other map kinds drawn: every decision, answer,
# owner and persona name of the examples is in their PDF; slide pages, no
# overflow; --lang picks the checklist's question texts. Needs pdftotext,
# pdfinfo, jq.
BIN=${BIN:?set BIN to the directory of the built tools}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C.UTF-8
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { # check NAME COMMAND...
	name=$1
	shift
	if "$@"; then ok; else bad "$name"; fi
}
render() { "$BIN/cjm-render" --font "DejaVu Sans" "$@" 2>>"$tmp/log"; }

# Every text the jq filter $1 picks from canonical map $2 is in PDF $3
# (whitespace left out: text wraps anywhere).
has() {
	pdftotext -raw "$3" - | tr -d ' \t\r\n\f' >"$tmp/pdf.txt"
	jq -r "$1 | gsub(\"\\\\s+\"; \"\")" "$2" >"$tmp/want.txt"
	[ -s "$tmp/want.txt" ] || { echo "    nothing picked"; return 1; }
	miss=0
	while IFS= read -r t; do
		grep -qF -- "$t" "$tmp/pdf.txt" || { echo "    missing: $t"; miss=1; }
	done <"$tmp/want.txt"
	[ $miss = 0 ]
}

decisions='.decisions[] | .title, (.owner // empty),
    (.stages[] | (.conflicts // [])[], (.strengthen // [])[])'
owners='.stages[] | .owner // empty'
personas='.personas[] | .name, (.segment // empty)'

for n in home-goods-checklist-ru insurance-claim-management editor-personas
do
	f="$top/examples/$n.yaml"
	"$BIN/cjm-validate" -q -p "$f" >"$tmp/$n.json" || bad "$n: valid"
	: >"$tmp/log"
	check "$n: renders" render -o "$tmp/$n.pdf" "$f"
	check "$n: no warning" test ! -s "$tmp/log"
	check "$n: slide pages" test "$(pdfinfo -f 1 -l 99 "$tmp/$n.pdf" |
	    sed -n 's/^Page *[0-9]* size: *\([0-9.]* x [0-9.]*\).*/\1/p' |
	    sort -u)" = "960 x 540"
done
c=home-goods-checklist-ru m=insurance-claim-management p=editor-personas
check "checklist: every decision, owner, answer" has "$decisions" \
    "$tmp/$c.json" "$tmp/$c.pdf"
check "checklist: the seed's questions in Russian" sh -c "pdftotext \
    '$tmp/$c.pdf' - | tr -d '\n' | grep -q 'Нет ли противоречий'"
check "checklist: a map map page and two checklist pages" test \
    "$(pdfinfo "$tmp/$c.pdf" | sed -n 's/^Pages: *//p')" = 3
render --lang en -o "$tmp/en.pdf" "$top/examples/$c.yaml"
check "checklist: --lang en asks in English" sh -c "pdftotext \
    '$tmp/en.pdf' - | tr -d '\n' | grep -q 'contradict the customer'"
check "management: every owner on the map and funnel pages" has "$owners" \
    "$tmp/$m.json" "$tmp/$m.pdf"
pdftotext -f 2 -l 2 "$tmp/$m.pdf" "$tmp/funnel.txt"
check "management: owner beside the biggest loss" grep -q \
    "Owner: Claims handling" "$tmp/funnel.txt"
check "personas: every name and segment" has "$personas" "$tmp/$p.json" \
    "$tmp/$p.pdf"
check "personas: one page" test \
    "$(pdfinfo "$tmp/$p.pdf" | sed -n 's/^Pages: *//p')" = 1

# The open questions of a checklist, listed by a script.
"$BIN/cjm-validate" -n --format json "$top/examples/$c.yaml" 2>&1 |
    jq -r 'select(.code == "open-question")' >"$tmp/open"
check "checklist example: no open question" test ! -s "$tmp/open"

echo "kinds: $pass passed, $fail failed"
[ $fail = 0 ]
