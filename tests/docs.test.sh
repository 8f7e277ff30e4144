#!/bin/sh
# docs.test.sh: the commands of the README and the man pages' EXAMPLES
# run, and print what the text shows (tests/docs.py says the rules).
bin=${BIN:?set BIN to the tools folder}
top=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$top/tests/docs.py" "$bin" "$top" "$@"
