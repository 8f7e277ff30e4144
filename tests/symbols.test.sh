#!/bin/sh
# symbols.test.sh: libcjm.so exports only its API (cjm_ names), so it
# cannot replace a function of libc or of the program that links it.
BIN=${BIN:?set BIN to the directory of the built tools}
top=$(cd "$(dirname "$0")/.." && pwd)
so=$BIN/../lib/libcjm.so.0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
[ -f "$so" ] || { echo "FAIL $so missing"; exit 1; }
nm -D --defined-only "$so" | awk '{ print $3 }' >"$tmp/syms"
bad=$(grep -v '^cjm_' "$tmp/syms")
if [ -n "$bad" ]; then
	echo "FAIL exported names without the cjm_ prefix:" $bad
	fail=1
fi
# Every function the headers declare is exported.
grep -ohE '\bcjm_[a-z0-9_]+ *\(' "$top"/include/*.h | tr -d ' (' |
    sort -u >"$tmp/decl"
sort -u "$tmp/syms" >"$tmp/exp"
missing=$(comm -13 "$tmp/exp" "$tmp/decl")
if [ -n "$missing" ]; then
	echo "FAIL declared but not exported:" $missing
	fail=1
fi
# A program calling libc's warn() linked with -lcjm gets libc's warn
# (libcjm once had its own warn that printed nothing). The sanitizer
# build's library needs the sanitizer runtime, so only the plain one.
if ! nm -D "$so" | grep -q __asan; then
	cat >"$tmp/w.c" <<'C'
#include <err.h>
#include "cjm.h"
int main(void) { warn("libc-warn"); return cjm_diags_new() == NULL; }
C
	if cc -I"$top/include" $(pkg-config --cflags jansson) -o "$tmp/w" \
	    "$tmp/w.c" -L"$BIN/../lib" -lcjm 2>"$tmp/cc.err"; then
		LD_LIBRARY_PATH=$BIN/../lib "$tmp/w" 2>"$tmp/err"
		grep -q 'libc-warn' "$tmp/err" ||
		    { echo "FAIL warn() of libc replaced by libcjm's"; fail=1; }
	else
		cat "$tmp/cc.err"; echo "FAIL cannot link with -lcjm"; fail=1
	fi
fi
[ $fail = 0 ] && echo "symbols: $(wc -l <"$tmp/syms") exported, all cjm_"
exit $fail
