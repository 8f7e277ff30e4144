#!/bin/sh
# diff.sh: times cjm-diff on two 5000-stage maps against loading them.
# Usage: sh bench/diff.sh BINDIR. STAGES=N changes the maps' size,
# RUNS=N hyperfine runs (default 5); INSTR=0 skips the instruction counts
# (valgrind, on a 1000-stage pair).
# The goal (issue 12): the diff takes about as long as loading the two
# maps, here "cjm-validate -n OLD NEW", which loads and checks both, as
# cjm-diff must too. A benchmark, not a test: it fails only when a tool
# errors or the diff does not find the changes made.
set -eu
BENCH=$(cd "$(dirname "$0")" && pwd)
DATA=$BENCH/data
. "$BENCH/lib.subr"
BIN=$(bench_bindir "${1:-}" cjm-validate cjm-diff)
STAGES=${STAGES:-5000}
INSTR=${INSTR:-1}
bench_debs hyperfine time jq valgrind
mkdir -p "$DATA"
bench_cc genmap

# The new version: the id of every 500th stage changed, where genmap did
# not quote it (a rename the diff must find by name and content); every
# 50th stage's emotion at 1; severity high to low in every 70th.
edit() {
	awk '
	/^  - id: s[0-9]+$/ { n = substr($3, 2) + 0
		if (n % 500 == 250) sub(/s[0-9]+$/, "&-renamed") }
	/^    emotion: / && n % 50 == 7 { $0 = "    emotion: 1" }
	/^        severity: high/ && n % 70 == 3 { $0 = "        severity: low" }
	{ print }' "$1"
}
pair() {
	"$DATA/genmap" "$1" > "$DATA/diff-old-$1.yaml"
	edit "$DATA/diff-old-$1.yaml" > "$DATA/diff-new-$1.yaml"
}
[ -s "$DATA/diff-new-$STAGES.yaml" ] && [ "$DATA/diff-old-$STAGES.yaml" -nt "$DATA/genmap" ] ||
	pair "$STAGES"
O=$DATA/diff-old-$STAGES.yaml
N=$DATA/diff-new-$STAGES.yaml
V=$BIN/cjm-validate
D=$BIN/cjm-diff
echo "two maps of $STAGES stages, $(wc -c < "$O") and $(wc -c < "$N") bytes"

# The changes made must be found: every rename, and exit 1.
set +e
"$D" -t json "$O" "$N" > "$DATA/diff.json"
st=$?
set -e
[ $st = 1 ] || die "cjm-diff exit $st, want 1"
want=$(grep -c -- '-renamed$' "$N")
got=$(jq '[.changes[] | select(.kind == "stage-renamed")] | length' "$DATA/diff.json")
[ "$got" = "$want" ] || die "cjm-diff found $got renames, want $want"
echo "cjm-diff: $(jq '.summary.changes' "$DATA/diff.json") changes," \
    "$got renames found by name and content"

echo "load: $(uptime | sed 's/.*load average: //')"
hyperfine -N -i --warmup 1 --runs "${RUNS:-5}" --export-json "$DATA/diff-times.json" \
    -n "cjm-validate -n old new" "$V -n $O $N" \
    -n "cjm-diff -q old new" "$D -q $O $N" \
    -n "cjm-diff -q old old" "$D -q $O $O" \
    -n "cjm-diff -t json old new" "$D -t json -o /dev/null $O $N"
echo
echo "Mean times, and the ratio to loading and checking both maps (goal:"
echo "about 1x):"
bench_ratios "$DATA/diff-times.json" "cjm-validate -n old new"
echo "peak memory: cjm-validate $(bench_peak "$V" -n "$O" "$N") MiB," \
    "cjm-diff $(sh -c "$D -q $O $N; exit 0" >/dev/null 2>&1; bench_peak sh -c "$D -q $O $N; exit 0") MiB"

if [ "$INSTR" = 1 ]; then
	[ -s "$DATA/diff-new-1000.yaml" ] && [ "$DATA/diff-old-1000.yaml" -nt "$DATA/genmap" ] ||
		pair 1000
	o=$DATA/diff-old-1000.yaml
	n=$DATA/diff-new-1000.yaml
	iv=$(bench_instr "$V" -n "$o" "$n")
	id=$(bench_instr "$D" -q "$o" "$n")
	echo "instructions, 1000-stage pair: cjm-validate -n $iv," \
	    "cjm-diff -q $id ($(echo "$id $iv" | awk '{ printf "%.2fx", $1 / $2 }'))"
fi
