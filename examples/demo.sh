#!/bin/sh
# demo.sh: what `make demo` runs: every cjm tool on the bundled examples.
# Usage: sh examples/demo.sh BINDIR
# Validates every example map, runs the funnel on the conversion map (and on
# an event log when one is bundled), scores the maturity survey, and renders
# every map to BINDIR/../demo/. A tool that is not built yet is skipped with
# a note; any step that fails makes the exit status 1.

usage() {
	echo "usage: sh examples/demo.sh BINDIR" >&2
	exit 2
}

[ $# -eq 1 ] || usage
[ -d "$1" ] || { echo "demo: $1: no such directory (run make first)" >&2; exit 2; }
BIN=$(cd "$1" && pwd)
OUT=$(cd "$1/.." && pwd)/demo
# Run from the top of the tree so that messages name examples/FILE.
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
EX=examples
mkdir -p "$OUT" || exit 2
SHOW=${OUT#"$ROOT"/}
failed=0

# have TOOL: true when BIN/TOOL is built; says so when it is not.
have() {
	[ -x "$BIN/$1" ] && return 0
	echo "-- $1: not built yet, skipped"
	return 1
}

# step DESCRIPTION COMMAND...: runs the command, counts a failure.
step() {
	desc=$1
	shift
	if "$@"; then
		return 0
	fi
	echo "FAIL: $desc" >&2
	failed=$((failed + 1))
	return 1
}

# to FILE COMMAND...: runs the command with its output in FILE; no FILE
# is left behind when it fails.
to() {
	file=$1
	shift
	"$@" > "$file" && return 0
	rm -f "$file"
	return 1
}

# is_map FILE: an example map (not the maturity survey or an event log).
is_map() {
	[ -e "$1" ] || return 1
	case ${1##*/} in
	survey*|events*) return 1 ;;
	esac
	return 0
}

echo "== cjm-validate: every example map"
if have cjm-validate; then
	for f in "$EX"/*.yaml "$EX"/*.json; do
		is_map "$f" || continue
		if "$BIN/cjm-validate" -q "$f"; then
			echo "valid    examples/${f##*/}"
		else
			echo "INVALID  examples/${f##*/}"
			failed=$((failed + 1))
		fi
	done
	# The bank map's graph has a dead end on purpose: the finding the map
	# was made for. Show it as a reviewer would see it.
	echo "== cjm-validate: the warning in examples/bank-app.yaml"
	"$BIN/cjm-validate" "$EX/bank-app.yaml" 2>&1 | grep 'warning:'
fi

echo "== cjm-funnel: stage counts of the conversion map"
if have cjm-funnel; then
	step "cjm-funnel clothing-store.yaml" \
	    "$BIN/cjm-funnel" --to table "$EX/clothing-store.yaml"
	if [ -e "$EX/events.csv" ]; then
		echo "== cjm-funnel: the same map from an event log, examples/events.csv"
		step "cjm-funnel --events events.csv" "$BIN/cjm-funnel" \
		    --events "$EX/events.csv" --to table "$EX/clothing-store.yaml"
		# The annotated map, for cjm-render's funnel page below.
		step "cjm-funnel --events events.csv > map" to \
		    "$OUT/clothing-store-funnel.json" "$BIN/cjm-funnel" \
		    --events "$EX/events.csv" "$EX/clothing-store.yaml"
	fi
	if [ -e "$EX/events-shop.jsonl" ] && [ -e "$EX/funnel-shop.yaml" ]; then
		echo "== cjm-funnel: a PostHog-style JSON Lines export, examples/events-shop.jsonl"
		step "cjm-funnel --events events-shop.jsonl" "$BIN/cjm-funnel" \
		    --events "$EX/events-shop.jsonl" --user distinct_id \
		    --to table "$EX/funnel-shop.yaml"
	fi
fi

echo "== cjm-maturity: the example survey"
if have cjm-maturity; then
	if [ -e "$EX/maturity/survey.csv" ]; then
		step "cjm-maturity survey.csv" "$BIN/cjm-maturity" --to table \
		    "$EX/maturity/survey.csv"
		# The result in the retailer's map, for cjm-render's maturity page.
		step "cjm-maturity -m retailer-ru.yaml" "$BIN/cjm-maturity" \
		    -m "$EX/retailer-ru.yaml" -o "$OUT/retailer-ru-maturity.json" \
		    "$EX/maturity/survey.csv"
	else
		echo "-- examples/maturity/survey.csv: not there yet, skipped"
	fi
fi

echo "== cjm-render: every map to $SHOW/"
if have cjm-render; then
	for f in "$EX"/*.yaml "$EX"/*.json; do
		is_map "$f" || continue
		name=${f##*/}
		name=${name%.*}
		if step "cjm-render $name" "$BIN/cjm-render" -o "$OUT/$name.pdf" "$f"
		then
			echo "rendered $SHOW/$name.pdf"
		fi
	done
	step "cjm-render retailer-ru.png" "$BIN/cjm-render" \
	    -o "$OUT/retailer-ru.png" "$EX/retailer-ru.yaml" &&
	    echo "rendered $SHOW/retailer-ru.png"
	# The maps the other tools annotated: funnel and maturity pages.
	for name in clothing-store-funnel retailer-ru-maturity; do
		[ -e "$OUT/$name.json" ] || continue
		step "cjm-render $name" "$BIN/cjm-render" -o "$OUT/$name.pdf" \
		    "$OUT/$name.json" && echo "rendered $SHOW/$name.pdf"
	done
fi

if [ "$failed" -ne 0 ]; then
	echo "demo: $failed step(s) failed" >&2
	exit 1
fi
echo "demo: all steps passed"
# The next step is the reader's: the tools by name, from any folder.
echo "demo: the tools are in $BIN; to call them by name:"
echo "  export PATH=\"$BIN:\$PATH\""
