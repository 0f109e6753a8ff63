#!/usr/bin/env bash
# Builds headroom-agent_<version>_<arch>.deb from the agent's jpackage app-image, with dpkg-deb:
# jpackage's own .deb can install files only under /opt, and the agent also needs its systemd
# unit in /lib/systemd/system and its configuration as a conffile in /etc/headroom.
#
#   build-agent-deb.sh APP_IMAGE_DIR VERSION OUTPUT_DIR [EXAMPLE_CONFIG]
#
# EXAMPLE_CONFIG: node-agent's annotated agent.yaml naming every key; it goes to
# /usr/share/doc/headroom-agent/examples/, while /etc gets the safe default from this directory.
set -euo pipefail

image=$1 version=$2 out=$3 example=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
maintainer=${HEADROOM_MAINTAINER:-Headroom <maintainers@headroom.invalid>}

[ -x "$image/bin/headroom-agent" ] || { echo "build-agent-deb: no launcher at $image/bin/headroom-agent" >&2; exit 1; }
command -v dpkg-deb >/dev/null || { echo "build-agent-deb: dpkg-deb not found (apt-get install dpkg-dev or dpkg)" >&2; exit 1; }

root=$(mktemp -d)
chmod 755 "$root"   # mktemp makes it 0700, and it becomes the package's /
trap 'rm -rf "$root"' EXIT

install -d "$root/opt"
cp -a "$image" "$root/opt/headroom-agent"
install -D -m 644 "$here/agent.yaml" "$root/etc/headroom/agent.yaml"
install -D -m 644 "$here/headroom-agent.service" "$root/lib/systemd/system/headroom-agent.service"
if [ -n "$example" ] && [ -f "$example" ]; then
    install -D -m 644 "$example" "$root/usr/share/doc/headroom-agent/examples/agent.yaml"
fi

# Depends: the packages that hold the shared libraries the runtime links against, found the way
# jpackage finds them for the console (ldd, then dpkg -S), so the list follows the JDK.
depends=$(find "$root/opt/headroom-agent" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} + 2>/dev/null \
    | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | grep -v "^$root" | sort -u \
    | xargs -r -n1 sh -c 'dpkg -S "$(readlink -f "$0")" 2>/dev/null || dpkg -S "$0" 2>/dev/null' \
    | cut -d: -f1 | sort -u | paste -sd, - | sed 's/,/, /g')
[ -n "$depends" ] || depends=libc6

install -d -m 755 "$root/DEBIAN"
installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
arch=$(dpkg --print-architecture)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@MAINTAINER@|$maintainer|" \
    -e "s|@INSTALLED_SIZE@|$installed_size|" -e "s|@DEPENDS@|$depends|" "$here/control" > "$root/DEBIAN/control"
install -m 644 "$here/conffiles" "$root/DEBIAN/conffiles"
install -m 755 "$here/preinst" "$here/postinst" "$here/prerm" "$here/postrm" "$root/DEBIAN/"

mkdir -p "$out"
# --root-owner-group: every file root:root without needing fakeroot.
# -Znone: leave-opt-unowned.sh below edits the file list, then compresses it with xz.
dpkg-deb --root-owner-group -Znone --build "$root" "$out/headroom-agent_${version}_${arch}.deb"
# /opt is the system's, not the package's: out of the file list, so that a purge leaves it alone.
"$here/../../build/leave-opt-unowned.sh" "$out/headroom-agent_${version}_${arch}.deb"
