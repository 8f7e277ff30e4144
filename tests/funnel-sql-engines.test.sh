#!/bin/sh
# funnel-sql-engines.test.sh: cjm-funnel --sql's queries, run by real
# engines (DuckDB and ClickHouse in process through tests/engines' npm
# packages, PostgreSQL from Debian on a socket in a temporary folder),
# against cjm-funnel on the same event logs. The logs have re-entries
# after time-outs, exact duplicates, ties in time, events that reach two
# stages, excluded events and a breakdown column. For every combination
# of --entry, --order, --count, --exclude/--exclude-mode and --by the
# stage counts, the breakdown, the customers and the rows must be equal,
# read back through --sql-result. A missing engine fails the test:
# `make check` installs them (tests/engines, DEBS_TEST).
bin=${BIN:?set BIN to the tools folder}
here=$(cd "$(dirname "$0")" && pwd)
eng="$here/engines"
fail() { echo "funnel-sql-engines: $*"; exit 1; }
command -v node >/dev/null || fail "node is missing (make deps-test installs it)"
[ -d "$eng/node_modules/@duckdb/node-api" ] && [ -d "$eng/node_modules/chdb" ] ||
	fail "tests/engines/node_modules lacks @duckdb/node-api or chdb (make check-engines installs them)"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || fail "PostgreSQL's initdb is missing (Debian's postgresql)"

