#!/bin/sh
# render.sh: times cjm-render against Mermaid's CLI, then a batch of 1000 maps.
# Usage: sh bench/render.sh BINDIR. MAP=file.yaml picks the map (default:
# the nine-stage examples/travel-agency.yaml); MAPS=N the batch size.
# A benchmark, not a test: it fails only when a tool errors or an output
# is missing or incomplete.
set -eu
BENCH=$(cd "$(dirname "$0")" && pwd)
DATA=$BENCH/data
. "$BENCH/lib.subr"
BIN=$(bench_bindir "${1:-}" cjm-validate cjm-render)
MAP=${MAP:-$BENCH/../examples/travel-agency.yaml}
MAPS=${MAPS:-1000}
bench_debs hyperfine time jq nodejs npm chromium poppler-utils
mkdir -p "$DATA"
R=$BIN/cjm-render
MMDC=$BENCH/node_modules/.bin/mmdc

# Mermaid's CLI from the lock file (shared with the funnel bench's DuckDB),
# without puppeteer's own browser (bench/.puppeteerrc.json says so to any
# install, the variable to this one): it runs Debian's chromium
# (bench/puppeteer.json). npm install, which keeps to the lock: npm ci
# refuses it, as DuckDB's bindings for other platforms are not published
# at its version and so cannot be in it.
if [ ! -x "$MMDC" ]; then
	echo "installing the bench's npm packages into $BENCH/node_modules ..."
	(cd "$BENCH" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund \
	    --loglevel=error) || die "npm install failed in $BENCH"
fi

# The map as canonical JSON: the source of the Mermaid diagram and of the
# batch. Mermaid's journey: sections are stages, tasks the stage's actions
# (its name when it has none), scored by the stage's emotion put on 1..5
# (neutral 3 when absent); the actor is the persona.
"$BIN/cjm-validate" -p "$MAP" > "$DATA/map.json" 2> "$DATA/render.err" ||
	die "cjm-validate $MAP failed: see $DATA/render.err"
