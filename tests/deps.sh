#!/bin/sh
# deps.sh: install the Debian packages named that are missing, or say how.
# Exit 2 when they are missing and we cannot install them (not root).
# Not on Debian, no package is installed: the build needs only that
# pkg-config finds the libraries ($CJM_PKGS), and says which it lacks.
# CJM_DEBIAN=0 or 1 overrides the detection (tests/deps.test.sh).
debian=${CJM_DEBIAN:-1}
if [ ! -r /etc/debian_version ] || ! command -v dpkg-query >/dev/null 2>&1; then
	debian=${CJM_DEBIAN:-0}
fi
if [ "$debian" = 0 ]; then
	[ -z "$CJM_PKGS" ] && exit 0
	pkg-config --print-errors --exists $CJM_PKGS && exit 0
	echo "cjm: pkg-config does not find the libraries above; install" \
	    "their development packages (or set PKG_CONFIG_PATH)" >&2
	exit 2
fi
missing=
for p in "$@"; do
	# A Node.js installed outside Debian's packaging (the image's
	# nodesource build bundles npm and conflicts with Debian's npm)
	# serves as well: the command is what the benches use.
	case $p in
	nodejs) command -v node >/dev/null 2>&1 && continue ;;
	npm) command -v npm >/dev/null 2>&1 && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "cjm: missing Debian packages; as root run:" >&2
	echo "  apt-get update && apt-get install -y$missing" >&2
	exit 2
fi
echo "cjm: installing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# An old package list may lack them: update once, then install.
apt-get update -qq >&2 && apt-get install -y -qq $missing >&2 || {
	echo "cjm: apt-get failed; run: apt-get install -y$missing" >&2
	exit 2
}