tmp=$(mktemp -d) || exit 2
chmod 755 "$tmp"
pgdir="$tmp/pg"
# PostgreSQL refuses to run as root: then as nobody.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
cleanup() {
	[ -f "$pgdir/data/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1
	[ -n "$KEEP" ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
mkdir -p "$pgdir" && { [ "$(id -u)" != 0 ] || chown nobody "$pgdir"; }
as_pg "$pgbin/initdb" -A trust -U cjm -D "$pgdir/data" >"$tmp/initdb.log" 2>&1 ||
	{ cat "$tmp/initdb.log"; fail "initdb failed"; }
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -o "-k $pgdir -c listen_addresses= -F" start >/dev/null ||
	{ cat "$pgdir/log"; fail "PostgreSQL did not start"; }
psql_() { as_pg "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$pgdir" -U cjm -d postgres "$@"; }

# Stage 2 and stage 4 share the event b, stages 1 and 2 the event y; z is
# excluded in some runs; noise is no funnel event.
cat >"$tmp/map.yaml" <<'EOF'
cjm: 1
title: Generated funnel
stages:
  - {id: s1, name: One, events: [a, y], actions: [arrives]}
  - {id: s2, name: Two, events: [b, x, y], actions: [looks]}
  - {id: s3, name: Three, events: [c], actions: [chooses]}
  - {id: s4, name: Four, events: [d, b], actions: [pays]}
  - {id: s5, name: Five, events: [e], actions: [nobody gets here]}
EOF
# Each name in one stage: ClickHouse's query is windowFunnel here.
cat >"$tmp/map1.yaml" <<'EOF'
cjm: 1
title: Generated funnel, one stage a name
stages:
  - {id: v, name: Visit, events: [a], actions: [arrives]}
  - {id: l, name: Look, events: [b, x], actions: [looks]}
  - {id: c, name: Cart, events: [c], actions: [chooses]}
  - {id: p, name: Pay, events: [d], actions: [pays]}
  - {id: f, name: Five, events: [e], actions: [nobody gets here]}
EOF

# gen SEED: 150 users with 1..14 events each on a minute grid over 2.5
# hours (ties, and re-entries after a time-out of the 20 or 60 minute
# window), in no order; an exact duplicate of a line now and then; a
# channel, sometimes empty; seq, the line's place.
gen() {
	awk -v seed="$1" 'BEGIN {
		srand(seed); split("a a a b b x c c d y y z noise", nm, " ");
		split("web ads mail -", chn, " ");
		for (u = 1; u <= 150; u++) {
			base = 1700000000000 + int(rand() * 86400) * 1000;
			n = 1 + int(rand() * 14);
			for (i = 0; i < n; i++) {
				c = chn[1 + int(rand() * 4)]; if (c == "-") c = "";
				l = sprintf("u%d,%s,%.0f,%s", u, nm[1 + int(rand() * 13)],
				    base + 60000 * int(rand() * 150) + (rand() < 0.1 ? 250 : 0), c);
				print l; if (rand() < 0.08) print l;
			}
		}
	}' | awk -v seed="$1" 'BEGIN { srand(seed + 7) } { print rand() "\t" $0 }' |
	    sort -k1,1 | cut -f2- | awk 'BEGIN { print "user_id,event,timestamp,channel,seq" } { print $0 "," NR }'
}

# The log of seed 1 with each customer's events at one time in the map's
# order of names (then by channel): the order the query takes them in
# without --sql-seq, so cjm-funnel's input order agrees.
map_order() {
	gen 1 | awk -F, 'BEGIN { split("a y b x c d e z noise", nm, " ")
		for (i in nm) x[nm[i]] = i }
	    NR > 1 { print $1 "\t" $3 "\t" x[$2] "\t" $4 "\t" $0 }' |
	    sort -t "$(printf '\t')" -k1,1 -k2,2n -k3,3n -k4,4 | cut -f5- |
	    awk -F, 'BEGIN { print "user_id,event,timestamp,channel,seq" }
	    { print $1 "," $2 "," $3 "," $4 "," NR }'
}

# What a funnel came to, for comparing: counts, breakdown, customers, rows.
summary() { jq -c '[[.stages[].funnel.count], .funnel.breakdown, .funnel.users, .funnel.events]'; }

pass=0 nfail=0
# Two logs (a 60 and a 20 minute window); one under ASan, where the
# engines, not the tools, take the time.
# Then "noseq": the queries without --sql-seq, on map_order's log, and
# reading the time from tms, a number of ms (--time-unit ms).
case $bin in */build/asan/*) seeds=${SEEDS:-1} ;; *) seeds=${SEEDS:-1 2 noseq} ;; esac
for seed in $seeds; do
	seq="--sql-seq seq" w=60m
	if [ $seed = noseq ]; then
		map_order >"$tmp/ev.csv"
		seq="--time tms --time-unit ms"
	else
		gen $seed >"$tmp/ev.csv"
		[ $((seed % 2)) = 1 ] || w=20m
	fi
	chmod 644 "$tmp/ev.csv"
	rm -rf "$tmp/q" && mkdir -p "$tmp/q" && chmod 755 "$tmp/q"
	: >"$tmp/cases"
	i=0
	for map in map map1; do
		for eo in "latest loose" "latest strict" "first loose" "first strict" "latest any"; do
			set -- $eo
			for count in users totals; do
				for ex in "" "--exclude z" "--exclude z --exclude-mode truncate"; do
					for by in "" "--by channel"; do
						# The second map: users, no exclusion, no breakdown.
						[ $map = map1 ] && { [ $count = users ] && [ -z "$ex" ] && [ -z "$by" ] || continue; }
						# Without --sql-seq: the breakdown, no exclusion.
						[ $seed = noseq ] && { [ $map = map ] && [ -z "$ex" ] && [ -n "$by" ] || continue; }
						i=$((i + 1))
						opts="--entry $1 --order $2 --count $count --window $w $ex $by"
						echo "$i $map $opts" >>"$tmp/cases"
						"$bin/cjm-funnel" -q $opts -e "$tmp/ev.csv" "$tmp/$map.yaml" | summary >"$tmp/q/$i.want"
						for d in duckdb clickhouse postgres; do
							"$bin/cjm-funnel" --sql $d $seq $opts -m "$tmp/$map.yaml" >"$tmp/q/$d.$i.sql" ||
								fail "cjm-funnel --sql $d $opts failed"
						done
					done
				done
			done
		done
	done
	# The engines, each loaded once a log.
	[ -n "$VERBOSE" ] && date
	( cd "$eng" && node run.mjs duckdb "$tmp/ev.csv" "$tmp"/q/duckdb.*.sql ) || fail "DuckDB failed (seed $seed)"
	( cd "$eng" && node run.mjs clickhouse "$tmp/ev.csv" "$tmp"/q/clickhouse.*.sql ) || fail "chdb failed (seed $seed)"
	{
		echo "DROP TABLE IF EXISTS rawlog, events;"
		echo "CREATE TABLE rawlog (user_id text, event text, ts text, channel text, seq text);"
		printf '%s\n' "\\copy rawlog FROM '$tmp/ev.csv' WITH (FORMAT csv, HEADER true)"
		echo "CREATE TABLE events AS SELECT user_id, event, TIMESTAMP 'epoch' + CAST(ts AS bigint) * INTERVAL '1 millisecond' AS \"timestamp\", nullif(channel, '') AS channel, CAST(seq AS bigint) AS seq, CAST(ts AS bigint) AS tms FROM rawlog;"
		printf '%s\n' "\\pset format csv"
		for q in "$tmp"/q/postgres.*.sql; do
			printf '%s\n' "\\o $q.out" "\\i $q"
		done
	} >"$tmp/pg.sql"
	[ -n "$VERBOSE" ] && date
	chmod -R a+rwX "$tmp/q"
	psql_ -f "$tmp/pg.sql" >"$tmp/pg.log" 2>&1 || { cat "$tmp/pg.log"; fail "PostgreSQL failed (seed $seed)"; }
	[ -n "$VERBOSE" ] && date
	while read -r i map opts; do
		for d in duckdb clickhouse postgres; do
			if ! "$bin/cjm-funnel" $opts --sql-result "$tmp/q/$d.$i.sql.out" -m "$tmp/$map.yaml" |
			    summary >"$tmp/q/$d.$i.got"; then
				nfail=$((nfail + 1))
				echo "FAIL seed $seed $d $map $opts: --sql-result refused the result"
			elif cmp -s "$tmp/q/$i.want" "$tmp/q/$d.$i.got"; then
				pass=$((pass + 1))
			else
				nfail=$((nfail + 1))
				echo "FAIL seed $seed $d $map $opts"
				echo "  cjm-funnel: $(cat "$tmp/q/$i.want")"
				echo "  $d: $(cat "$tmp/q/$d.$i.got")"
			fi
		done
	done <"$tmp/cases"
done
echo "funnel-sql-engines: $pass passed, $nfail failed"
[ $nfail = 0 ] && [ $pass -gt 0 ]
