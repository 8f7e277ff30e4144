#!/bin/sh
# convert.sh: times cjm-convert on a 500-stage grid (CSV and XLSX in; CSV,
# XLSX, Markdown, Mermaid and dot out). Usage: sh bench/convert.sh BINDIR.
# STAGES=N changes the size. A benchmark, not a test: it fails only when
# a tool errors or the grid does not come back with every stage.
set -eu
BENCH=$(cd "$(dirname "$0")" && pwd)
DATA=$BENCH/data
. "$BENCH/lib.subr"
BIN=$(bench_bindir "${1:-}" cjm-convert)
STAGES=${STAGES:-500}
bench_debs hyperfine jq
mkdir -p "$DATA"
bench_cc genmap
C=$BIN/cjm-convert
M=$DATA/grid-$STAGES.json
"$DATA/genmap" -j "$STAGES" > "$M"
"$C" -q -t csv -o "$DATA/grid-$STAGES.csv" "$M" ||
	die "cjm-convert -t csv failed (exit $?)"
"$C" -q -t xlsx -o "$DATA/grid-$STAGES.xlsx" "$M" ||
	die "cjm-convert -t xlsx failed (exit $?)"
for g in csv xlsx; do
	n=$("$C" -q -f grid "$DATA/grid-$STAGES.$g" | jq '.stages | length') ||
		die "cjm-convert -f grid $g failed"
	[ "$n" = "$STAGES" ] || die "$g: $n stages came back, not $STAGES"
done
echo "grid-$STAGES.csv: $(wc -c < "$DATA/grid-$STAGES.csv") bytes," \
    "grid-$STAGES.xlsx: $(wc -c < "$DATA/grid-$STAGES.xlsx") bytes;" \
    "$STAGES stages back from both; load: $(uptime | sed 's/.*load/load/')"
hyperfine -N --warmup 1 --export-json "$DATA/convert-times.json" \
    -n "csv in" "$C -q -f grid $DATA/grid-$STAGES.csv" \
    -n "xlsx in" "$C -q -f grid $DATA/grid-$STAGES.xlsx" \
    -n "csv out" "$C -q -t csv $M" \
    -n "xlsx out" "$C -q -t xlsx -o $DATA/out.xlsx $M" \
    -n "markdown out" "$C -q -t markdown $M" \
    -n "mermaid out" "$C -q -t mermaid $M" \
    -n "dot out" "$C -q -t dot $M"
