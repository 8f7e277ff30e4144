#!/bin/sh
# completion.test.sh: the bash, zsh and fish completion scripts complete
# each tool's options, their words and the operands' file types, as the
# tool's --list-options says.
bin=${BIN:?set BIN to the tools folder}
top=$(cd "$(dirname "$0")/.." && pwd)
comp=$top/completions
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
export PATH="$bin:$PATH"
mkdir "$tmp/d" "$tmp/d/maps" && cd "$tmp/d" &&
    : >a.cjm.yaml && : >b.json && : >notes.txt && : >log.csv || exit 2

# same NAME WANT GOT
same() {
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL $1: want '$2', got '$3'"; fi
}

# bash, as bash-completion loads it: COMPREPLY for a command line.
b() {
	bash -c '. /usr/share/bash-completion/bash_completion
	. "$1/cjm.bash"
	COMP_LINE=$2 COMP_POINT=${#2}
	read -ra COMP_WORDS <<<"$2"
	case $2 in *" ") COMP_WORDS+=("") ;; esac
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	_cjm
	printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' sh "$comp" "$1"
}
if [ -r /usr/share/bash-completion/bash_completion ]; then
	same "bash: registered" "complete -F _cjm cjm-render" "$(bash -c \
	    ". /usr/share/bash-completion/bash_completion; . $comp/cjm.bash; complete -p cjm-render")"
	same "bash: long option" "--page " "$(b 'cjm-render --pa')"
	same "bash: page words" "a3 a4 auto " "$(b 'cjm-render --page a')"
	same "bash: --to=" "svg " "$(b 'cjm-render --to=s')"
	same "bash: -t words" "json yaml " "$(b 'cjm-validate -t ')"
	same "bash: funnel words" "latest " "$(b 'cjm-funnel --entry l')"
	same "bash: format words" "github json sarif text " "$(b 'cjm-maturity --format ')"
	same "bash: delimiter words" "tab " "$(b 'cjm-maturity -d t')"
	same "bash: maps only" "a.cjm.yaml b.json maps " "$(b 'cjm-validate ')"
	same "bash: answers" "a.cjm.yaml b.json log.csv maps " "$(b 'cjm-maturity ')"
	same "bash: -o any file" "notes.txt " "$(b 'cjm-validate -o n')"
else
	echo "SKIP bash: bash-completion is not installed"
fi

# zsh: the _arguments specs _cjm makes (zsh has no batch completion).
# LeakSanitizer's stop-the-world can hang under zsh's signal mask: the
# tools' leaks are checked by the other tests.
z() {
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 zsh -fc '_arguments() { print -rl -- "${@[3,-1]}" }
	words=("$1"); . "$2/_cjm"' zsh "$1" "$comp"
}
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$comp/_cjm" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL zsh: syntax"; }
	same "zsh: page words" "--page=[slide (169, default), a4, a3, letter, auto]:PAGE:(slide a4 a3 letter auto)" \
	    "$(z cjm-render | grep -e '^--page=')"
	same "zsh: -o files" "(-o --output)-o[write here (- is standard output, the default);]:FILE:_files" \
	    "$(z cjm-validate | grep -e '^(-o --output)-o')"
	same "zsh: operands" "*:map file:_files -g '*.(yaml|yml|json)(-.)'" "$(z cjm-validate | grep '^\*')"
fi

# fish: complete -C, with the scripts where vendor_completions.d puts them.
f() {
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 fish -c "set fish_complete_path $tmp/fish \$fish_complete_path
	complete -C '$1'" | cut -f1 | sort | tr '\n' ' '
}
if command -v fish >/dev/null 2>&1; then
	mkdir "$tmp/fish"
	for t in "$bin"/cjm-*; do cp "$comp/cjm.fish" "$tmp/fish/$(basename "$t").fish"; done
	same "fish: page words" "a3 a4 auto letter slide " "$(f 'cjm-render --page ')"
	same "fish: long option" "--strict " "$(f 'cjm-validate --str')"
	same "fish: maps only" "a.cjm.yaml b.json maps/ " "$(f 'cjm-validate ')"
	same "fish: -o any file" "notes.txt " "$(f 'cjm-validate -o n')"
fi

echo "completion: $pass passed, $fail failed"
[ $fail = 0 ]
