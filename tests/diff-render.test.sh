#!/bin/sh
# diff-render.test.sh: the picture of a change: cjm-diff -t map's x-diff
# drawn by cjm-render (legend, marks, the old curve), and a map without
# x-diff drawn as before.
bin=${BIN:?set BIN to the folder of the tools}
top=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$bin:$PATH" LC_ALL=C.UTF-8
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
ex=$top/examples

sed -f "$ex/clothing-store-january.sed" "$ex/clothing-store.yaml" >"$tmp/jan.yaml"
cjm-diff -L October -L January -t map "$ex/clothing-store.yaml" "$tmp/jan.yaml" \
    >"$tmp/marked.json"
[ $? = 1 ] && ok || bad "cjm-diff -t map: exit not 1"
cjm-validate -q -n "$tmp/marked.json" && ok || bad "the marked map is not valid"
cjm-render -o "$tmp/marked.pdf" "$tmp/marked.json" 2>"$tmp/err" && ok ||
	bad "cjm-render of the marked map: $(cat "$tmp/err")"
pdftotext -layout "$tmp/marked.pdf" "$tmp/marked.txt"
grep -q "Was: October (dashed) → now: January; 11 changes, 3 for the worse, 8 for the better" \
    "$tmp/marked.txt" && ok || bad "no legend in the marked picture"
# What left a cell is named in the legend, with its stage.
grep -q "Removed: 'Landing page takes 6 s to load on 4G' (Discover)" \
    "$tmp/marked.txt" && ok || bad "removed pain point not named"
# The marks are drawn: the marked page is not the plain page.
cjm-render --dpi 48 -o "$tmp/plain.png" "$tmp/jan.yaml"
cjm-render --dpi 48 -o "$tmp/marked.png" "$tmp/marked.json"
cmp -s "$tmp/plain.png" "$tmp/marked.png" && bad "marks not drawn" || ok
# Without x-diff nothing changes: the plain map's text has no legend.
cjm-render -o "$tmp/plain.pdf" "$tmp/jan.yaml"
pdftotext "$tmp/plain.pdf" - | grep -q "dashed" && bad "legend without x-diff" || ok
# Russian labels, a removed stage named in the legend.
sed '/^  - id: installation/,/^  - id: ownership/{/^  - id: ownership/!d}' \
    "$ex/retailer-ru.yaml" >"$tmp/ru.yaml"
cjm-diff -L v1 -L v2 -t map "$ex/retailer-ru.yaml" "$tmp/ru.yaml" |
    cjm-render -o "$tmp/ru.pdf" 2>"$tmp/err"
pdftotext "$tmp/ru.pdf" - | tr '\n' ' ' | grep -q "Было: v1 (пунктир).*Удалены этапы:" &&
	ok || bad "Russian legend: $(pdftotext "$tmp/ru.pdf" - | grep -A2 Было)"

echo "diff-render: $pass passed, $fail failed"
[ $fail = 0 ]
