# cjm.bash: bash completion for the cjm tools. The options, their words
# and the operands' file types come from the tool itself
# (TOOL --list-options, cjm(7)), so they cannot drift from it.
# Installed as bash-completion/completions/<tool> for each tool.
_cjm()
{
	local cur prev words cword split
	_init_completion -s || return

	local tool=${words[0]} table short long arg vals help
	# Tabs are whitespace to read, which would merge empty fields.
	table=$("$tool" --list-options 2>/dev/null | tr '\t' '\037') || return
	if [[ $prev == -* ]]; then
		while IFS=$'\037' read -r short long arg vals help; do
			[[ -n $arg && ($prev == "$long" ||
			    (-n $short && $prev == "$short")) ]] || continue
			if [[ -n $vals ]]; then
				COMPREPLY=($(compgen -W "$vals" -- "$cur"))
			elif [[ $arg == FILE ]]; then
				_filedir
			fi
			return
		done <<<"$table"
	fi
	$split && return
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(cut -d$'\037' -f1,2 <<<"$table" |
		    tr '\037' '\n')" -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		return
	fi
	vals=$(awk -F'\037' '$3 == "OPERAND" { print $4 }' <<<"$table")
	_filedir "@(${vals// /|})"
}
complete -F _cjm cjm-validate cjm-funnel cjm-maturity cjm-render \
    cjm-convert cjm-diff $(compgen -c cjm- 2>/dev/null | sort -u)
