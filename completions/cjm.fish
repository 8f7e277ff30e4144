# cjm.fish: fish completion for the cjm tools, installed as
# vendor_completions.d/<tool>.fish for each tool. The options, their
# words and the operands' file types come from the tool itself
# (TOOL --list-options, cjm(7)), so they cannot drift from it.
set -l tool (path basename (status filename) | string replace -r '\.fish$' '')
command -q $tool; or return

# Files with one of these endings, and folders, under the token.
function __cjm_operands
    set -l re '\.('(string join '|' -- $argv)')$'
    for f in (commandline -ct)*
        if test -d $f
            echo $f/
        else if string match -qr -- $re $f
            echo $f
        end
    end
end

# Operands are files of the tool's kinds only (below), not any file.
complete -c $tool -f
for line in ($tool --list-options 2>/dev/null)
    set -l f (string split \t -- $line)
    if test "$f[3]" = OPERAND
        complete -c $tool -a "(__cjm_operands $f[4])"
        continue
    end
    set -l spec -c $tool -l (string sub -s 3 -- $f[2]) -d "$f[5]"
    if test -n "$f[1]"
        set -a spec -s (string sub -s 2 -- $f[1])
    end
    if test -z "$f[3]"
        set -a spec -f
    else
        set -a spec -r
        if test -n "$f[4]"
            set -a spec -f -a "$f[4]"
        else if test "$f[3]" = FILE
            set -a spec -F
        else
            set -a spec -f
        end
    end
    complete $spec
end
