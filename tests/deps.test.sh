#!/bin/sh
# deps.test.sh: off Debian, the build installs nothing and only needs
# pkg-config to find the libraries, naming the ones it does not find.
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
CJM_DEBIAN=0 CJM_PKGS="jansson yaml-0.1" sh "$top/tests/deps.sh" no-such-debian-package 2>/dev/null &&
    ok || bad "not Debian, libraries found: not 0"
err=$(CJM_DEBIAN=0 CJM_PKGS="jansson cjm-no-such-library" sh "$top/tests/deps.sh" 2>&1)
[ $? = 2 ] && ok || bad "not Debian, a library missing: not 2"
case $err in *cjm-no-such-library*) ok ;; *) bad "the missing library is not named: $err" ;; esac
case $err in *apt-get*) bad "apt-get offered off Debian" ;; *) ok ;; esac
echo "deps: $pass passed, $fail failed"
[ $fail = 0 ]
