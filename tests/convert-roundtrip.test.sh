#!/bin/sh
# convert-roundtrip.test.sh: import(export(map)) gives back every example
# map's stages, phases and every lane a grid holds, through CSV, TSV,
# XLSX (and, for stage names, phases and scores, Mermaid).
BIN=${BIN:?BIN names the folder of the tools}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
# What a grid holds of a map, with line breaks inside an item as spaces
# (a cell's lines are its items).
proj='def t: gsub("\\s+"; " ") | sub("^ "; "") | sub(" $"; "");
  def items: if type == "array" then map(if type == "string" then t
    elif has("name") then (.name | t) elif has("text") then (.text | t)
    else . end) else . end;
  [.stages[] | {id, name, subtitle, phase, duration, owner,
    emotion: (if (.emotion | type) == "number" then .emotion else null end),
    goals: (.goals | items), actions: (.actions | items),
    touchpoints: (.touchpoints | items), thoughts: (.thoughts | items),
    feelings: (.feelings | items), needs: (.needs | items),
    expectations: (.expectations | items), experience: (.experience | items),
    pain_points: (.pain_points | items),
    opportunities: (.opportunities | items),
    metrics: (.metrics | if . then map({name, value, unit}) else . end),
    frontstage: (.frontstage | items), backstage: (.backstage | items),
    support: (.support | items)}]'
fail=0 n=0
for map in "$top"/examples/*.yaml "$top"/examples/*.json; do
	[ -e "$map" ] || continue
	"$BIN/cjm-validate" -q -n "$map" 2>/dev/null || continue
	"$BIN/cjm-convert" -q "$map" | jq -S "$proj" >"$tmp/want" || fail=1
	grep -q '"name"' "$tmp/want" || { echo "FAIL $map: no stages"; fail=1; }
	for to in csv tsv xlsx; do
		n=$((n + 1))
		"$BIN/cjm-convert" -q -t $to -o "$tmp/grid.$to" "$map" &&
		"$BIN/cjm-convert" -q -f grid "$tmp/grid.$to" | jq -S "$proj" \
		    >"$tmp/got" || { echo "FAIL $map $to: conversion"; fail=1;
		    continue; }
		if ! cmp -s "$tmp/want" "$tmp/got"; then
			echo "FAIL $map via $to"
			diff "$tmp/want" "$tmp/got" | head -10
			fail=1
		fi
	done
	# Mermaid holds stage names, phases and 1..5 scores.
	n=$((n + 1))
	"$BIN/cjm-convert" -q -t mermaid "$map" >"$tmp/j.mmd" &&
	"$BIN/cjm-convert" -q -f mermaid "$tmp/j.mmd" |
	    jq -c '[.stages[] | [.name, .phase]]' >"$tmp/got" &&
	"$BIN/cjm-convert" -q "$map" | jq -c '[.stages[] | [(.name |
	    gsub(":"; "\ua789") | gsub("[#;]"; ",") | gsub("\\s+"; " ")),
	    (.phase // if $p then .name else null end)]]' --argjson p "$(
	    "$BIN/cjm-convert" -q "$map" | jq '[.stages[].phase] | any')" \
	    >"$tmp/want" || { echo "FAIL $map mermaid: conversion"; fail=1; }
	if ! cmp -s "$tmp/want" "$tmp/got"; then
		echo "FAIL $map via mermaid"
		diff "$tmp/want" "$tmp/got" | head -6
		fail=1
	fi
done
# The grids and journeys of examples/convert/ make valid maps, and the
# pipeline of the README draws the shared table.
for f in "$top"/examples/convert/*; do
	n=$((n + 1))
	"$BIN/cjm-convert" -q "$f" | "$BIN/cjm-validate" -q -n ||
	    { echo "FAIL $f: not a valid map"; fail=1; }
done
n=$((n + 1))
"$BIN/cjm-convert" -f grid "$top/examples/convert/b2b-print-grid.tsv" |
    "$BIN/cjm-validate" -q | "$BIN/cjm-render" -o "$tmp/map.pdf" &&
    [ "$(head -c 4 "$tmp/map.pdf")" = "%PDF" ] ||
    { echo "FAIL the README pipeline"; fail=1; }
n=$((n + 1))
[ "$("$BIN/cjm-convert" -q -f grid "$top/examples/convert/b2b-print-grid.tsv" |
    jq -c '[(.stages | length), ([.stages[] | select(.phase == "первый контакт")] |
    length), ([.stages[] | .actions, .experience, .expectations] | flatten |
    length)]')" = "[9,3,27]" ] || { echo "FAIL the b2b table"; fail=1; }
echo "convert round trips: $n"
exit $fail
