#!/usr/bin/env bash
# Finishes the console's .deb after jpackage:
# - gives the jars inside it the fixed time they had when the AOT cache was made
#   (train-aot-cache.sh), so that the installed JVM accepts the cache: it checks each jar's size
#   and time, and jpackage stamps the files of a package with the time it builds it;
# - keeps its hard dependencies to what the console needs to run. jpackage makes xdg-utils a
#   Depends for the menu entries, and apt then pulls its recommendations (a perl stack and a
#   terminal emulator, ~46 packages); the postinst copies the entries itself where
#   xdg-desktop-menu is missing, so xdg-utils becomes a Recommends, beside the CJK fonts the
#   Chinese interface and reports read;
# - takes /opt itself out of its file list (leave-opt-unowned.sh): the package owned /opt, and
#   a purge warned "directory '/opt' not empty so not removed".
# Usage: finish-console-deb.sh PACKAGES_DIR
set -euo pipefail
packages=${1:?usage: finish-console-deb.sh PACKAGES_DIR}
time="@${JAR_TIME:-315532800}"
shopt -s nullglob
debs=("$packages"/headroom_*.deb)
[ ${#debs[@]} -gt 0 ] || { echo "finish-console-deb: no console .deb in $packages" >&2; exit 1; }
for deb in "${debs[@]}"; do
  work=$(mktemp -d /tmp/headroom-deb.XXXXXX)
  dpkg-deb -R "$deb" "$work/root"
  jars=("$work"/root/opt/headroom/lib/app/*.jar)
  [ ${#jars[@]} -gt 0 ] || { echo "finish-console-deb: $deb has no jars under /opt/headroom/lib/app" >&2; rm -rf "$work"; exit 1; }
  touch -d "$time" "${jars[@]}"
  control="$work/root/DEBIAN/control"
  depends=$(sed -n 's/^Depends: *//p' "$control" | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep -v '^xdg-utils' | grep -v '^$' | paste -sd, | sed 's/,/, /g') || true
  # One stanza: jpackage's control may end with an empty line (an empty homepage), and a field
  # after it would start a second package entry.
  sed -i '/^Depends:/d; /^Recommends:/d; /^[[:space:]]*$/d' "$control"
  [ -n "$depends" ] && printf 'Depends: %s\n' "$depends" >> "$control"
  printf 'Recommends: xdg-utils, fonts-noto-cjk\n' >> "$control"
  # Uncompressed here: leave-opt-unowned.sh edits the file list, then compresses it with xz.
  dpkg-deb --root-owner-group -Znone -b "$work/root" "$deb" >/dev/null
  "$(dirname "$0")/leave-opt-unowned.sh" "$deb"
  rm -rf "$work"
  echo "finish-console-deb: ${#jars[@]} jars in $(basename "$deb") stamped $(date -u -d "$time" +%F); Depends: $depends"
done
