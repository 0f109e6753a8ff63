#!/usr/bin/env bash
# Checks leave-opt-unowned.sh and the packages' preinst on a package built the way the real
# ones are (dpkg-deb over a tree under opt/), installed into a private dpkg root (no root needed,
# the machine's own dpkg database untouched):
# - its file list has what is under /opt but not /opt itself;
# - install and remove with someone else's files in /opt: no warning, /opt and those files
#   kept, nothing of the package left;
# - install where there is no /opt at all: the preinst makes it, and the purge leaves it.
# Run by .ci/packages; needs dpkg-deb, ar, xz and tar.
#
#   installers/src/test/opt-stays-unowned-test.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "opt-stays-unowned-test: FAIL: $*" >&2; exit 1; }
for tool in dpkg dpkg-deb ar xz tar; do
  command -v $tool >/dev/null || fail "needs $tool"
done

work=$(mktemp -d /tmp/headroom-opt-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
tree="$work/tree"
install -d "$tree/DEBIAN" "$tree/opt/headroom-opt-test/bin"
echo '#!/bin/sh' > "$tree/opt/headroom-opt-test/bin/run"
chmod 755 "$tree/opt/headroom-opt-test/bin/run"
cat > "$tree/DEBIAN/control" <<CONTROL
Package: headroom-opt-test
Version: 1.0
Architecture: all
Maintainer: Headroom <maintainers@headroom.invalid>
Description: test package for leave-opt-unowned.sh
CONTROL
install -m 755 "$here/../deb/agent/preinst" "$tree/DEBIAN/preinst"
deb="$work/headroom-opt-test.deb"
dpkg-deb --root-owner-group -Znone -b "$tree" "$deb" >/dev/null   # as the real ones are built
dpkg-deb -c "$deb" | awk '{print $6}' | grep -x './opt/' >/dev/null || fail "the test package should start out listing ./opt/"

"$here/../build/leave-opt-unowned.sh" "$deb"
files=$(dpkg-deb -c "$deb" | awk '{print $6}')
! grep -x './opt/' <<<"$files" >/dev/null || fail "the package still owns /opt: $files"
grep -x './opt/headroom-opt-test/bin/run' <<<"$files" >/dev/null || fail "what is under /opt went missing: $files"
ar t "$deb" | grep -x 'data.tar.xz' >/dev/null || fail "the package's files are not xz-compressed: $(ar t "$deb" | paste -sd' ')"

# A dpkg of our own: --root for the files and database, scripts run without chroot (they see DPKG_ROOT).
sandbox() {
  rm -rf "$work/root"
  install -d "$work/root/var/lib/dpkg/info" "$work/root/var/lib/dpkg/updates"
  touch "$work/root/var/lib/dpkg/status"
}
pkg() { dpkg --root="$work/root" --force-not-root --force-script-chrootless "$@" 2>&1; }

sandbox
install -d "$work/root/opt/someone-else"
touch "$work/root/opt/someone-else/keep"
out=$(pkg -i "$deb") || fail "install failed: $out"
[ -x "$work/root/opt/headroom-opt-test/bin/run" ] || fail "install put nothing under /opt"
out=$(pkg -r headroom-opt-test) || fail "remove failed: $out"
! grep -i 'warning' <<<"$out" >/dev/null || fail "the removal warned: $out"
[ -f "$work/root/opt/someone-else/keep" ] || fail "the purge took someone else's file from /opt"
[ ! -e "$work/root/opt/headroom-opt-test" ] || fail "the purge left /opt/headroom-opt-test"

sandbox
out=$(pkg -i "$deb") || fail "install where there is no /opt failed: $out"
out=$(pkg --purge headroom-opt-test) || fail "purge failed: $out"
! grep -i 'warning' <<<"$out" >/dev/null || fail "the purge warned: $out"
[ -d "$work/root/opt" ] || fail "the purge removed /opt, which is the system's"
[ -z "$(ls -A "$work/root/opt")" ] || fail "the purge left $(ls "$work/root/opt") in /opt"

echo "opt-stays-unowned-test: OK: /opt is not in the package's file list; install, remove and purge leave it and warn of nothing"
