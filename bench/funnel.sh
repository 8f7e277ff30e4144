#!/bin/sh
# funnel.sh BINDIR: cjm-funnel in every mode against DuckDB and embedded
# ClickHouse (chdb) on one generated event log (10 million events, 1
# million users, eight stages, 14-day window; comebacks after a time-out,
# duplicates and ties, so the modes count differently). For each mode it
# checks that the three agree (the peers run the query `cjm-funnel --sql`
# writes for the mode, on a view over the same CSV, so parsing is timed
# in all three), prints peak memory per customer, then times everything
# in one hyperfine run and prints the ratios, with the floor issue 16
# names (bench/funnel_floor.c: the counts alone, latest mode, by
# ClickHouse's algorithm in plain C) timed in the same run. Not a test: nothing here
# fails on a figure; it fails when counts disagree.
# EVENTS=, USERS= change the size; RUNS= the hyperfine runs (3); MODES=
# a subset of the mode names below; SQL_ONLY=1 runs only the last part
# (the query alone, after loading, as tests/engines/run.mjs times it).
set -e
bin=$(cd "${1:?usage: funnel.sh BINDIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
data="$here/data"
events=${EVENTS:-10000000}
users=${USERS:-1000000}
log="$data/funnel-events-v2-$events-$users.csv"
map="$here/funnel-map.yaml"
eng="$here/../tests/engines"
mkdir -p "$data"

for t in hyperfine node npm /usr/bin/time; do
	command -v "$t" >/dev/null || { echo "funnel.sh: $t is missing (make bench installs it)"; exit 2; }
done
if [ ! -s "$log" ]; then
	echo "== generating $log ($events events, $users users)"
	cc -O2 -o "$data/funnel_gen" "$here/funnel_gen.c"
	"$data/funnel_gen" "$users" "$events" 1 >"$log.tmp" && mv "$log.tmp" "$log"
fi
${CC:-cc} -std=c11 -O2 -Wall -Wextra -pthread -o "$data/funnel_floor" "$here/funnel_floor.c"
# The funnel's events, in stage order, for the floor.
stevents=$(sed -n 's/.*events: \[\([a-z_]*\)\].*/\1/p' "$map")
floor() { "$data/funnel_floor" -t "$1" 1209600 "$log" $stevents; }
if [ ! -d "$eng/node_modules/chdb" ]; then
	echo "== installing tests/engines' packages (@duckdb/node-api, chdb)"
	(cd "$eng" && npm ci --no-audit --no-fund --loglevel=error)
fi
ls -l "$log" | awk '{ printf "log: %s bytes, ", $5 }'
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews wall times)"

# The modes: a name, then cjm-funnel's options (window 14d for all).
modes="latest:--entry=latest first:--entry=first
latest-strict:--entry=latest,--order=strict first-strict:--entry=first,--order=strict
any:--order=any latest-totals:--entry=latest,--count=totals
first-totals:--entry=first,--count=totals"
[ -n "${MODES:-}" ] && modes=$(for m in $modes; do
	case " $MODES " in *" ${m%%:*} "*) echo "$m";; esac; done)
opts() { echo "${1#*:}" | tr ',=' '  '; }
counts() { awk -F, 'NR > 1 { printf "%s%s", sep, $3; sep = " " }'; }

if [ -z "${SQL_ONLY:-}" ]; then
echo "== agreement (customers per stage) and peak memory of cjm-funnel"
mem() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ { print $6 }'; }
head -1 "$log" >"$data/funnel-empty.csv"
set --
for m in $modes; do
	name=${m%%:*} o="$(opts "$m") --window 14d"
	for d in duckdb clickhouse; do
		"$bin/cjm-funnel" --sql $d $o -m "$map" >"$data/funnel-$d-$name.sql"
	done
	ours=$("$bin/cjm-funnel" --threads 1 $o --to csv -e "$log" "$map" | counts)
	duck=$(node "$here/funnel-peer.mjs" duckdb "$log" "$data/funnel-duckdb-$name.sql" 2)
	chdb=$(node "$here/funnel-peer.mjs" clickhouse "$log" "$data/funnel-clickhouse-$name.sql" 2)
	agree=yes; [ "$ours" = "$duck" ] && [ "$ours" = "$chdb" ] || agree=NO
	base=$(mem "$bin/cjm-funnel" --threads 1 $o --to csv -e "$data/funnel-empty.csv" "$map")
	kb=$(mem "$bin/cjm-funnel" --threads 1 $o --to csv -e "$log" "$map")
	echo "$name: cjm-funnel $ours; duckdb $duck; chdb $chdb; agree: $agree;" \
	    "$kb KiB, $(awk -v k="$kb" -v b="$base" -v u="$users" 'BEGIN { printf "%.1f", (k - b) * 1024 / u }') bytes a customer"
	[ $agree = yes ] || { echo "funnel.sh: the counts of $name disagree"; exit 1; }
	set -- "$@" -n "$name cjm-funnel --threads 1" "$bin/cjm-funnel --threads 1 $o --to csv -e $log $map" \
	    -n "$name cjm-funnel --threads 2" "$bin/cjm-funnel --threads 2 $o --to csv -e $log $map" \
	    -n "$name duckdb" "node $here/funnel-peer.mjs duckdb $log $data/funnel-duckdb-$name.sql 2" \
	    -n "$name chdb" "node $here/funnel-peer.mjs clickhouse $log $data/funnel-clickhouse-$name.sql 2"
