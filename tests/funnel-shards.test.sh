#!/bin/sh
# funnel-shards.test.sh: shards of users run with --partial and combined
# with --merge give exactly the one-run result, for several settings; and
# --sorted on sorted input and --threads 2 (also with --partial and with
# several logs) give the same as the default.
bin=${BIN:?set BIN to the tools folder}
top=$(cd "$(dirname "$0")/.." && pwd)
map="$top/examples/clothing-store.yaml"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
check() {	# NAME FILE1 FILE2
	if cmp -s "$2" "$3"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL $1"; diff "$2" "$3" | head -5 | cut -c1-300
	fi
}

# A log for the example map: 3000 users, random steps, times, channels.
awk 'BEGIN {
	srand(7); split("landing_view product_view size_selected add_to_cart checkout_started order_delivered fit_finder_result support_call", ev, " ");
	split("ads,mail,,social", ch, ",");
	print "user_id,event,timestamp,channel";
	for (u = 1; u <= 3000; u++) {
		t = 1714521600 + int(rand() * 30 * 86400); c = ch[1 + int(rand() * 4)];
		for (i = 0; i < 1 + int(rand() * 10); i++) {
			t += int(rand() * 3 * 86400);
			printf "c%d,%s,%d,%s\n", u, ev[1 + int(rand() * 8)], t, c;
		}
	}
}' >"$tmp/ev.csv"
# Shards by user, each user in one shard (as GNU parallel's --pipe with
# a split on the user would give).
for k in 0 1 2; do
	awk -F, -v k=$k 'NR == 1 || substr($1, 2) % 3 == k' "$tmp/ev.csv" >"$tmp/s$k.csv"
done
for setting in "" "--entry first" "--order strict" "--order any" \
    "--count totals" "--by channel --top 2" "--window 2d --exclude support_call" \
    "--exclude support_call --exclude-mode truncate --entry first"; do
	"$bin/cjm-funnel" $setting -e "$tmp/ev.csv" <"$map" >"$tmp/one" 2>/dev/null
	[ -s "$tmp/one" ] && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "FAIL: no result with $setting"; }
	for k in 0 1 2; do
		"$bin/cjm-funnel" $setting --partial -e "$tmp/s$k.csv" <"$map" >"$tmp/p$k" 2>/dev/null
	done
	"$bin/cjm-funnel" --merge "$tmp/p0" "$tmp/p1" "$tmp/p2" <"$map" >"$tmp/merged" 2>/dev/null
	check "merge: $setting" "$tmp/one" "$tmp/merged"
	{ head -1 "$tmp/ev.csv"; tail -n +2 "$tmp/ev.csv" | sort -s -t, -k1,1 -k3,3n; } >"$tmp/sorted.csv"
	"$bin/cjm-funnel" $setting --sorted -e "$tmp/sorted.csv" <"$map" >"$tmp/sorted" 2>/dev/null
	check "sorted: $setting" "$tmp/one" "$tmp/sorted"
	"$bin/cjm-funnel" $setting --threads 2 -e "$tmp/ev.csv" <"$map" >"$tmp/two" 2>/dev/null
	check "threads 2: $setting" "$tmp/one" "$tmp/two"
	# Two threads split the users in halves: a shard's partial state is
	# the same as one thread's (times listed rising), it merges to the
	# same, and logs read one after the other come out the same.
	"$bin/cjm-funnel" $setting --threads 2 --partial -e "$tmp/s0.csv" <"$map" >"$tmp/t0" 2>/dev/null
	check "threads 2, partial state: $setting" "$tmp/p0" "$tmp/t0"
	"$bin/cjm-funnel" --merge "$tmp/t0" "$tmp/p1" "$tmp/p2" <"$map" >"$tmp/merged" 2>/dev/null
	check "threads 2, partial: $setting" "$tmp/one" "$tmp/merged"
	"$bin/cjm-funnel" $setting --threads 2 -e "$tmp/s0.csv" -e "$tmp/s1.csv" -e "$tmp/s2.csv" <"$map" >"$tmp/two" 2>/dev/null
	"$bin/cjm-funnel" $setting -e "$tmp/s0.csv" -e "$tmp/s1.csv" -e "$tmp/s2.csv" <"$map" >"$tmp/one3" 2>/dev/null
	check "threads 2, three logs: $setting" "$tmp/one3" "$tmp/two"
done
# Breakdowns on two threads, each half numbering its values: the rows
# sorted by event are out of time order for nearly every user, so pass 2
# reads the log again and interns values in both halves once more (the
# user as the value: thousands, first seen in another order in each half).
{ head -1 "$tmp/ev.csv"; tail -n +2 "$tmp/ev.csv" | sort -s -t, -k2,2; } >"$tmp/byev.csv"
for setting in "--by channel" "--by channel --top 1 --count totals" \
    "--by user_id --top 5" "--by user_id --entry first --order any"; do
	"$bin/cjm-funnel" $setting -e "$tmp/byev.csv" <"$map" >"$tmp/one" 2>/dev/null
	"$bin/cjm-funnel" $setting --threads 2 -e "$tmp/byev.csv" <"$map" >"$tmp/two" 2>/dev/null
	[ -s "$tmp/one" ] && check "threads 2, out of order: $setting" "$tmp/one" "$tmp/two" ||
		{ fail=$((fail + 1)); echo "FAIL: no result with $setting"; }
	"$bin/cjm-funnel" $setting --partial -e "$tmp/byev.csv" <"$map" >"$tmp/one" 2>/dev/null
	"$bin/cjm-funnel" $setting --partial --threads 2 -e "$tmp/byev.csv" <"$map" >"$tmp/two" 2>/dev/null
	check "threads 2, out of order, partial: $setting" "$tmp/one" "$tmp/two"
done
# The man page's GNU parallel recipe, when parallel is here.
if command -v parallel >/dev/null && parallel --version 2>/dev/null | grep -q GNU; then
	"$bin/cjm-funnel" -e "$tmp/ev.csv" <"$map" >"$tmp/one" 2>/dev/null
	(cd "$tmp" && rm -f part*.json && tail -n +2 ev.csv | sort -s -t, -k1,1 |
	    PATH="$bin:$PATH" parallel --pipe --colsep , --group-by 1 --block 20k \
	    "(head -1 ev.csv; cat) | cjm-funnel --partial -m '$map' > part{#}.json" 2>/dev/null)
	"$bin/cjm-funnel" --merge -m "$map" "$tmp"/part*.json >"$tmp/merged" 2>/dev/null
	check "GNU parallel recipe" "$tmp/one" "$tmp/merged"
fi
# Settings that differ cannot be merged.
"$bin/cjm-funnel" --entry first --partial -e "$tmp/s0.csv" <"$map" >"$tmp/q0" 2>/dev/null
"$bin/cjm-funnel" --merge "$tmp/q0" "$tmp/p1" <"$map" >/dev/null 2>"$tmp/err"
[ $? = 1 ] && grep -q 'other settings' "$tmp/err" && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "FAIL: mixed settings merged"; }
echo "funnel-shards: $pass passed, $fail failed"
[ $fail = 0 ]
