#!/bin/sh
# funnel-pairs.sh BINDIR: cjm-funnel against the floor (funnel_floor.c,
# latest mode, ClickHouse's algorithm in plain C) in rounds, one command
# after the other within each round, on one and on two threads; prints
# each command's median, least and most wall time and the median ratios.
# Why rounds: this virtual machine's speed drifts by 20 % over minutes,
# and hyperfine times all runs of one command before the next, so a
# drift between them reads as a difference; within a round all four see
# the same machine. Not a test: nothing here fails on a figure.
# EVENTS=, USERS= the log (funnel.sh's: 10 million, 1 million); ROUNDS=
# the rounds (8).
set -e
BENCH=$(cd "$(dirname "$0")" && pwd)
DATA=$BENCH/data
. "$BENCH/lib.subr"
bin=$(bench_bindir "${1:-}" cjm-funnel)
here=$BENCH
data=$DATA
map="$here/funnel-map.yaml"
log="$data/funnel-events-v2-${EVENTS:-10000000}-${USERS:-1000000}.csv"
rounds=${ROUNDS:-8}
case $rounds in '' | *[!0-9]* | 0*) die "ROUNDS: '$rounds' is not a whole number over 0" ;; esac
[ -s "$log" ] || die "$log is missing: sh bench/funnel.sh makes it"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (make bench installs it)"
mkdir -p "$data"
${CC:-cc} -std=c11 -O2 -Wall -Wextra -pthread -o "$data/funnel_floor" "$here/funnel_floor.c"
stevents=$(sed -n 's/.*events: \[\([a-z_]*\)\].*/\1/p' "$map")
times="$data/funnel-pairs.txt"
: >"$times"
echo "log: $log, $rounds rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
while [ "$i" -lt "$rounds" ]; do
	for t in 2 1; do
		/usr/bin/time -f "cjm$t %e" "$bin/cjm-funnel" --threads "$t" \
		    --window 14d -e "$log" "$map" 2>>"$times" >/dev/null ||
			die "cjm-funnel failed (see $times)"
		/usr/bin/time -f "floor$t %e" "$data/funnel_floor" -t "$t" \
		    1209600 "$log" $stevents 2>>"$times" >/dev/null ||
			die "funnel_floor failed (see $times)"
	done
	i=$((i + 1))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for k in cjm2 floor2 cjm1 floor1; do
	awk -v k="$k" '$1 == k { print $2 }' "$times" | sort -n | awk -v k="$k" '
	{ a[NR] = $1 }
	END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
	      printf "%s %.3f %.3f %.3f\n", k, m, a[1], a[NR] }'
done | awk '
{ m[$1] = $2; printf "%-7s median %.3f s (%.3f to %.3f)\n", $1, $2, $3, $4 }
END { printf "cjm-funnel / floor, medians: %.2fx on two threads (goal 1.35x), %.2fx on one\n",
      m["cjm2"] / m["floor2"], m["cjm1"] / m["floor1"] }'
