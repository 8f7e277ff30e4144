#!/bin/sh
# text-length.sh: cjm-render's time against the length of one word in a
# cell (issue 9: it grew with the square of it, a 100 000-character word
# took a minute). Usage: sh bench/text-length.sh BINDIR. LENGTHS lists the
# word lengths (default 12500 25000 50000 100000). A benchmark, not a
# test: it fails only when the tool errors. Time should about double as
# the length doubles.
set -eu
BENCH=$(cd "$(dirname "$0")" && pwd)
DATA=$BENCH/data
. "$BENCH/lib.subr"
BIN=$(bench_bindir "${1:-}" cjm-render)
LENGTHS=${LENGTHS:-12500 25000 50000 100000}
mkdir -p "$DATA"
echo "load: $(uptime | sed 's/.*load average: //')"
printf '%8s  %8s  %s\n' chars seconds "per 10k chars"
for n in $LENGTHS; do
	awk -v n="$n" 'BEGIN {
		printf "cjm: 1\ntitle: One long word\nstages:\n"
		printf "  - {id: s0, name: S0, actions: ["
		for (i = 0; i < n; i++) printf "x"
		printf "]}\n"
		for (k = 1; k < 5; k++)
			printf "  - {id: s%d, name: S%d, actions: [a]}\n", k, k
	}' >"$DATA/word-$n.yaml"
	t0=$(date +%s.%N)
	"$BIN/cjm-render" -o "$DATA/word-$n.pdf" "$DATA/word-$n.yaml" \
	    2>/dev/null || die "cjm-render failed on a word of $n characters"
	t1=$(date +%s.%N)
	awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN {
		printf "%8d  %8.2f  %.3f\n", n, b - a, (b - a) / n * 10000 }'
done
