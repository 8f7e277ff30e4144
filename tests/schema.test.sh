#!/bin/sh
# schema.test.sh: the JSON Schema of the format against a real validator
# (python3-jsonschema, Draft 2020-12); tests/schema.py says what is checked.
bin=${BIN:?set BIN to the tools folder}
top=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$top/tests/schema.py" "$bin" "$top"
