#!/bin/sh
# validate.sh: times cjm-validate against a bare libyaml scan and jq empty.
# Usage: sh bench/validate.sh BINDIR. STAGES=N changes the map's size.
# A benchmark, not a test: it fails only when a tool errors or the YAML
# and JSON forms of the map give different canonical maps.
set -eu
BENCH=$(cd "$(dirname "$0")" && pwd)
DATA=$BENCH/data
. "$BENCH/lib.subr"
BIN=$(bench_bindir "${1:-}" cjm-validate)
STAGES=${STAGES:-5000}
bench_debs hyperfine time jq pkg-config libyaml-dev
mkdir -p "$DATA"

# shellcheck disable=SC2046 # the flags are words
bench_cc scan $(pkg-config --cflags --libs yaml-0.1)
bench_cc genmap
# shellcheck disable=SC3013 # dash, bash and busybox sh all have -nt
# Regenerate when the generator or the size changed.
if [ ! -s "$DATA/big.json" ] || [ "$DATA/genmap" -nt "$DATA/big.json" ] ||
    [ "$(cat "$DATA/big.stages" 2>/dev/null)" != "$STAGES" ]; then
	echo "generating a $STAGES-stage map in $DATA ..."
	"$DATA/genmap" "$STAGES" > "$DATA/big.yaml"
	"$DATA/genmap" -j "$STAGES" > "$DATA/big.json"
	echo "$STAGES" > "$DATA/big.stages"
fi
Y=$DATA/big.yaml
J=$DATA/big.json
V=$BIN/cjm-validate
echo "big.yaml: $(wc -c < "$Y") bytes, big.json: $(wc -c < "$J") bytes," \
    "$STAGES stages, $("$DATA/scan" "$Y")"

# The same map in two forms must give the same canonical map, and must be
# valid (warnings, such as more than 9 stages, are fine: exit 0).
"$V" -p "$Y" > "$DATA/canon-yaml.json" 2> "$DATA/validate.err" ||
	die "cjm-validate big.yaml failed (exit $?): see $DATA/validate.err"
"$V" -p "$J" > "$DATA/canon-json.json" 2>> "$DATA/validate.err" ||
	die "cjm-validate big.json failed (exit $?): see $DATA/validate.err"
cmp -s "$DATA/canon-yaml.json" "$DATA/canon-json.json" ||
	die "big.yaml and big.json give different canonical maps"
"$V" --threads 1 -p "$Y" 2>/dev/null | cmp -s - "$DATA/canon-yaml.json" ||
	die "big.yaml gives another canonical map on one thread than on two"
echo "cjm-validate: valid, same canonical map from YAML and JSON;" \
    "$(wc -l < "$DATA/validate.err") diagnostic lines (warnings, notes)"

# cjm-validate's default on this 33 MB file is --threads 2 on a machine
# with two cores (libyaml parses on a second thread); one thread beside.
hyperfine -N --warmup 1 --export-json "$DATA/validate-times.json" \
    -n scan "$DATA/scan $Y" \
    -n "cjm-validate -n big.yaml" "$V -n $Y" \
    -n "cjm-validate --threads 1 -n big.yaml" "$V --threads 1 -n $Y" \
    -n "jq empty big.json" "jq empty $J" \
    -n "cjm-validate -n big.json" "$V -n $J"

echo
echo "Mean times, and the ratio to the bare libyaml scan (goal for"
echo "cjm-validate -n big.yaml: 1.5x or less):"
bench_ratios "$DATA/validate-times.json" scan
vy=$(bench_mean "$DATA/validate-times.json" "cjm-validate -n big.yaml")
vj=$(bench_mean "$DATA/validate-times.json" "cjm-validate -n big.json")
jqm=$(bench_mean "$DATA/validate-times.json" "jq empty big.json")
echo "cjm-validate on JSON vs jq empty: $(echo "$vj $jqm" |
    awk '{ printf "%.2fx", $1 / $2 }')"
echo "cjm-validate YAML vs JSON: $(echo "$vy $vj" |
    awk '{ printf "%.2fx", $1 / $2 }')"

# Each command as "name:command", one a line, for the tables below.
CMDS="scan:$DATA/scan $Y
cjm-validate -n big.yaml:$V -n $Y
cjm-validate --threads 1 -n big.yaml:$V --threads 1 -n $Y
jq empty big.json:jq empty $J
cjm-validate -n big.json:$V -n $J"

# One row a command: its name and what FUNCTION prints for the command.
table() {
	echo "$CMDS" | while IFS= read -r c; do
		# shellcheck disable=SC2086 # the command's words
		m=$("$1" ${c#*:}) || die "failed: ${c#*:}"
		printf '  %-28s %14s%s\n' "${c%%:*}" "$m" "$2"
	done
}

echo
echo "Peak memory (maximum resident set size):"
table bench_peak " MiB"

# Wall and CPU times move with the machine's load; instruction counts do
# not. INSTR=0 skips this (valgrind runs some 50 times slower).
if [ "${INSTR:-1}" != 0 ] && command -v valgrind >/dev/null 2>&1; then
	echo
	echo "Instructions (callgrind), and the ratio to the scan:"
	base=$(bench_instr "$DATA/scan" "$Y")
	instr_ratio() {
		n=$(bench_instr "$@")
		[ -n "$n" ] || return 1
		echo "$n $base" | awk '{ printf "%.0f  %.2fx", $1, $1 / $2 }'
	}
	table instr_ratio ""
fi
