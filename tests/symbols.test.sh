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
{ grep -ohE '\bcjm_[a-z0-9_]+ *\(' "$top"/include/*.h | tr -d ' ('
  sed -n 's/^.*extern .*\b\(cjm_[a-z0-9_]*\).*;.*$/\1/p' "$top"/include/*.h
} | sort -u >"$tmp/decl"
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
# The library keeps no writable global state (threads share it): nothing
# in .data or .bss of libcjm.a (tables are const: .rodata, .data.rel.ro).
# It once kept qsort's context in a static variable.
# (AddressSanitizer's own markers, __odr_asan.*, are its business.)
objdump -t "$BIN/../libcjm.a" | awk '$4 ~ /^\.(data|bss)(\.|$)/ &&
    $4 !~ /^\.data\.rel\.ro/ && $3 == "O" && $NF !~ /^__odr_asan/ {
    print $NF }' >"$tmp/rw"
if [ -s "$tmp/rw" ]; then
	echo "FAIL writable globals in libcjm:" $(cat "$tmp/rw"); fail=1
fi
# Every growing array goes through cjm_grow (a raw realloc once dropped
# its result on a size check and kept the freed pointer).
raw=$(grep -n 'realloc(' "$top"/lib/*/*.c | grep -v '/lib/util/grow.c:')
if [ -n "$raw" ]; then
	echo "FAIL raw realloc outside lib/util/grow.c:"; echo "$raw"; fail=1
fi
# JSON text goes through cjm_dumps: under cjm-validate jansson allocates
# from cmd/heap.c, and free() on json_dumps' own text would crash.
raw=$(grep -n 'json_dumps(' "$top"/lib/*/*.c "$top"/cmd/*.c | grep -v '/lib/util/jtext.c:')
if [ -n "$raw" ]; then
	echo "FAIL json_dumps outside lib/util/jtext.c (use cjm_dumps):"; echo "$raw"; fail=1
fi
[ $fail = 0 ] && echo "symbols: $(wc -l <"$tmp/syms") exported, all cjm_"
exit $fail
