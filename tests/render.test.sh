#!/bin/sh
# render.test.sh: render every example: pages, sizes, every text, formats,
# byte-identical output, decks and pipelines. Needs pdfinfo, pdftotext, jq.
BIN=${BIN:?set BIN to the directory of the built tools}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C.UTF-8
unset SOURCE_DATE_EPOCH
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { # check NAME COMMAND...: passes when the command does
	name=$1
	shift
	if "$@"; then ok; else bad "$name"; fi
}
# Tests pin the font so they do not depend on the host's. Validation
# warnings of the maps go to a log.
render() { "$BIN/cjm-render" --font "DejaVu Sans" "$@" 2>>"$tmp/log"; }
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }
# Sizes of every page, one a line, e.g. "960 x 540".
sizes() {
	pdfinfo -f 1 -l 9999 "$1" |
	    sed -n 's/^Page *[0-9]* size: *\([0-9.]* x [0-9.]*\).*/\1/p'
}
# Width and height of a PNG from its IHDR.
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%d x %d\n",
	    $1 * 16777216 + $2 * 65536 + $3 * 256 + $4,
	    $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}

# Every stage name and every lane text of a canonical map, without
# whitespace (text wraps at any point of a line).
texts='.stages[] | .name,
    (["goals","actions","thoughts","feelings","needs","expectations",
      "experience","opportunities","frontstage","backstage","support"][]
      as $k | (.[$k] // [])[]),
    ((.touchpoints // [])[] | .name, (.description // empty)),
    ((.pain_points // [])[] | .text),
    ((.metrics // [])[] | .name)'
# How many pages a map makes: the map, funnel, maturity, graph.
npages='1 + (if [.stages[] | .funnel.count // empty] | length > 0
    then 1 else 0 end) + (if .maturity then 1 else 0 end)
    + (if (.transitions // []) | length > 0 then 1 else 0 end)'

# All of a map's text is in its PDF.
has_texts() { # canonical.json pdf
	pdftotext -raw "$2" - | tr -d ' \t\r\n\f' >"$tmp/pdf.txt"
	jq -r "$texts | gsub(\"\\\\s+\"; \"\")" "$1" >"$tmp/want.txt"
	miss=0
	while IFS= read -r t; do
		[ -z "$t" ] && continue
		grep -qF -- "$t" "$tmp/pdf.txt" || {
			echo "    missing: $t"
			miss=1
		}
	done <"$tmp/want.txt"
	[ $miss = 0 ]
}

for f in "$top"/examples/*.yaml "$top"/examples/*.json; do
	[ -f "$f" ] || continue
	case $f in *survey*) continue ;; esac
	n=$(basename "$f")
	"$BIN/cjm-validate" -q -p "$f" >"$tmp/c.json" 2>/dev/null ||
	    { bad "$n: not valid"; continue; }
	want=$(jq "$npages" "$tmp/c.json")
	: >"$tmp/log"
	check "$n: renders to PDF" render -o "$tmp/a.pdf" "$f"
	# A checklist takes as many pages as its decisions need (at least
	# one): counted from the PDF, checked to be more than the others.
	if jq -e '(.decisions // []) | length > 0' "$tmp/c.json" >/dev/null
	then
		got=$(pages "$tmp/a.pdf")
		check "$n: checklist pages" test "$got" -gt "$want"
		want=$got
	fi
	check "$n: $want pages" test "$(pages "$tmp/a.pdf")" = "$want"
	check "$n: slide pages" test "$(sizes "$tmp/a.pdf" | sort -u)" = \
	    "960 x 540"
	check "$n: no overflow" sh -c "! grep -q render- '$tmp/log'"
	check "$n: every stage and lane text" has_texts "$tmp/c.json" \
	    "$tmp/a.pdf"
	render -o "$tmp/b.pdf" "$f"
	check "$n: PDF byte-identical" cmp -s "$tmp/a.pdf" "$tmp/b.pdf"
	rm -f "$tmp"/p-*.png
	check "$n: PNG pages" render --dpi 48 -o "$tmp/p-%02d.png" "$f"
	check "$n: PNG count" test "$(ls "$tmp"/p-*.png | wc -l)" = "$want"
	check "$n: PNG size" test "$(png_size "$tmp/p-01.png")" = "640 x 360"
	render --dpi 48 -o "$tmp/q-%02d.png" "$f"
	check "$n: PNG byte-identical" cmp -s "$tmp/p-01.png" "$tmp/q-01.png"
	render -o "$tmp/a.svg" "$f"
	render -o "$tmp/b.svg" "$f"
	check "$n: SVG byte-identical" cmp -s "$tmp/a.svg" "$tmp/b.svg"
	if command -v xmllint >/dev/null; then
		check "$n: SVG well-formed" xmllint --noout "$tmp/a.svg"
	else
		check "$n: SVG ends" grep -q '</svg>' "$tmp/a.svg"
	fi
done

# The paragraph-long retailer map fits one slide, without a warning.
r="$top/examples/retailer-ru.yaml"
if [ -f "$r" ]; then
	: >"$tmp/log"
	render -o "$tmp/r.pdf" "$r"
	check "retailer: one slide" test "$(pages "$tmp/r.pdf")" = 1
	check "retailer: no warning" test ! -s "$tmp/log"
fi

# Page sizes.
m="$top/tests/render/tiny.json"
for p in "a4:841.89 x 595.28" "a3:1190.55 x 841.89" "letter:792 x 612" \
    "slide:960 x 540"; do
	render --page "${p%%:*}" -o "$tmp/s.pdf" "$m"
	check "page ${p%%:*}" test "$(sizes "$tmp/s.pdf")" = "${p#*:}"
done
render --page auto -o "$tmp/s.pdf" "$m"
check "page auto grows to content" test "$(sizes "$tmp/s.pdf" |
    awk '{ print ($1 > 600 && $3 > 100) }')" = 1

# A stream renders to one deck; a pipeline from cjm-validate works.
"$BIN/cjm-validate" -q -p "$top"/tests/render/*.json >"$tmp/stream.json" \
    2>/dev/null
for j in "$top"/tests/render/*.json; do
	"$BIN/cjm-validate" -q -p "$j" 2>/dev/null | jq "$npages" 2>/dev/null
done >"$tmp/counts"
render -o "$tmp/deck.pdf" <"$tmp/stream.json"
check "stream: a deck of every page" test "$(pages "$tmp/deck.pdf")" = \
    "$(awk '{ s += $1 } END { print s }' "$tmp/counts")"
printf '%s\n' 'cjm: 1' 'title: A' 'stages: [{id: a, name: Alpha, actions: [x]}]' \
    --- 'cjm: 1' 'title: B' 'stages: [{id: b, name: Beta, actions: [y]}]' |
    render -o "$tmp/yaml-deck.pdf"
check "YAML stream: a page a map" test "$(pages "$tmp/yaml-deck.pdf")" = 2
"$BIN/cjm-validate" <"$m" 2>/dev/null | render -o "$tmp/pipe.png"
check "pipeline to PNG" test "$(png_size "$tmp/pipe.png")" = "1280 x 720"
render -o - "$m" >"$tmp/stdout.pdf"
check "-o - writes PDF to stdout" test "$(head -c 5 "$tmp/stdout.pdf")" = \
    "%PDF-"
render --format svg -o - "$m" >"$tmp/stdout.svg"
check "--format svg to stdout" grep -q '<svg' "$tmp/stdout.svg"

# Without %d, page 1 takes the name and page N is NAME-N.png.
render --dpi 36 -o "$tmp/full.png" "$top/tests/render/full.json"
check "unnumbered PNG pages" test -f "$tmp/full.png" -a \
    -f "$tmp/full-4.png" -a ! -f "$tmp/full-5.png"

# A standalone maturity document is its page alone.
render -o "$tmp/mat.pdf" "$top/tests/render/maturity.json"
check "maturity document: one page" test "$(pages "$tmp/mat.pdf")" = 1
check "maturity document: its text" sh -c "pdftotext '$tmp/mat.pdf' - |
    grep -q 'Mobilize'"

# A persona photo, relative to the map's file, not to the directory the
# tool runs in.
render --dpi 36 -o "$tmp/photo.png" "$m"
jq '.persona = {name: "Anna", photo: "photo.png"}' "$m" >"$tmp/ph.json"
: >"$tmp/log"
(cd / && render -o "$tmp/ph.pdf" "$tmp/ph.json")
check "photo: no warning" sh -c "! grep -q render-photo '$tmp/log'"
check "photo: in the PDF" test "$(pdfimages -list "$tmp/ph.pdf" |
    tail -n +3 | wc -l)" -ge 1

# What the other tools attach draws as pages of its own.
if [ -x "$BIN/cjm-funnel" ]; then
	"$BIN/cjm-funnel" <"$top/examples/clothing-store.yaml" >"$tmp/f.json" \
	    2>/dev/null
	render -o "$tmp/f.pdf" "$tmp/f.json"
	check "cjm-funnel | cjm-render: funnel page" test \
	    "$(pages "$tmp/f.pdf")" = "$(jq "$npages" "$tmp/f.json")"
	check "funnel page: biggest loss" sh -c "pdftotext '$tmp/f.pdf' - |
	    grep -q 'biggest loss'"
fi
if [ -x "$BIN/cjm-maturity" ] && [ -f "$top/examples/maturity/survey.csv" ]; then
	"$BIN/cjm-maturity" -m "$top/examples/retailer-ru.yaml" \
	    "$top/examples/maturity/survey.csv" >"$tmp/mm.json" 2>/dev/null
	render -o "$tmp/mm.pdf" "$tmp/mm.json"
	check "cjm-maturity -m | cjm-render: maturity page" test \
	    "$(pages "$tmp/mm.pdf")" = 2
	"$BIN/cjm-maturity" "$top/examples/maturity/survey.csv" 2>/dev/null |
	    render -o "$tmp/md.pdf"
	check "cjm-maturity | cjm-render: one page" test \
	    "$(pages "$tmp/md.pdf")" = 1
fi

# Issue 15: labels sized to their text are whole words (the salon's
# channel badges, the bank's, at A4 and with a larger floor too).
txt() { pdftotext -layout "$1" - 2>/dev/null; }
render -o "$tmp/salon.pdf" "$top/examples/salon-ru.yaml"
txt "$tmp/salon.pdf" >"$tmp/salon.txt"
pdftotext -raw "$tmp/salon.pdf" "$tmp/salon.raw"
check "badges: «сайт» whole" grep -qx 'сайт' "$tmp/salon.raw"
check "badges: SMS whole" grep -qx 'SMS' "$tmp/salon.raw"
check "badges: no «сай» nor SM" sh -c "! grep -qx 'сай\|SM' '$tmp/salon.raw'"
# A badge's word broken leaves a line with its first letters.
part='we|ap|sto|stor|ema|emai|pho|phon|cha|oth|othe|SM|сай|прил|приложени'
for p in "--page slide" "--page a4" "--page a4 --min-font 9" "--page letter"; do
	# shellcheck disable=SC2086 # the options are words
	render $p -o "$tmp/bank.pdf" "$top/examples/bank-app.yaml"
	check "badges ($p): whole words" sh -c "! pdftotext -raw '$tmp/bank.pdf' - |
	    grep -qxE '$part'"
done
# The persona's age has its word; a quote in «» gets no second pair.
check "age labelled" grep -q '34 года' "$tmp/salon.txt"
check "one pair of quotes" sh -c "! grep -q '««' '$tmp/salon.txt'"
jq '.persona = {name: "Ольга", quote: "«Хочу быстро»"}' "$top/tests/render/retail-ru.json" \
    >"$tmp/q.json"
render -o "$tmp/q.pdf" "$tmp/q.json"
check "quote already in «»" sh -c "txt() { pdftotext '$tmp/q.pdf' -; };
    txt | grep -q '«Хочу быстро»' && ! txt | grep -q '««'"
# The blueprint's three lines, the emotion scale named.
for w in 'линия взаимодействия' 'линия видимости' \
    'линия внутреннего взаимодействия' позитив негатив; do
	check "salon: $w" sh -c "tr -s ' \n' '  ' <'$tmp/salon.txt' |
	    grep -q '$w'"
done
# The funnel page: no "— of previous" on the first row; in Russian,
# Russian words and decimal commas.
render -o "$tmp/cs.pdf" "$top/examples/clothing-store.yaml"
check "funnel: first row has no previous" sh -c "! pdftotext '$tmp/cs.pdf' - |
    grep -q '— of previous'"
"$BIN/cjm-validate" -q -p "$top/examples/clothing-store.yaml" 2>/dev/null |
    jq '.lang = "ru"' >"$tmp/cs-ru.json"
render -o "$tmp/cs-ru.pdf" "$tmp/cs-ru.json"
pdftotext -f 2 "$tmp/cs-ru.pdf" "$tmp/cs-ru.txt"
check "funnel ru: decimal comma" grep -q '45,4% от предыдущего' "$tmp/cs-ru.txt"
check "funnel ru: no decimal point" sh -c "! grep -q '[0-9]\.[0-9]' '$tmp/cs-ru.txt'"
check "funnel ru: words" sh -c "! grep -q 'of start\|customers' '$tmp/cs-ru.txt'"
# The touchpoint graph names channels in the page's language.
"$BIN/cjm-validate" -q -p "$top/examples/bank-app.yaml" 2>/dev/null |
    jq '.lang = "ru"' >"$tmp/bank-ru.json"
render -o "$tmp/bank-ru.pdf" "$tmp/bank-ru.json"
pdftotext -f 2 "$tmp/bank-ru.pdf" "$tmp/graph-ru.txt"
check "graph ru: channels in Russian" sh -c "grep -qx 'приложение' \
    '$tmp/graph-ru.txt' && ! grep -qx 'mobile' '$tmp/graph-ru.txt'"
if [ -x "$BIN/cjm-maturity" ] && [ -f "$top/examples/maturity/survey.csv" ]; then
	"$BIN/cjm-maturity" -m "$top/examples/retailer-ru.yaml" \
	    "$top/examples/maturity/survey.csv" >"$tmp/mr.json" 2>/dev/null
	render -o "$tmp/mr.pdf" "$tmp/mr.json"
	pdftotext -f 2 "$tmp/mr.pdf" "$tmp/mr.txt"
	check "maturity ru: 2,75" grep -q 'оценка 2,75' "$tmp/mr.txt"
	check "maturity ru: types by name" sh -c "grep -q 'взгляд клиента' \
	    '$tmp/mr.txt' && ! grep -q 'customer-view' '$tmp/mr.txt'"
	check "maturity ru: Масштабирование whole" grep -q 'Масштабирование' \
	    "$tmp/mr.txt"
fi

# Themes, languages; the dates follow SOURCE_DATE_EPOCH.
render --theme grey -o "$tmp/g.pdf" "$top/tests/render/full.json"
check "grey theme" test "$(pages "$tmp/g.pdf")" = 4
render --lang ru -o "$tmp/ru.pdf" "$m"
check "--lang ru labels" sh -c "pdftotext '$tmp/ru.pdf' - |
    grep -q 'Действия'"
SOURCE_DATE_EPOCH=1700000000 render -o "$tmp/d.pdf" "$m"
check "SOURCE_DATE_EPOCH" sh -c "pdfinfo '$tmp/d.pdf' | grep -q 2023"

# fontconfig's configuration is read, not its templates: FcInit also
# parses every file in conf.avail, enabled or not, only to list them for
# fc-conflist; cjm-render loads the configuration without that pass
# (issue 15). So every conf.avail file it opens is one conf.d enables.
fc_extra() { # trace: conf.avail files opened that conf.d does not link
	for f in /etc/fonts/conf.d/*.conf; do readlink -f "$f"; done |
	    sort -u >"$tmp/fc.linked"
	sed -n 's/.*open[at]*(.*"\([^"]*conf\.avail[^"]*\.conf\)".*= [0-9].*/\1/p' \
	    "$1" | sort -u | comm -23 - "$tmp/fc.linked"
}
if command -v strace >/dev/null 2>&1 && [ -d /etc/fonts/conf.d ]; then
	strace -f -o "$tmp/fc.trace" -e trace=open,openat \
	    "$BIN/cjm-render" -o "$tmp/fc.pdf" "$m" 2>/dev/null
	check "fontconfig: configuration read" grep -q 'fonts\.conf"' \
	    "$tmp/fc.trace"
	check "fontconfig: no template read" test -z "$(fc_extra "$tmp/fc.trace")"
fi
# fontconfig's debugging output (on standard output) still shows how it
# loads its files.
FC_DEBUG=1024 "$BIN/cjm-render" -o "$tmp/fcd.pdf" "$m" >"$tmp/fcd.out" \
    2>/dev/null
check "fontconfig: FC_DEBUG honoured" grep -q 'Loading config file' \
    "$tmp/fcd.out"
# Without a configuration fontconfig falls back to its own; so does
# cjm-render, and draws.
FONTCONFIG_FILE=$tmp/none.conf "$BIN/cjm-render" --font "DejaVu Sans" \
    -o "$tmp/nofc.pdf" "$m" 2>"$tmp/nofc.err"
check "fontconfig: no configuration" sh -c "pdftotext '$tmp/nofc.pdf' - |
    grep -q 'Actions'"
check "fontconfig: its error once" test "$(grep -c '^Fontconfig error' \
    "$tmp/nofc.err")" -le 1
# A configuration that names no font folder: pango then measures nothing
# (uninitialised sizes, a page of millions of points, another each run);
# cjm-render must refuse, exit 2, write nothing.
mkdir -p "$tmp/nofonts"
printf '<?xml version="1.0"?>\n<fontconfig><cachedir>%s/cache</cachedir></fontconfig>\n' \
    "$tmp/nofonts" >"$tmp/nofonts/fonts.conf"
FONTCONFIG_FILE=$tmp/nofonts/fonts.conf "$BIN/cjm-render" -o "$tmp/nofonts/m.pdf" \
    "$m" 2>"$tmp/nofonts.err"
check "no font at all: exit 2" test $? = 2
check "no font at all: said" grep -q 'no font at all.*\[render-no-font\]' "$tmp/nofonts.err"
check "no font at all: no output" test ! -e "$tmp/nofonts/m.pdf"
# A FONTCONFIG_FILE that never ends (a device, a FIFO) held cjm-render
# forever inside fontconfig: refused before reading, exit 2.
# The name is looked up as fontconfig does: in FONTCONFIG_PATH, and ~ is
# HOME; a FIFO in the current folder does not shadow the real file.
mkdir -p "$tmp/fcp" "$tmp/fccwd"
mkfifo "$tmp/fc.fifo" "$tmp/fcp/fifo" "$tmp/fccwd/fonts.conf"
for f in /dev/zero "$tmp/fc.fifo" fifo "~/fifo"; do
	FONTCONFIG_PATH=$tmp/fcp HOME=$tmp/fcp FONTCONFIG_FILE=$f timeout 20 \
	    "$BIN/cjm-render" -o "$tmp/fcz.pdf" "$m" 2>"$tmp/fcz.err"
	check "FONTCONFIG_FILE=$f: exit 2, not a hang" test $? = 2
	check "FONTCONFIG_FILE=$f: said" grep -q "configuration '.*' is not a regular file" "$tmp/fcz.err"
	check "FONTCONFIG_FILE=$f: no output" test ! -e "$tmp/fcz.pdf"
done
if [ -f /etc/fonts/fonts.conf ]; then
	cp /etc/fonts/fonts.conf "$tmp/fcp/fonts.conf"
	(cd "$tmp/fccwd" && FONTCONFIG_PATH=$tmp/fcp FONTCONFIG_FILE=fonts.conf \
	    timeout 60 "$BIN/cjm-render" -o "$tmp/fcz.pdf" "$m" 2>/dev/null)
	check "FONTCONFIG_FILE found in FONTCONFIG_PATH: drawn" test -s "$tmp/fcz.pdf"
fi

echo "render: $pass passed, $fail failed"
[ $fail = 0 ]
