#!/bin/sh
# man.test.sh: the man pages render without broken quotes: lint-clean,
# quotes paired, no roff escape left in the text, and the commands of
# EXAMPLES in plain ASCII quotes and dashes as groff and mandoc show them
# (so they can be copied), no text line that roff would take for a request.
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

for m in "$top"/man/*.[1-9]; do
	n=${m#"$top"/}
	mandoc -Tlint -Wwarning "$m" >"$tmp/lint" 2>&1 && ok ||
	    bad "$n: mandoc -Tlint: $(head -1 "$tmp/lint")"
	# A text line starting with ' is a roff request: its text is lost.
	if grep -n "^'" "$m" >"$tmp/q"; then bad "$n: line starts with a quote: $(head -1 "$tmp/q")"; else ok; fi
	mandoc -Tutf8 "$m" | col -bx >"$tmp/out"
	for pair in "‘ ’" "“ ”"; do
		o=$(grep -o "${pair% *}" "$tmp/out" | wc -l)
		c=$(grep -o "${pair#* }" "$tmp/out" | wc -l)
		[ "$o" = "$c" ] && ok || bad "$n: $o '${pair% *}' but $c '${pair#* }'"
	done
	if grep -n '\\[-e&(*]' "$tmp/out" >"$tmp/q"; then bad "$n: an escape shows: $(head -1 "$tmp/q")"; else ok; fi
	for fmt in mandoc groff; do
		command -v $fmt >/dev/null 2>&1 || continue
		if [ $fmt = groff ]; then
			groff -mandoc -Tutf8 -P-cbou "$m" 2>/dev/null
		else
			mandoc -Tutf8 "$m" | col -bx
		fi | sed -n '/^EXAMPLES/,/^[A-Z]/p' |
		    grep -E '^ +(\$ |cjm-|cat |SOURCE_DATE_EPOCH)' >"$tmp/ex"
		if grep -n '[‘’“”´‐−–]' "$tmp/ex" >"$tmp/q"; then
			bad "$n ($fmt): a command is not plain ASCII: $(head -1 "$tmp/q")"
		else ok; fi
	done
done
echo "man: $pass passed, $fail failed"
[ $fail = 0 ]
