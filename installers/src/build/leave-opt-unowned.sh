#!/usr/bin/env bash
# Takes /opt itself out of a .deb's file list, keeping everything under it. dpkg-deb puts every
# directory of the tree in the package, ./opt/ included, and no Debian package owns /opt: the
# package became its owner, and removing it made dpkg try to remove /opt and warn "directory
# '/opt' not empty so not removed" (or remove an empty /opt, which is not the package's). The
# package's preinst makes /opt on a machine that has none, so that it unpacks there too.
# tar can only delete from an uncompressed archive: a package built with dpkg-deb -Znone is
# xz-compressed here, once, rather than unpacked and compressed again.
# Usage: leave-opt-unowned.sh DEB...
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: leave-opt-unowned.sh DEB..." >&2; exit 2; }
for deb in "$@"; do
  deb=$(readlink -f "$deb")
  work=$(mktemp -d /tmp/headroom-opt.XXXXXX)
  (
    cd "$work"
    ar x "$deb"
    data=$(ar t "$deb" | grep '^data\.tar')
    case $data in
      data.tar.xz) xz -d "$data"; pack() { xz -z -T0 data.tar; } ;;
      data.tar.zst) zstd -q -d --rm "$data"; pack() { zstd -q --rm -19 data.tar; } ;;
      data.tar.gz) gzip -d "$data"; pack() { gzip -9 -n data.tar; } ;;
      data.tar) data=data.tar.xz; pack() { xz -z -T0 data.tar; } ;;   # built with -Znone: compressed once, here
      *) echo "leave-opt-unowned: $deb has no data.tar member (ar t: $(ar t "$deb" | paste -sd' '))" >&2; exit 1 ;;
    esac
    if tar -tf data.tar | grep -x './opt/' >/dev/null; then   # not grep -q: tar's SIGPIPE would fail the pipe
      tar --delete --no-recursion -f data.tar ./opt/   # the directory entry only, not what is in it
    fi
    pack
    rm -f "$deb"
    # The members in the order dpkg requires: debian-binary, control, data.
    ar rc "$deb" debian-binary $(ls control.tar*) "$data"
  )
  rm -rf "$work"
  if dpkg-deb -c "$deb" | awk '{print $6}' | grep -x './opt/' >/dev/null; then
    echo "leave-opt-unowned: $deb still lists ./opt/" >&2
    exit 1
  fi
done
