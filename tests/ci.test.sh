#!/bin/sh
# ci.test.sh: the example GitHub Actions workflow's steps and the
# pre-commit hook run as they would for a repository of maps (tests/ci.py).
bin=${BIN:?set BIN to the tools folder}
top=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$top/tests/ci.py" "$bin" "$top"
