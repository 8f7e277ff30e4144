#!/bin/sh
# threads.test.sh: the YAML parser's thread gives what one thread gives.
# Every golden case runs again with cjm-validate forced to --threads 2
# (a wrapper first on PATH; a case that sets --threads itself wins, as
# the last option does), and must print and exit the same; then the
# bench's generator makes maps big enough for many batches, a stream,
# and bad bytes deep inside, read both ways from a file and a pipe.
BIN=${BIN:?set BIN to the directory of the built tools}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C.UTF-8
pass=0 fail=0

mkdir "$tmp/wrap"
printf '#!/bin/sh\nexec "%s/cjm-validate" --threads 2 "$@"\n' "$BIN" \
	>"$tmp/wrap/cjm-validate"
chmod +x "$tmp/wrap/cjm-validate"
for f in "$BIN"/*; do
	[ "${f##*/}" = cjm-validate ] || ln -s "$f" "$tmp/wrap/"
done
# The wrapper's own name is what the tool prints (argv[0] is the real
# binary's path, whose last part is the same).
# GOLDEN picks the cases: check-tsan leaves out pipeline/, whose
# cjm-render runs pango's own font thread, synchronized by glib's futex
# locks that ThreadSanitizer cannot see in libraries not built with it.
# shellcheck disable=SC2086 # the case filters are words
if sh "$top/tests/golden.sh" "$tmp/wrap" ${GOLDEN:-validate/ pipeline/} \
    >"$tmp/golden.out" 2>&1; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL golden cases with --threads 2:"
	grep -v '^golden:' "$tmp/golden.out" | head -40
fi
tail -1 "$tmp/golden.out"

# Generated maps: cjm-validate -p, threads 1 and 2, the same bytes out.
cc -O1 -o "$tmp/genmap" "$top/bench/genmap.c" 2>"$tmp/cc.err" || {
	cat "$tmp/cc.err"; exit 2; }
"$tmp/genmap" 300 >"$tmp/map.yaml"
{ cat "$tmp/map.yaml"; echo ---; "$tmp/genmap" 40; } >"$tmp/stream.yaml"
# bad bytes deep inside: a control character, a lone CR, cut UTF-8
for bad in '\001' '\r' '\320'; do
	n=$(($(wc -l <"$tmp/map.yaml") - 40))
	{ head -n "$n" "$tmp/map.yaml"; printf "  x-bad: a${bad}b\n"; } \
		>"$tmp/bad$(printf %s "$bad" | tr -d '\\').yaml"
done
for f in "$tmp"/map.yaml "$tmp"/stream.yaml "$tmp"/bad*.yaml; do
	for how in file pipe; do
		for t in 1 2; do
			if [ $how = file ]; then
				"$BIN/cjm-validate" --threads $t -p "$f" \
					>"$tmp/out$t" 2>"$tmp/err$t"
			else
				"$BIN/cjm-validate" --threads $t <"$f" \
					>"$tmp/out$t" 2>"$tmp/err$t"
			fi
			echo $? >"$tmp/st$t"
		done
		if cmp -s "$tmp/out1" "$tmp/out2" &&
		    cmp -s "$tmp/err1" "$tmp/err2" &&
		    cmp -s "$tmp/st1" "$tmp/st2"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL ${f##*/} ($how): threads 1 and 2 differ"
			diff "$tmp/err1" "$tmp/err2" | head -5
		fi
	done
done
echo "threads: $pass passed, $fail failed"
[ $fail = 0 ]
