#!/bin/sh
# funnel-growth.sh BINDIR: does cjm-funnel's time grow linearly with the
# log? cjm-funnel (latest, one thread) and the floor (funnel_floor.c, one
# thread) on logs of 1, 10 and 30 million events (10 events a user, as
# funnel.sh's), in one hyperfine run; prints seconds per million events
# and the growth from each size to the next (linear: 10x and 3x). The
# floor shows what the machine's caches cost any hash table of users.
# SIZES= other sizes (events:users ...); RUNS= the hyperfine runs (3).
# The default sizes write logs of 38, 390 and 1,190 MB in bench/data.
set -e
die() { echo "funnel-growth.sh: $*" >&2; exit 2; }
[ $# = 1 ] || die "usage: sh bench/funnel-growth.sh BINDIR (e.g. build/bin)"
[ -x "$1/cjm-funnel" ] || die "$1/cjm-funnel is missing: run make first"
bin=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
data="$here/data"
map="$here/funnel-map.yaml"
sizes=${SIZES-"1000000:100000 10000000:1000000 30000000:3000000"}
[ -n "$(echo $sizes)" ] || die "SIZES is empty: give EVENTS:USERS pairs"
for s in $sizes; do
	e=${s%%:*} u=${s#*:}
	case $s in *:*) ;; *) e= ;; esac
	for n in "$e" "$u"; do
		case $n in
		'' | *[!0-9]* | 0*) die "SIZES: '$s' is not EVENTS:USERS (whole numbers over 0, no leading zero)" ;;
		???????????*) die "SIZES: '$s' is too large (under 10^10 events)" ;;
		esac
	done
	[ "$u" -le "$e" ] || die "SIZES: '$s' has more users than events"
done
mkdir -p "$data"
command -v hyperfine >/dev/null || die "hyperfine is missing (make bench installs it)"
${CC:-cc} -O2 -o "$data/funnel_gen" "$here/funnel_gen.c"
${CC:-cc} -std=c11 -O2 -Wall -Wextra -pthread -o "$data/funnel_floor" "$here/funnel_floor.c"
stevents=$(sed -n 's/.*events: \[\([a-z_]*\)\].*/\1/p' "$map")

set --
for s in $sizes; do
	e=${s%%:*} u=${s#*:}
	log="$data/funnel-events-v2-$e-$u.csv"
	if [ ! -s "$log" ]; then
		echo "== generating $log"
		"$data/funnel_gen" "$u" "$e" 1 >"$log.tmp" ||
			{ rm -f "$log.tmp"; die "funnel_gen failed on $s"; }
		mv "$log.tmp" "$log"
	fi
	set -- "$@" -n "cjm-funnel $e" "$bin/cjm-funnel --threads 1 --window 14d --to csv -e $log $map" \
	    -n "floor $e" "$data/funnel_floor -t 1 1209600 $log $stevents"
done
echo "== time (load average $(cut -d' ' -f1-3 /proc/loadavg))"
hyperfine -N --warmup 1 --runs "${RUNS:-3}" --export-json "$data/funnel-growth.json" "$@"
node -e '
const r = require(process.argv[1]).results, sizes = process.argv[2].split(" ").map(s => +s.split(":")[0]);
for (const who of ["cjm-funnel", "floor"]) {
	const t = sizes.map(e => r.find(x => x.command === `${who} ${e}`).mean);
	console.log(`${who}: ` + sizes.map((e, i) => `${(t[i] / e * 1e6).toFixed(3)} s a million events at ${e / 1e6}M`).join(", ") +
	    (sizes.length < 2 ? "" : "; growth " + sizes.slice(1).map((e, i) => `${sizes[i] / 1e6}M to ${e / 1e6}M ${(t[i + 1] / t[i]).toFixed(2)}x (linear ${(e / sizes[i]).toFixed(1)}x)`).join(", ")));
}
' "$data/funnel-growth.json" "$sizes"
