#!/usr/bin/env bash
# Gives the console's jars inside its .deb the fixed time they had when the AOT cache was made
# (train-aot-cache.sh), so that the installed JVM accepts the cache: it checks each jar's size
# and time. jpackage stamps the files of a package with the time it builds it.
# Usage: pin-deb-times.sh PACKAGES_DIR
set -euo pipefail
packages=${1:?usage: pin-deb-times.sh PACKAGES_DIR}
time="@${JAR_TIME:-315532800}"
shopt -s nullglob
debs=("$packages"/headroom_*.deb)
[ ${#debs[@]} -gt 0 ] || { echo "pin-deb-times: no console .deb in $packages" >&2; exit 1; }
for deb in "${debs[@]}"; do
  work=$(mktemp -d /tmp/headroom-deb.XXXXXX)
  dpkg-deb -R "$deb" "$work/root"
  jars=("$work"/root/opt/headroom/lib/app/*.jar)
  [ ${#jars[@]} -gt 0 ] || { echo "pin-deb-times: $deb has no jars under /opt/headroom/lib/app" >&2; rm -rf "$work"; exit 1; }
  touch -d "$time" "${jars[@]}"
  dpkg-deb --root-owner-group -Zxz -b "$work/root" "$deb" >/dev/null
  rm -rf "$work"
  echo "pin-deb-times: ${#jars[@]} jars in $(basename "$deb") stamped $(date -u -d "$time" +%F)"
done
