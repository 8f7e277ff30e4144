#!/bin/sh
# funnel-sqlite.test.sh: cjm-funnel against an independent funnel written
# in SQL (sqlite3) on generated event logs: fixed seeds, several settings.
# The SQL follows the definitions of cjm-funnel(1) directly: a stage is
# reached when a chain of events exists (recursive query over all chains),
# not by the tool's streaming state machine. Counts per stage and the
# median, p90 and mean time of each step are compared.
bin=${BIN:?set BIN to the tools folder}
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing"; exit 1; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0

# Stage 2 and stage 4 share the event b, stages 1 and 2 the event y: one
# event fills one stage, and a and y at one time go in input order.
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
# name, first stage, index in the map's order (the tie order).
names="a,1,0 y,1,1 b,2,2 x,2,3 c,3,4 d,4,5 e,5,6"
member="a,1 y,1 b,2 x,2 y,2 c,3 d,4 b,4 e,5"

# gen SEED: users with 1..12 events each, times on a minute grid (ties
# happen), in no particular order; noise events too. (--sorted gets the
# log sorted stably, so events at one time keep their order.)
gen() {
	awk -v seed="$1" 'BEGIN {
		srand(seed); split("a a a b b x c c d y y noise", nm, " ");
		for (u = 1; u <= 120; u++) {
			base = 1700000000 + int(rand() * 86400);
			n = 1 + int(rand() * 12);
			for (i = 0; i < n; i++)
				printf "u%d,%s,%d\n", u, nm[1 + int(rand() * 12)],
				    base + 60 * int(rand() * 150);
		}
	}' | awk -v seed="$1" 'BEGIN { srand(seed) } { print rand() "\t" $0 }' |
	    sort -k1,1 | cut -f2- | sed '1i user_id,event,timestamp'
}

# The SQL funnel: counts per stage, then "T step value" rows.
sql_funnel() {	# ENTRY ORDER WINDOW_S
	entry=$1 order=$2 w=$3
	{
		echo "CREATE TABLE raw(uid TEXT, name TEXT, t INTEGER);"
		echo "CREATE TABLE nm(name TEXT, fs INTEGER, ni INTEGER);"
		echo "CREATE TABLE sm(name TEXT, stage INTEGER);"
		for n in $names; do echo "INSERT INTO nm VALUES('${n%%,*}',$(echo "$n" | cut -d, -f2),${n##*,});"; done
		for m in $member; do echo "INSERT INTO sm VALUES('${m%,*}',${m#*,});"; done
		echo ".mode csv"
		echo ".import --skip 1 $tmp/ev.csv raw"
		cat <<EOF
-- The same event at the same time once, at its first line; equal times
-- by first stage, then by input order.
CREATE TABLE e AS SELECT r.uid, r.name, CAST(r.t AS INTEGER) AS t,
  n.fs, n.ni, min(r.rowid) AS seq FROM raw r JOIN nm n ON n.name = r.name
  GROUP BY r.uid, r.name, CAST(r.t AS INTEGER);
CREATE TABLE er AS SELECT *, ROW_NUMBER() OVER (PARTITION BY uid
  ORDER BY t, fs, seq) AS rk FROM e;
CREATE TABLE s1 AS SELECT er.* FROM er JOIN sm ON sm.name = er.name
  AND sm.stage = 1;
-- --entry first: attempts start at the first stage-1 event, and again at
-- the first one after the last attempt's window.
CREATE TABLE att AS WITH RECURSIVE a(uid, t) AS (
  SELECT uid, min(t) FROM s1 GROUP BY uid
  UNION ALL
  SELECT a.uid, (SELECT min(t) FROM s1 WHERE s1.uid = a.uid AND s1.t > a.t + $w)
  FROM a WHERE EXISTS (SELECT 1 FROM s1 WHERE s1.uid = a.uid AND s1.t > a.t + $w))
  SELECT * FROM a;
CREATE TABLE starts AS SELECT * FROM s1 WHERE '$entry' = 'latest' OR
  rk = (SELECT min(rk) FROM s1 x JOIN att ON att.uid = x.uid AND att.t = x.t
        WHERE x.uid = s1.uid AND x.t = s1.t);
CREATE TABLE ch AS WITH RECURSIVE c(uid, lvl, sk, st, rk, t) AS (
  SELECT uid, 1, rk, t, rk, t FROM starts
  UNION
  SELECT c.uid, c.lvl + 1, c.sk, c.st, er.rk, er.t FROM c
  JOIN er ON er.uid = c.uid AND er.rk > c.rk
  JOIN sm ON sm.name = er.name AND sm.stage = c.lvl + 1
  WHERE er.t - c.st <= $w AND ('$order' != 'strict' OR er.rk = c.rk + 1))
  SELECT * FROM c;
-- --order any: at each event, the stages 1..k whose events (each its
-- first stage) lie in the window ending there.
CREATE TABLE anylvl AS SELECT uid, max(CASE
  WHEN NOT EXISTS (SELECT 1 FROM er y WHERE y.uid = er.uid AND y.fs = 1 AND y.t BETWEEN er.t - $w AND er.t) THEN 0
  WHEN NOT EXISTS (SELECT 1 FROM er y WHERE y.uid = er.uid AND y.fs = 2 AND y.t BETWEEN er.t - $w AND er.t) THEN 1
  WHEN NOT EXISTS (SELECT 1 FROM er y WHERE y.uid = er.uid AND y.fs = 3 AND y.t BETWEEN er.t - $w AND er.t) THEN 2
  WHEN NOT EXISTS (SELECT 1 FROM er y WHERE y.uid = er.uid AND y.fs = 4 AND y.t BETWEEN er.t - $w AND er.t) THEN 3
  WHEN NOT EXISTS (SELECT 1 FROM er y WHERE y.uid = er.uid AND y.fs = 5 AND y.t BETWEEN er.t - $w AND er.t) THEN 4
  ELSE 5 END) AS k FROM er GROUP BY uid;
CREATE TABLE best AS SELECT uid, max(lvl) AS k FROM ch GROUP BY uid;
.mode list
.separator " "
SELECT 'C', (SELECT count(*) FROM $( [ "$order" = any ] && echo anylvl || echo best) WHERE k >= 1),
  (SELECT count(*) FROM $( [ "$order" = any ] && echo anylvl || echo best) WHERE k >= 2),
  (SELECT count(*) FROM $( [ "$order" = any ] && echo anylvl || echo best) WHERE k >= 3),
  (SELECT count(*) FROM $( [ "$order" = any ] && echo anylvl || echo best) WHERE k >= 4),
  (SELECT count(*) FROM $( [ "$order" = any ] && echo anylvl || echo best) WHERE k >= 5);
-- The chain a user is timed on: it reaches the furthest stage first; of
-- those, the latest start time (latest; starts at one time count as one)
-- or the first attempt (first); its steps are the earliest that continue
-- it. Strict chains are runs of consecutive events: the start event.
CREATE TABLE fin AS SELECT b.uid, b.k, min(c.rk) AS rk FROM best b
  JOIN ch c ON c.uid = b.uid AND c.lvl = b.k GROUP BY b.uid;
CREATE TABLE pick AS SELECT f.uid, f.k,
  (SELECT max(st) FROM ch WHERE ch.uid = f.uid AND ch.lvl = f.k AND ch.rk = f.rk) AS st,
  CASE WHEN '$entry' = 'latest'
  THEN (SELECT max(sk) FROM ch WHERE ch.uid = f.uid AND ch.lvl = f.k AND ch.rk = f.rk)
  ELSE (SELECT min(sk) FROM ch WHERE ch.uid = f.uid AND ch.lvl = f.k) END AS sk
  FROM fin f;
CREATE TABLE steps AS SELECT p.uid, c.lvl, min(c.t) AS t FROM pick p
  JOIN ch c ON c.uid = p.uid AND CASE WHEN '$entry' = 'latest' AND
  '$order' = 'loose' THEN c.st = p.st ELSE c.sk = p.sk END
  GROUP BY p.uid, c.lvl;
SELECT 'T', b.lvl, b.t - a.t FROM steps a JOIN steps b ON b.uid = a.uid
  AND b.lvl = a.lvl + 1 WHERE '$order' != 'any' ORDER BY b.lvl, b.t - a.t;
EOF
	} | sqlite3 ":memory:" | awk '
	$1 == "C" { print "counts", $2, $3, $4, $5, $6 }
	$1 == "T" { v[$2, ++n[$2]] = $3; s[$2] += $3 }
	END {
		for (j = 2; j <= 5; j++) {
			m = n[j]
			if (m == 0) { print "time", j, "-", "-", "-"; continue }
			med = m % 2 ? v[j, (m + 1) / 2] : (v[j, m / 2] + v[j, m / 2 + 1]) / 2
			r = int((9 * m + 9) / 10)
			printf "time %d %.3f %.3f %.3f\n", j, med, v[j, r], s[j] / m
		}
	}'
}