# shellcheck disable=SC2016 # a jq program: its $names are jq's
JOURNEY='
    def clean: tostring | gsub("[:;#\n]"; " ");
    def fence: "\u0060\u0060\u0060";
    def list: if . == null then [] elif type == "array" then . else [.] end;
    def journey:
    (.emotion_scale // [1, 5]) as [$lo, $hi] |
    (.persona.name // "Customer" | clean) as $who |
    "journey", "  title \(.title | clean)",
    (.stages[] |
        (if .emotion == null then 3
         else 1 + 4 * (.emotion - $lo) / ($hi - $lo) | round end) as $s |
        "  section \(.name | clean)",
        ((.actions | list) as $a | (if $a == [] then [.name] else $a end) |
            .[] | "    \(clean): \($s): \($who)"));'
jq -r "$JOURNEY journey" "$DATA/map.json" > "$DATA/map.mmd" ||
	die "cannot write the Mermaid diagram"
nstages=$(jq '.stages | length' "$DATA/map.json")
[ "${nstages:-0}" -gt 0 ] || die "cjm-validate -p $MAP wrote no map"
echo "map: $MAP ($nstages stages); Mermaid journey: $DATA/map.mmd"

M="$MMDC -q -p $BENCH/puppeteer.json -i $DATA/map.mmd"
hyperfine -N --warmup 1 --export-json "$DATA/render-times.json" \
    -n "mmdc pdf" "$M -o $DATA/mmdc.pdf" \
    -n "mmdc png" "$M -o $DATA/mmdc.png" \
    -n "cjm-render pdf" "$R -o $DATA/cjm.pdf $MAP" \
    -n "cjm-render png" "$R -o $DATA/cjm.png $MAP"

# Both draw every stage: each stage's name is in both PDFs' text.
for f in mmdc cjm; do
	pdftotext "$DATA/$f.pdf" - | tr -s ' \n' '  ' > "$DATA/$f.txt" ||
		die "$f.pdf is not a readable PDF"
	jq -r '.stages[].name' "$DATA/map.json" | while IFS= read -r n; do
		grep -qF "$(echo "$n" | tr -s ' \n' '  ')" "$DATA/$f.txt" ||
			echo "warning: stage '$n' not found in $f.pdf's text" >&2
	done
done

echo
echo "Per map, mean times and ratio to cjm-render (goal: Mermaid's CLI 50x"
echo "or more slower):"
bench_ratios "$DATA/render-times.json" "cjm-render pdf" | sed -n '1p;2p;4p'
bench_ratios "$DATA/render-times.json" "cjm-render png" | sed -n '3p;5p'
T=$DATA/render-times.json
awk -v a="$(bench_mean "$T" "mmdc pdf")" -v b="$(bench_mean "$T" "cjm-render pdf")" \
    -v c="$(bench_mean "$T" "mmdc png")" -v d="$(bench_mean "$T" "cjm-render png")" \
    'BEGIN { printf "cjm-render is %.0fx faster to PDF, %.0fx faster to PNG\n", a / b, c / d }'

# Instructions do not move with the machine's load, times do: the
# figures to compare runs by (valgrind, when installed).
if command -v valgrind >/dev/null 2>&1; then
	echo
	echo "Instructions (callgrind):"
	for f in pdf png; do
		printf '  cjm-render to %s %16s\n' "$f" \
		    "$(bench_instr "$R" -o "$DATA/cjm-i.$f" "$MAP")"
	done
fi

echo
echo "Peak memory per map (maximum resident set size; for mmdc, its largest"
echo "process, node or a chromium one):"
for c in "mmdc pdf:$M -o $DATA/mmdc.pdf" "cjm-render pdf:$R -o $DATA/cjm.pdf $MAP" \
    "cjm-render png:$R -o $DATA/cjm.png $MAP"; do
	# shellcheck disable=SC2086
	m=$(bench_peak ${c#*:})
	printf '  %-28s %8s MiB\n' "${c%%:*}" "$m"
done


# The batch: MAPS variations of the map (the title numbered, the emotions
# rotated among the stages so that every curve differs), one file each
# for xargs -P2, one stream of them for the deck, and that stream in two
# halves for a deck on each core.
B=$DATA/batch
jq -c --argjson n "$MAPS" '
    range($n) as $i | .title += " (map \($i + 1))" |
    if all(.stages[]; .emotion != null) then
        (.stages | map(.emotion)) as $e |
        .stages |= (to_entries |
            map(.value.emotion = $e[(.key + $i) % ($e | length)] | .value))
    else . end' "$DATA/map.json" > "$DATA/batch.json" ||
	die "cannot write the batch"
rm -rf "$B" "$DATA"/half-*
mkdir -p "$B"
split -l 1 -a 4 -d --additional-suffix=.json "$DATA/batch.json" "$B/map-"
split -n l/2 -d --additional-suffix=.json "$DATA/batch.json" "$DATA/half-"

echo
echo "Batch of $MAPS maps to PDF on $(nproc) cores (goal: under 60 s):"
hyperfine --runs "${RUNS:-3}" --export-json "$DATA/batch-times.json" \
    -n "files, xargs -P2" \
    "find $B -name '*.json' -print0 | xargs -0 -P2 -I{} $R -o {}.pdf {}" \
    -n "one deck, 1 core" "$R -o $DATA/deck.pdf $DATA/batch.json" \
    -n "two decks, xargs -P2" \
    "ls $DATA/half-*.json | xargs -P2 -I{} $R -o {}.pdf {}"

# Every map drawn: one PDF a map, and the decks hold every map's pages.
pages=$(pdfinfo "$DATA/cjm.pdf" | awk '/^Pages:/ { print $2 }')
n=$(find "$B" -name '*.pdf' | wc -l)
[ "$n" -eq "$MAPS" ] || die "$n PDFs for $MAPS maps"
d=$(pdfinfo "$DATA/deck.pdf" | awk '/^Pages:/ { print $2 }')
h=$(for f in "$DATA"/half-*.json.pdf; do pdfinfo "$f"; done |
    awk '/^Pages:/ { n += $2 } END { print n }')
if [ "$d" -ne $((MAPS * pages)) ] || [ "$h" -ne "$d" ]; then
	die "decks of $d and $h pages, expected $MAPS x $pages"
fi
echo "outputs: $n PDFs; decks of $d pages ($pages a map)"
if command -v valgrind >/dev/null 2>&1; then
	head -n 100 "$DATA/batch.json" >"$DATA/batch-100.json"
	printf 'Instructions (callgrind) of a 100-map deck: %s\n' \
	    "$(bench_instr "$R" -o "$DATA/deck-100.pdf" "$DATA/batch-100.json")"
fi
bench_ratios "$DATA/batch-times.json" "files, xargs -P2"

# Mermaid's CLI at its best on a batch: one browser for a Markdown file of
# diagrams, two jobs. MMD_MAPS of the maps (all takes minutes), scaled.
k=${MMD_MAPS:-100}
head -n "$k" "$DATA/batch.json" |
    jq -r "$JOURNEY"' fence + "mermaid", journey, fence, ""' > "$DATA/batch.md"
rm -rf "$DATA/mmdc-batch"
mkdir -p "$DATA/mmdc-batch"
hyperfine -N --runs 1 --export-json "$DATA/mmdc-batch-times.json" \
    -n "mmdc, $k maps in one Markdown, -j 2" \
    "$MMDC -q -p $BENCH/puppeteer.json -j 2 -e pdf -i $DATA/batch.md -o $DATA/mmdc-batch/batch.md"
n=$(find "$DATA/mmdc-batch" -name '*.pdf' | wc -l)
[ "$n" -eq "$k" ] || die "mmdc wrote $n PDFs for $k diagrams"
m=$(jq '.results[0].mean' "$DATA/mmdc-batch-times.json")
f=$(bench_mean "$DATA/batch-times.json" "files, xargs -P2")
echo "$m $k $MAPS $f" | awk '{ t = $1 / $2 * $3;
    printf "mmdc: %.1f s for %d maps, so about %.0f s for %d (%.0fx the files run)\n",
    $1, $2, t, $3, t / $4 }'
m=$(bench_peak "$R" -o "$DATA/deck.pdf" "$DATA/batch.json")
echo "peak memory of the $MAPS-map deck: $m MiB"