done
case " $(echo $modes) " in *" latest:"*)
	f1=$(floor 1 | tr '\n' ' ' | sed 's/ $//') f2=$(floor 2 | tr '\n' ' ' | sed 's/ $//')
	ours=$("$bin/cjm-funnel" --threads 1 --window 14d --to csv -e "$log" "$map" | counts)
	[ "$f1" = "$ours" ] && [ "$f2" = "$ours" ] ||
	    { echo "funnel.sh: the floor's counts ($f1; $f2) are not cjm-funnel's ($ours)"; exit 1; }
	echo "floor (latest): $f1; agrees; $(mem "$data/funnel_floor" -t 1 1209600 "$log" $stevents) KiB"
	set -- "$@" -n "floor 1 thread" "$data/funnel_floor -t 1 1209600 $log $stevents" \
	    -n "floor 2 threads" "$data/funnel_floor -t 2 1209600 $log $stevents"
esac
echo "DuckDB memory (latest): $(mem node "$here/funnel-peer.mjs" duckdb "$log" "$data/funnel-duckdb-latest.sql" 2) KiB;" \
    "chdb: $(mem node "$here/funnel-peer.mjs" clickhouse "$log" "$data/funnel-clickhouse-latest.sql" 2) KiB"

# What two cores give on this machine, whatever the program: the CPU time
# of one 1-thread run alone against each of two run at once (shared caches,
# memory, or virtual cores on one physical one slow both). A two-thread
# run cannot beat (1-thread time x this factor) / 2.
cpu() { /usr/bin/time -f %U "$@" 2>&1 >/dev/null | tail -1; }
one="$bin/cjm-funnel --threads 1 --window 14d --to csv -e $log $map"
alone=$(cpu $one)
cpu $one >"$data/pair.1" & cpu $one >"$data/pair.2"; wait
echo "two at once: cjm-funnel --threads 1 used $alone s of CPU alone, $(cat "$data/pair.1") s and $(cat "$data/pair.2") s side by side:" \
    "$(awk -v a="$alone" -v x="$(cat "$data/pair.1")" -v y="$(cat "$data/pair.2")" 'BEGIN { printf "%.2fx", (x + y) / 2 / a }') the CPU a run"

echo "== time (load average $(cut -d' ' -f1-3 /proc/loadavg))"
hyperfine -N --warmup 1 --runs ${RUNS:-3} --export-json "$data/funnel-hyperfine.json" \
    "$@" -n "wc -l" "wc -l $log"
node -e '
const r = require(process.argv[1]).results;
const m = Object.fromEntries(r.map(x => [x.command, x]));
const names = [...new Set(r.map(x => x.command.split(" ")[0]))].filter(n => n !== "wc" && n !== "floor");
const f = (a, b) => (m[a].mean / m[b].mean).toFixed(2);
for (const n of names) {
	const c1 = `${n} cjm-funnel --threads 1`, c2 = `${n} cjm-funnel --threads 2`;
	console.log(`${n}: cjm-funnel ${m[c1].mean.toFixed(2)} s (1 thread), ${m[c2].mean.toFixed(2)} s (2); ` +
	    `chdb / cjm-funnel: ${f(`${n} chdb`, c1)}x (1 thread), ${f(`${n} chdb`, c2)}x (2); ` +
	    `duckdb / cjm-funnel: ${f(`${n} duckdb`, c2)}x (2); cjm-funnel 2 threads / wc -l: ${f(c2, "wc -l")}x`);
}
if (m["floor 1 thread"] && m["latest cjm-funnel --threads 1"])
	console.log(`floor: ${m["floor 1 thread"].mean.toFixed(2)} s (1 thread), ${m["floor 2 threads"].mean.toFixed(2)} s (2); ` +
	    `latest cjm-funnel / floor: ${f("latest cjm-funnel --threads 1", "floor 1 thread")}x (1 thread), ` +
	    `${f("latest cjm-funnel --threads 2", "floor 2 threads")}x (2; goal 1.35x)`);
' "$data/funnel-hyperfine.json"
fi

# The query alone: each engine loads the log into a table first (not
# timed), then runs the mode's query SQL_RUNS times (3; tests/engines/run.mjs).
echo "== cjm-funnel --sql, the query alone (load average $(cut -d' ' -f1-3 /proc/loadavg))"
for m in $modes; do
	name=${m%%:*} o="$(opts "$m") --window 14d"
	for d in duckdb clickhouse; do
		"$bin/cjm-funnel" --sql $d $o -m "$map" >"$data/funnel-$d-$name.sql"
		(cd "$eng" && TS=iso RUNS=${SQL_RUNS:-3} node run.mjs $d "$log" \
		    "$data/funnel-$d-$name.sql" 2>"$data/funnel-$d-$name.time" >/dev/null)
		echo "$name $d: query $(awk '{ printf "%s%s s", sep, $3; sep = ", " }' "$data/funnel-$d-$name.time")"
	done
done