# The tool's answer in the same form.
tool_funnel() {	# ENTRY ORDER WINDOW_S [more options]
	entry=$1 order=$2 w=$3
	shift 3
	# -q: a random log may never reach a stage, and the stage-no-events
	# warning would only bury the test's own lines.
	"$bin/cjm-funnel" -q --to csv --entry "$entry" --order "$order" \
	    --window "${w}s" --events "$tmp/ev.csv" "$@" "$tmp/map.yaml" |
	awk -F, 'NR > 1 { c = c " " $3 }
	NR > 2 { if ($8 == "") print "time", NR - 1, "-", "-", "-";
		else printf "time %d %.3f %.3f %.3f\n", NR - 1, $8, $9, $10 }
	END { print "counts" c }' | sort
}

for seed in 1 2 3 4 5 6; do
	gen $seed >"$tmp/ev.csv"
	for setting in "latest loose 3600" "first loose 3600" \
	    "latest loose 1200" "first loose 900" "latest strict 3600" \
	    "latest strict 7200" "latest any 3600" "latest any 600"; do
		set -- $setting
		sql_funnel "$@" | sort >"$tmp/want"
		[ "$2" = any ] && sed -i '/^time/d' "$tmp/want"
		for extra in "" "--sorted" "--threads 2"; do
			if [ "$extra" = --sorted ]; then
				# Grouped by user, in time order, as --sorted wants.
				{ head -1 "$tmp/ev.csv"; tail -n +2 "$tmp/ev.csv" |
				    sort -s -t, -k1,1 -k3,3n; } >"$tmp/sorted.csv"
				cp "$tmp/ev.csv" "$tmp/orig.csv"
				cp "$tmp/sorted.csv" "$tmp/ev.csv"
			fi
			tool_funnel "$@" $extra >"$tmp/got"
			[ "$2" = any ] && sed -i '/^time/d' "$tmp/got"
			[ "$extra" = --sorted ] && cp "$tmp/orig.csv" "$tmp/ev.csv"
			if cmp -s "$tmp/want" "$tmp/got"; then
				pass=$((pass + 1))
			else
				fail=$((fail + 1))
				echo "FAIL seed $seed: $setting $extra"
				diff "$tmp/want" "$tmp/got" | head -10
			fi
			[ "$VERBOSE" ] && cat "$tmp/got"
		done
	done
done
echo "funnel-sqlite: $pass passed, $fail failed"
[ $fail = 0 ]
