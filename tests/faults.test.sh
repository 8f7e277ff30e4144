#!/bin/sh
# faults.test.sh: outputs under faults. A full disk (/dev/full, a small
# tmpfs, else a file size limit), signals in the middle of a render, a
# page that cannot be written, fsync before rename, page names, hostile
# photos, exact big counts, a 100 000-character word, an output that is
# also an input, TMPDIR, an endless JSON Lines record, a log cut while
# mapped, the depth ceiling on a 1 MiB stack, and the tools under
# comma-decimal locales.
BIN=${BIN:?set BIN to the directory of the built tools}
top=$(cd "$(dirname "$0")/.." && pwd)
ex=$top/examples
tmp=$(mktemp -d) || exit 2
mnt=
cleanup() {
	[ -n "$mnt" ] && umount "$mnt" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
export LC_ALL=C.UTF-8
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { # check NAME COMMAND...: passes when the command does
	name=$1
	shift
	if "$@"; then ok; else bad "$name"; fi
}
# run STATUS NAME COMMAND...: the command exits with STATUS and says on
# stderr what failed (stderr saved in $tmp/err).
run() {
	want=$1 name=$2
	shift 2
	"$@" >/dev/null 2>"$tmp/err"
	got=$?
	if [ "$got" != "$want" ]; then
		bad "$name: exit $got, not $want"; sed 's/^/    /' "$tmp/err"
	elif [ "$want" != 0 ] && ! grep -qv warning "$tmp/err"; then
		bad "$name: exit $got with nothing said"
	else
		ok
	fi
}
no_temps() { # no_temps NAME DIR: no NAME.tmp.XXXXXX left in DIR
	if ls "$2" | grep -q '\.tmp\.'; then
		bad "$1: temporary files left: $(ls "$2" | grep '\.tmp\.')"
	else
		ok
	fi
}
render() { "$BIN/cjm-render" --font "DejaVu Sans" "$@"; }
map=$ex/clothing-store.yaml		# two pages: the map, the funnel

# --- A full device: every tool says what failed (it once exited 2
# silently with -o /dev/full).
for f in pdf png svg; do
	run 2 "render -f $f -o /dev/full" render -f $f -o /dev/full \
	    "$ex/restaurant.yaml"
	grep -q 'No space left' "$tmp/err" || bad "render $f: no reason"
done
run 2 "maturity -o /dev/full" "$BIN/cjm-maturity" -o /dev/full \
    "$ex/maturity/survey.csv"
run 2 "validate > /dev/full" sh -c \
    "'$BIN/cjm-validate' -q < '$ex/restaurant.yaml' > /dev/full"
run 2 "funnel > /dev/full" sh -c "'$BIN/cjm-funnel' '$map' > /dev/full"

# --- A disk that fills up while a file is written: a small tmpfs when
# mounting works (root), else a file size limit. The old file stays
# whole and no temporary file is left.
mkdir -p "$tmp/small"
if mount -t tmpfs -o size=64k tmpfs "$tmp/small" 2>/dev/null; then
	mnt=$tmp/small
	limit=
else
	limit="ulimit -f 64; trap '' XFSZ;"	# 32 KiB: EFBIG
fi
i=0
while [ $i -lt 300 ]; do echo ---; cat "$ex/retailer-ru.yaml"; i=$((i + 1))
done >"$tmp/many.yaml"
head -c 300000 "$tmp/many.yaml" | sed '$d' >"$tmp/some.yaml"
echo old >"$tmp/small/out.pdf"
run 2 "render to a full disk" sh -c "$limit exec '$BIN/cjm-render' \
    --font 'DejaVu Sans' -o '$tmp/small/out.pdf' '$tmp/some.yaml'"
grep -qE 'No space left|too large' "$tmp/err" || bad "full disk: no reason"
check "full disk: old file kept" grep -qx old "$tmp/small/out.pdf"
no_temps "full disk" "$tmp/small"
[ -n "$mnt" ] && umount "$mnt" && mnt=

# --- The data is on disk before the name points at it: fsync, then
# rename (strace shows the order).
strace -f -o "$tmp/trace" -e trace=fsync,rename,renameat,renameat2 \
    "$BIN/cjm-render" -o "$tmp/sync.pdf" "$ex/restaurant.yaml" 2>/dev/null
check "fsync before rename" awk '/fsync\(/ { s = 1 }
    /rename/ && /sync\.pdf/ { r = s } END { exit !r }' "$tmp/trace"

# --- A set of pages is replaced whole or not at all: page 2 cannot be
# written (a directory has its name), so page 1 keeps its old content.
mkdir -p "$tmp/set/p2.png"
echo old >"$tmp/set/p1.png"
run 2 "page 2 fails" render -o "$tmp/set/p%d.png" "$map"
check "page 1 kept when page 2 failed" grep -qx old "$tmp/set/p1.png"
no_temps "page set" "$tmp/set"
rmdir "$tmp/set/p2.png"
run 0 "page set written" render -o "$tmp/set/p%d.png" "$map"
check "both pages new" test -s "$tmp/set/p1.png" -a -s "$tmp/set/p2.png"
check "page 1 replaced" sh -c "! grep -qx old '$tmp/set/p1.png'"

# --- Page names: a wide %d is sized, not cut short; two pages never
# go to one name.
run 0 "p%050d.png" render -o "$tmp/set/q%050d.png" "$map"
check "p%050d: both pages, whole names" test -s \
    "$tmp/set/q$(printf %050d 1).png" -a -s "$tmp/set/q$(printf %050d 2).png"
run 2 "width over 4 characters refused" render -o "$tmp/set/r%09999d.png" \
    "$map"

# --- Signals: a render killed while it writes leaves no temporary file.
# The input is big enough to be caught writing; the test waits for the
# temporary file to appear, so it does not depend on timing.
for sig in TERM INT HUP; do
	mkdir -p "$tmp/sig$sig"
	env --default-signal=$sig "$BIN/cjm-render" -o "$tmp/sig$sig/out.pdf" \
	    "$tmp/many.yaml" 2>/dev/null &
	pid=$!
	n=0
	while kill -0 $pid 2>/dev/null && ! ls "$tmp/sig$sig" | grep -q tmp
	do
		sleep 0.05; n=$((n + 1))
	done
	kill -$sig $pid 2>/dev/null
	wait $pid
	st=$?
	if [ $st -le 128 ]; then
		echo "note: SIG$sig: the render ended before the signal ($st)"
	fi
	no_temps "SIG$sig" "$tmp/sig$sig"
	check "SIG$sig: no output" test ! -e "$tmp/sig$sig/out.pdf"
done
# timeout(1) sends SIGTERM the same way.
mkdir -p "$tmp/tmo"
timeout -s TERM 1 "$BIN/cjm-render" -o "$tmp/tmo/out.pdf" "$tmp/many.yaml" \
    2>/dev/null
no_temps "timeout -s TERM" "$tmp/tmo"

# --- Hostile persona photos: a FIFO (it blocked forever), a PNG whose
# header claims 20000 x 20000 pixels (1.6 GB decoded), a JPEG (it was
# called "out of memory"), a folder. Each is named for what it is and
# the card is drawn without it. timeout only guards against a hang.
mkdir -p "$tmp/ph"
photo_map() { # photo_map PHOTO: a map whose persona has that photo
	sed "s|nope.png|$1|" "$top/tests/golden/render/photo-missing/t.json"
}
mkfifo "$tmp/ph/fifo.png"
printf '\377\330\377\340\000\020JFIF\000' >"$tmp/ph/face.jpg"
# PNG signature, IHDR 20000 x 20000 RGBA (CRC not checked before the
# size), IEND: a few bytes that would decode to 1.6 GB.
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000N \000\000N \010\006\000\000\000\000\000\000\000\000\000\000\000\000IEND\256B`\202' \
    >"$tmp/ph/huge.png"
mkdir -p "$tmp/ph/dir.png"
for p in fifo.png:regular huge.png:20000 face.jpg:JPEG dir.png:regular; do
	photo_map "${p%%:*}" >"$tmp/ph/m.json"
	run 0 "photo ${p%%:*}" timeout 120 "$BIN/cjm-render" --font \
	    "DejaVu Sans" -o "$tmp/ph/out.pdf" "$tmp/ph/m.json"
	grep "render-photo" "$tmp/err" | grep -q "${p#*:}" ||
	    bad "photo ${p%%:*}: not named as ${p#*:}: $(grep photo "$tmp/err")"
done
# A piped map looks in the current folder, or in --photo-dir.
cp "$top/tests/render/tiny.png" "$tmp/ph/face.png"
photo_map face.png >"$tmp/ph/m.json"
run 0 "piped map, --photo-dir" sh -c "'$BIN/cjm-render' --photo-dir \
    '$tmp/ph' -o '$tmp/ph/out.pdf' < '$tmp/ph/m.json'"
check "piped map: photo found" sh -c "! grep -q render-photo '$tmp/err'"
run 0 "piped map, current folder" sh -c "cd '$tmp/ph' && '$BIN/cjm-render' \
    -o out.pdf < m.json"
check "piped map: photo found in ." sh -c "! grep -q render-photo '$tmp/err'"
run 0 "piped map, not found" sh -c "'$BIN/cjm-render' -o '$tmp/ph/out.pdf' \
    < '$tmp/ph/m.json'"
check "piped map: --photo-dir suggested" grep -q -- --photo-dir "$tmp/err"

# --- Exact big numbers on the funnel page (they were drawn through a
# double, rounded above 2^53), every word inside the page (the label of a
# long count ran off it).
cat >"$tmp/big.yaml" <<'EOF'
cjm: 1
title: Big
type: conversion
stages:
  - {id: a, name: A, actions: [x], funnel: {count: 9223372036854775807}}
  - {id: b, name: B, actions: [x], funnel: {count: 9007199254740993}}
  - {id: c, name: C, actions: [x], funnel: {count: 9007199254740992}}
  - {id: d, name: D, actions: [x], funnel: {count: 3}}
  - {id: e, name: E, actions: [x], funnel: {count: 1}}
EOF
run 0 "render big counts" render -o "$tmp/big.pdf" "$tmp/big.yaml"
pdftotext -f 2 -l 2 "$tmp/big.pdf" - | sed 's/\xe2\x80\x89/ /g' >"$tmp/big.txt"
for n in "9 223 372 036 854 775 807" "9 007 199 254 740 993" \
    "9 214 364 837 600 034 814"; do
	check "funnel page: $n exactly" grep -q "$n" "$tmp/big.txt"
done
pdftotext -f 2 -l 2 -bbox "$tmp/big.pdf" - | awk -F'"' '
    /<page/ { w = $2 } /<word/ && $6 + 0 > w + 0 { print; bad = 1 }
    END { exit bad }' >"$tmp/out.txt"
check "funnel page: every word inside the page" test ! -s "$tmp/out.txt"

# --- A word of 100 000 characters lays out in linear time (it took a
# minute: pango broke it character by character, measuring the rest each
# time). timeout only guards against the near-hang; the figures are in
# bench/text-length.sh.
awk 'BEGIN { printf "cjm: 1\ntitle: W\nstages:\n  - {id: s0, name: S0, \
actions: ["; for (i = 0; i < 100000; i++) printf "x"; printf "]}\n";
for (k = 1; k < 5; k++) printf "  - {id: s%d, name: S%d, actions: [a]}\n", k, k
}' >"$tmp/word.yaml"
run 0 "one word of 100000 characters" timeout 300 "$BIN/cjm-render" \
    -o "$tmp/word.pdf" "$tmp/word.yaml"
check "the long word drawn whole" sh -c "pdftotext '$tmp/word.pdf' - |
    tr -cd x | wc -c | grep -qx 100000"

# --- An output that is also an input is refused; the input is intact.
cp "$ex/restaurant.yaml" "$tmp/own.yaml"
cp "$ex/maturity/survey.csv" "$tmp/own.csv"
run 2 "render -o INPUT INPUT" render -f pdf -o "$tmp/own.yaml" "$tmp/own.yaml"
grep -q 'also an input' "$tmp/err" || bad "own input: no reason"
run 2 "render -o INPUT < INPUT" sh -c "'$BIN/cjm-render' -f pdf \
    -o '$tmp/own.yaml' < '$tmp/own.yaml'"
run 2 "render through a link" sh -c "ln -sf '$tmp/own.yaml' '$tmp/l.yaml' &&
    '$BIN/cjm-render' -f pdf -o '$tmp/own.yaml' '$tmp/l.yaml'"
run 2 "maturity -o INPUT INPUT" "$BIN/cjm-maturity" -o "$tmp/own.csv" \
    "$tmp/own.csv"
run 2 "validate -o INPUT INPUT" "$BIN/cjm-validate" -o "$tmp/own.yaml" \
    "$tmp/own.yaml"
run 2 "validate -o INPUT -p INPUT" "$BIN/cjm-validate" -p \
    --output="$tmp/own.yaml" "$tmp/own.yaml"
run 2 "funnel -o MAP -m MAP" sh -c "'$BIN/cjm-funnel' -o '$tmp/own.yaml' \
    -m '$tmp/own.yaml' < '$ex/events.csv'"
run 2 "convert -o INPUT INPUT" "$BIN/cjm-convert" -t yaml -o "$tmp/own.yaml" \
    "$tmp/own.yaml"
run 2 "diff -o NEW OLD NEW" "$BIN/cjm-diff" -o "$tmp/own.yaml" \
    "$ex/restaurant.yaml" "$tmp/own.yaml"
check "inputs intact" cmp -s "$tmp/own.yaml" "$ex/restaurant.yaml"
check "survey intact" cmp -s "$tmp/own.csv" "$ex/maturity/survey.csv"

# --- TMPDIR: a piped event log is copied there (tmpfile() ignored it).
mkdir -p "$tmp/tmpdir"
run 0 "TMPDIR honoured" sh -c "cat '$ex/events.csv' | TMPDIR='$tmp/tmpdir' \
    '$BIN/cjm-funnel' -m '$ex/funnel-shop.yaml'"
run 2 "TMPDIR missing: said" sh -c "cat '$ex/events.csv' | \
    TMPDIR='$tmp/nowhere' '$BIN/cjm-funnel' -m '$ex/funnel-shop.yaml'"
grep -q "$tmp/nowhere" "$tmp/err" || bad "TMPDIR: the directory not named"

# --- Memory bounded by the limits: an endless JSON Lines record stops
# at 1 MiB (it was read whole first). timeout only guards against a hang.
run 1 "endless JSON Lines record" sh -c "{ printf '{\"user_id\":\"'; \
    yes x | tr -d '\\n'; } | timeout 300 '$BIN/cjm-funnel' --sorted \
    -m '$ex/funnel-shop.yaml'"
grep -q 'line-size' "$tmp/err" || bad "endless record: no line-size"

# --- The depth ceiling (1000) holds on a 1 MiB stack in every writer;
# 1001 is refused. It was 10000, which overflowed a 2 MiB stack.
deep() { # deep N: a map whose x-deep nests N-1 lists (depth N)
	awk -v n="$1" 'BEGIN { printf "cjm: 1\ntitle: t\nstages:\n  - {id: a, \
name: A}\nx-deep: "; for (i = 1; i < n; i++) printf "["; \
for (i = 1; i < n; i++) printf "]"; print "" }'
}
deep 1000 >"$tmp/deep.yaml"
for o in --yaml --pretty ""; do
	run 0 "depth 1000, ulimit -s 1024, validate $o" sh -c "ulimit -s 1024 &&
	    '$BIN/cjm-validate' -q --max-depth 1000 $o < '$tmp/deep.yaml'"
done
run 0 "depth 1000, ulimit -s 1024, render" sh -c "ulimit -s 1024 &&
    '$BIN/cjm-render' --max-depth 1000 -o '$tmp/deep.svg' '$tmp/deep.yaml'"
run 0 "depth 1000, ulimit -s 1024, convert" sh -c "ulimit -s 1024 &&
    '$BIN/cjm-convert' --max-depth 1000 -t json '$tmp/deep.yaml'"
run 0 "depth 1000, ulimit -s 1024, diff" sh -c "ulimit -s 1024 &&
    '$BIN/cjm-diff' --max-depth 1000 -t map '$tmp/deep.yaml' '$tmp/deep.yaml'"
run 1 "depth 1000, ulimit -s 1024, funnel" sh -c "ulimit -s 1024 &&
    '$BIN/cjm-funnel' --max-depth 1000 '$tmp/deep.yaml'"
grep -q no-count "$tmp/err" || bad "deep funnel: not the map's own error"
run 2 "--max-depth 1001 refused" "$BIN/cjm-validate" --max-depth 1001

# --- Numbers in comma-decimal locales (made with localedef when
# missing): the tools read and write 3.5 as in C.
loc=$BIN/../locale
for l in de_DE ps_AF; do
	[ -d "$loc/$l.UTF-8" ] || { mkdir -p "$loc" &&
	    localedef -i $l -f UTF-8 "$loc/$l.UTF-8" 2>/dev/null; }
	[ -d "$loc/$l.UTF-8" ] || { bad "cannot make locale $l"; continue; }
	for t in "cjm-validate -q --yaml" "cjm-funnel" "cjm-maturity --table"; do
		in=$map
		[ "$t" = "cjm-maturity --table" ] && in=$ex/maturity/survey.csv
		$BIN/$t <"$in" >"$tmp/c.out" 2>&1
		LOCPATH=$loc LC_ALL=$l.UTF-8 $BIN/$t <"$in" >"$tmp/l.out" 2>&1
		check "$t under $l" cmp -s "$tmp/c.out" "$tmp/l.out"
	done
done

# A log truncated while cjm-funnel reads it: the file is mapped, so the
# lost pages raise SIGBUS; it must end as on a read error (exit 2, the
# file named, -o's temporary file gone), not with a core dump. The run is
# stopped once the log shows in its mappings, the log cut, then resumed.
awk 'BEGIN { print "user_id,event,timestamp";
	for (i = 0; i < 600000; i++)
		printf "u%d,landing_view,2024-05-01T%02d:%02d:%02dZ\n", i % 50000,
		    int(i / 3600) % 24, int(i / 60) % 60, i % 60 }' >"$tmp/cut.csv"
mkdir -p "$tmp/cutout"
$BIN/cjm-funnel --threads 1 -e "$tmp/cut.csv" -o "$tmp/cutout/r.yaml" \
    "$ex/clothing-store.yaml" 2>"$tmp/err" &
pid=$!
i=0
while [ $i -lt 500 ] && ! grep -q cut.csv /proc/$pid/maps 2>/dev/null; do
	i=$((i + 1)); sleep 0.01
done
if kill -STOP $pid 2>/dev/null && grep -q cut.csv /proc/$pid/maps; then
	: >"$tmp/cut.csv"
	kill -CONT $pid
	wait $pid; got=$?
	if [ $got = 2 ] && grep -q 'cut.csv: read error: the file shrank' "$tmp/err" &&
	    [ -z "$(ls "$tmp/cutout")" ]; then ok; else
		bad "log truncated while mapped: exit $got, outputs: $(ls "$tmp/cutout")"
		sed 's/^/    /' "$tmp/err"
	fi
else
	wait $pid
	bad "log truncated while mapped: the run ended before it could be stopped"
fi

echo "faults: $pass passed, $fail failed"
[ $fail = 0 ]
