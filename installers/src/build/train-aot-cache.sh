#!/usr/bin/env bash
# Makes the console's ahead-of-time cache (JDK 25's AOT cache: its classes loaded and linked,
# and method profiles) by starting the packaged console once, headless, on its embedded
# simulated fleet with a throwaway profile; then both launchers use it
# (-XX:AOTCache=$APPDIR/headroom.aot). It halves the time to the first window.
# The cache belongs to this app-image's runtime and jars: it is made again with every package.
# Usage: train-aot-cache.sh APP_IMAGE_DIR
set -euo pipefail
image=${1:?usage: train-aot-cache.sh APP_IMAGE_DIR}
app="$image/lib/app"
cache="$app/headroom.aot"
[ -x "$image/bin/headroom" ] || { echo "train-aot-cache: no launcher at $image/bin/headroom" >&2; exit 1; }

# The JVM takes the cache only while every jar on the class path has the size and time it had
# when the cache was made. jpackage gives the files of a .deb the time it builds it, so the jars
# get one fixed time here, and finish-console-deb.sh gives them the same time inside the .deb.
touch -d "@${JAR_TIME:-315532800}" "$app"/*.jar

work=$(mktemp -d /tmp/headroom-aot.XXXXXX)
trap 'rm -rf "$work"' EXIT
rm -f "$cache"
# Two steps, each through the launcher itself so the cache matches its class path and options
# (the one-step -XX:AOTCacheOutput needs bin/java, which jpackage's runtime does not have):
# record what one start loads, then assemble the cache from that record. The JVM takes the
# options from the environment, after the launcher's own.
config="$work/headroom.aotconf"
if ! JAVA_TOOL_OPTIONS="-XX:AOTMode=record -XX:AOTConfiguration=$config -Dglass.platform=Headless -Xlog:aot=error,cds=error" \
    "$image/bin/headroom" --data-dir "$work/data" --exit-after 6 > "$work/training.log" 2>&1 || [ ! -s "$config" ]; then
  echo "train-aot-cache: the training run of the console failed; its output:" >&2
  cat "$work/training.log" >&2
  exit 1
fi
if ! JAVA_TOOL_OPTIONS="-XX:AOTMode=create -XX:AOTConfiguration=$config -XX:AOTCache=$cache -Xlog:aot=error,cds=error" \
    "$image/bin/headroom" > "$work/assembly.log" 2>&1 || [ ! -s "$cache" ]; then
  echo "train-aot-cache: assembling the AOT cache failed; its output:" >&2
  cat "$work/assembly.log" >&2
  exit 1
fi

# Name the cache in each launcher's configuration, under [JavaOptions].
for cfg in "$app"/*.cfg; do
  grep -q 'AOTCache=' "$cfg" && sed -i '/AOTCache=/d' "$cfg"
  sed -i 's|^\[JavaOptions\]$|[JavaOptions]\njava-options=-XX:AOTCache=$APPDIR/headroom.aot|' "$cfg"
done
echo "train-aot-cache: $(du -h "$cache" | cut -f1) cache at $cache, named in $(ls "$app"/*.cfg | wc -l) launcher configurations"
