#!/bin/sh
# funnel.sh BINDIR: cjm-funnel against DuckDB (@duckdb/node-api, 2 threads)
# on one generated event log (10 million events, 1 million users, eight
# stages; --entry first, loose, 14 days): checks that they agree, prints
# the time ratios (cjm-funnel on one thread and on two), peak memory (and
# per user) and the time of `wc -l`.
# Then the same funnel as cjm-funnel --sql's query, timed in DuckDB and
# in chdb. Not a test: nothing here fails on a figure. EVENTS=, USERS=
# change the size; SQL_ONLY=1 runs the --sql part only.
set -e
bin=$(cd "${1:?usage: funnel.sh BINDIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
data="$here/data"
events=${EVENTS:-10000000}
users=${USERS:-1000000}
log="$data/funnel-events-$events.csv"
map="$here/funnel-map.yaml"
mkdir -p "$data"

for t in hyperfine node npm /usr/bin/time; do
	command -v "$t" >/dev/null || { echo "funnel.sh: $t is missing (make bench installs it)"; exit 2; }
done
if [ ! -s "$log" ]; then
	echo "== generating $log ($events events, $users users)"
	cc -O2 -o "$data/funnel_gen" "$here/funnel_gen.c"
	"$data/funnel_gen" "$users" "$events" 1 >"$log.tmp" && mv "$log.tmp" "$log"
fi
if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
	# bench/package.json and its lock are shared with the other
	# benchmarks: install them all as locked.
	echo "== installing bench/package.json's packages (@duckdb/node-api)"
	(cd "$here" && npm install --no-audit --no-fund --loglevel=error)
fi
ls -l "$log" | awk '{ printf "log: %s bytes, ", $5 }'
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews wall times)"

if [ -z "${SQL_ONLY:-}" ]; then
tool="$bin/cjm-funnel --threads 1 --entry first --order loose --window 14d --to csv -e $log $map"
tool2="$bin/cjm-funnel --threads 2 --entry first --order loose --window 14d --to csv -e $log $map"
peer="node $here/funnel-duckdb.mjs $log 2"

echo "== agreement (customers per stage)"
ours=$($tool | awk -F, 'NR > 1 { printf "%s%s", sep, $3; sep = " " }')
theirs=$($peer)
echo "cjm-funnel: $ours"
echo "duckdb:     $theirs"
if [ "$ours" = "$theirs" ]; then echo "agree: yes"; else echo "agree: NO"; fi

echo "== peak memory"
mem() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ { print $6 }'; }
kb=$(mem $tool)
echo "cjm-funnel: $kb KiB, $(awk -v k="$kb" -v u="$users" 'BEGIN { printf "%.1f", k * 1024 / u }') bytes per user"
echo "duckdb:     $(mem $peer) KiB"

echo "== time"
hyperfine -N --warmup 1 --runs ${RUNS:-5} --export-json "$data/funnel-hyperfine.json" \
    -n "cjm-funnel --threads 1" "$tool" -n "cjm-funnel --threads 2" "$tool2" \
    -n duckdb "$peer" -n "wc -l" "wc -l $log"
node -e '
const r = require(process.argv[1]).results;
const m = Object.fromEntries(r.map(x => [x.command, x]));
const f = (a, b) => (m[a].mean / m[b].mean).toFixed(2);
const c = (a) => (m[a].user + m[a].system).toFixed(2);
console.log(`duckdb / cjm-funnel --threads 1: ${f("duckdb", "cjm-funnel --threads 1")}x (wall)`);
console.log(`duckdb / cjm-funnel --threads 2: ${f("duckdb", "cjm-funnel --threads 2")}x (wall)`);
console.log(`cjm-funnel --threads 1 / wc -l: ${f("cjm-funnel --threads 1", "wc -l")}x (wall)`);
console.log(`cjm-funnel --threads 2 / wc -l: ${f("cjm-funnel --threads 2", "wc -l")}x (wall)`);
console.log(`CPU s (user+sys): cjm-funnel --threads 1 ${c("cjm-funnel --threads 1")}, --threads 2 ${c("cjm-funnel --threads 2")}, duckdb ${c("duckdb")}, wc -l ${c("wc -l")}`);
' "$data/funnel-hyperfine.json"
fi

# cjm-funnel --sql: the same funnel as one query in DuckDB and in
# embedded ClickHouse (chdb), from tests/engines (make check-engines).
# Each engine loads the log into a table first; only the query is timed
# (SQL_RUNS runs, 3 by default). --entry first is a fold in both; --entry latest is
# windowFunnel in ClickHouse (its rules are cjm's there).
eng="$here/../tests/engines"
if [ ! -d "$eng/node_modules/chdb" ]; then
	echo "== installing tests/engines' packages (@duckdb/node-api, chdb)"
	(cd "$eng" && npm install --no-audit --no-fund --loglevel=error)
fi
echo "== cjm-funnel --sql (load average $(cut -d' ' -f1-3 /proc/loadavg))"
for entry in first latest; do
	set -- --entry $entry --order loose --window 14d
	ours=$("$bin/cjm-funnel" --threads 1 "$@" --to csv -e "$log" "$map" |
	    awk -F, 'NR > 1 { printf "%s%s", sep, $3; sep = " " }')
	hyperfine -N --runs 3 --export-json "$data/funnel-sql-$entry.json" \
	    "$bin/cjm-funnel --threads 1 $* --to csv -e $log $map" >/dev/null
	echo "cjm-funnel --entry $entry: $ours; $(node -e '
		const r = require(process.argv[1]).results[0];
		console.log(`${r.mean.toFixed(2)} s (parse and match, one thread)`);' \
	    "$data/funnel-sql-$entry.json")"
	for d in duckdb clickhouse; do
		"$bin/cjm-funnel" --sql $d "$@" -m "$map" >"$data/funnel-$d-$entry.sql"
		theirs=$(cd "$eng" && TS=iso RUNS=${SQL_RUNS:-3} node run.mjs $d "$log" \
		    "$data/funnel-$d-$entry.sql" 2>"$data/funnel-$d-$entry.time" |
		    awk -F, 'NR > 3 { gsub(/"/, ""); printf "%s%s", sep, $3; sep = " " }')
		agree=NO; [ "$ours" = "$theirs" ] && agree=yes
		echo "$d --sql --entry $entry: $theirs (agree: $agree); query $(awk '{ printf "%s%s s", sep, $3; sep = ", " }' "$data/funnel-$d-$entry.time")"
	done
done
