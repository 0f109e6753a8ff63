#!/bin/sh
# The agent image's base, made here without a registry: a trimmed Java runtime (jlink, from the
# JDK that runs the build), the C libraries that runtime loads (taken from this machine, as ldd
# names them), and the files the .deb also lays down (/etc/headroom/agent.yaml, the state
# directory). Jib adds the agent's jars on top (deploy/pom.xml); nothing else is in the image:
# no shell, no package manager.
#
#   assemble-root.sh ROOT JAVA_HOME MODULES CONFIG
set -eu

root=$1
java_home=$2
modules=$3
config=$4

rm -rf "$root"
mkdir -p "$root/opt" "$root/etc/headroom" "$root/var/lib/headroom-agent" "$root/tmp"

"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-6 --output "$root/opt/java"

# Every shared library the runtime needs from the system, copied as the file it resolves to
# (no links: an image layer keeps what Jib finds, and a link to /usr/lib would dangle).
libraries=$(
    for binary in "$root/opt/java/bin/java" $(find "$root/opt/java/lib" -name '*.so'); do
        LD_LIBRARY_PATH="$root/opt/java/lib:$root/opt/java/lib/server" ldd "$binary"
    done | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' | sort -u
)
for library in $libraries; do
    case "$library" in "$root"/*) continue ;; esac
    mkdir -p "$root$(dirname "$library")"
    cp -L "$library" "$root$library"
done
# The loader by its canonical name too: the kernel opens the path written in java's ELF header.
interpreter=/lib64/ld-linux-x86-64.so.2
if [ -e "$interpreter" ] && [ ! -e "$root$interpreter" ]; then
    mkdir -p "$root/lib64"
    cp -L "$interpreter" "$root$interpreter"
fi
# glibc's name-service libraries are loaded at run time, not named by ldd: without libnss_files
# and libnss_dns (folded into libc since glibc 2.34) host names would not resolve on older bases.
for nss in /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2; do
    if [ -e "$nss" ]; then
        cp -L "$nss" "$root$nss"
    fi
done

# The agent's user, so that tools and logs show a name; 65532 as distroless images use.
printf 'root:x:0:0:root:/root:/sbin/nologin\nheadroom:x:65532:65532:Headroom agent:/var/lib/headroom-agent:/sbin/nologin\n' \
    >"$root/etc/passwd"
printf 'root:x:0:\nheadroom:x:65532:\n' >"$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"

cp "$config" "$root/etc/headroom/agent.yaml"
