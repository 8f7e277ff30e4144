#!/bin/sh
# golden.sh: run the golden CLI tests: input, expected stdout, stderr, exit.
#
# A case is a folder tests/golden/<tool>/<case>/ holding
#   cmd     one shell command line, run in the case folder with the tools
#           first on PATH and $EXAMPLES naming examples/;
#   stdin   (optional) fed to the command; otherwise /dev/null;
#   stdout, stderr, status   what it must print and exit with.
# UPDATE=1 sh tests/golden.sh BIN writes the expected files from the runs
# (read the diff before committing it). Extra arguments filter cases by
# substring.
bin=${1:?usage: golden.sh BINDIR [FILTER...]}
shift
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$bin" && bin=$(cd "$bin" && pwd) || exit 2
export PATH="$bin:$PATH" EXAMPLES="$top/examples" LC_ALL=C.UTF-8
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
for dir in "$top"/tests/golden/*/*/; do
	[ -f "$dir/cmd" ] || continue
	name=${dir#"$top"/tests/golden/}
	name=${name%/}
	if [ $# -gt 0 ]; then
		hit=0
		for f in "$@"; do case $name in *"$f"*) hit=1 ;; esac; done
		[ $hit = 1 ] || continue
	fi
	in=/dev/null
	[ -f "$dir/stdin" ] && in="$dir/stdin"
	(cd "$dir" && sh ./cmd <"$in" >"$tmp/stdout" 2>"$tmp/stderr")
	echo $? >"$tmp/status"
	if [ -n "$UPDATE" ]; then
		cp "$tmp/stdout" "$tmp/stderr" "$tmp/status" "$dir"
		pass=$((pass + 1))
		continue
	fi
	bad=
	for f in stdout stderr status; do
		if ! cmp -s "$tmp/$f" "$dir/$f" 2>/dev/null; then
			bad="$bad $f"
		fi
	done
	if [ -z "$bad" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name:$bad"
		for f in $bad; do
			diff -u "$dir/$f" "$tmp/$f" 2>&1 | head -20 | sed 's/^/    /'
		done
	fi
done
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
