#!/bin/bash
# build-installer.sh OUT_DIR
#
# Makes the underlay installer environment (docs/boot.md, "The installer environment") from the build
# machine's Debian packages:
#   OUT_DIR/vmlinuz    Debian's kernel (linux-image-amd64), copied
#   OUT_DIR/initrd.gz  gzip'd newc cpio: busybox-static, /init = installer-init.sh, udhcpc's script,
#                      and the kernel modules for NICs, disks and ext4 with their dependencies
# No root needed. Output is reproducible for the same inputs (fixed times, owners, order).
#
# Needs (Debian packages): linux-image-amd64, busybox-static, cpio, gzip, kmod (modinfo).
# Environment (optional):
#   KVER      kernel version (default: the newest with both /boot/vmlinuz-KVER and /lib/modules/KVER)
#   MODULES   space-separated module names (default below)
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 OUT_DIR" >&2
    exit 2
fi
OUT_DIR=$1
HERE=$(cd "$(dirname "$0")" && pwd)
log() { echo "build-installer: $*" >&2; }

# NICs (QEMU's e1000/e1000e/virtio, common server Intel NICs), disks (virtio, SATA/AHCI, SCSI, NVMe),
# ext4 and the crc32c it needs for metadata checksums (a crypto dependency modules.dep does not show).
MODULES=${MODULES:-"e1000 e1000e igb ixgbe virtio_pci virtio_net virtio_blk virtio_scsi ahci sd_mod nvme crc32c_generic crc32c-intel ext4"}

if [ -z "${KVER:-}" ]; then
    KVER=
    for v in $(find /lib/modules -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V); do
        [ -f "/boot/vmlinuz-$v" ] && [ -f "/lib/modules/$v/modules.dep" ] && KVER=$v
    done
fi
[ -n "$KVER" ] || { log "no kernel found (install linux-image-amd64)"; exit 1; }
MODDIR=/lib/modules/$KVER
BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] || { log "no $BUSYBOX (install busybox-static)"; exit 1; }
if ldd "$BUSYBOX" >/dev/null 2>&1; then log "$BUSYBOX is not static (install busybox-static)"; exit 1; fi

mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/underlay-installer.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
T=$WORK/tree

mkdir -p "$T"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,run,tmp,mnt,root,lib/modules/"$KVER"}
cp "$BUSYBOX" "$T/bin/busybox"
# One symbolic link per applet, where busybox would install it.
for path in $("$BUSYBOX" --list-full); do
    [ "$path" = bin/busybox ] && continue
    mkdir -p "$T/$(dirname "$path")"
    rel=$(dirname "$path" | sed -e 's|[^/]*|..|g')
    ln -sf "$rel/bin/busybox" "$T/$path"
done
[ -e "$T/bin/sh" ] || ln -sf busybox "$T/bin/sh"

install -m 0755 "$HERE/installer-init.sh" "$T/init"
install -m 0755 "$HERE/udhcpc.script" "$T/etc/udhcpc.script"
echo "root:x:0:0:root:/root:/bin/sh" > "$T/etc/passwd"
echo "root:x:0:" > "$T/etc/group"

# Modules: each requested module after its dependencies. modules.dep lists a module's dependencies
# transitively, the ones to load last first, so loading the list backwards, then the module, is a
# valid order. Soft "pre" dependencies (modinfo softdep) come before, too.
declare -A seen=()
order=()
add_module() {   # add_module NAME: a module name or an alias (an alias may name several modules)
    local name=$1 paths path
    paths=$(modinfo -k "$KVER" -n "$name" 2>/dev/null) || { log "no module $name in $KVER"; exit 1; }
    for path in $paths; do
        case "$path" in
            /*) add_path "$name" "$path" ;;     # not "(builtin)" nor "builtin": built into the kernel
        esac
    done
}
add_path() {   # add_path NAME PATH
    local name=$1 path=$2 rel deps softdeps d i
    rel=${path#"$MODDIR"/}
    [ -n "${seen[$rel]:-}" ] && return
    softdeps=$(modinfo -k "$KVER" -F softdep "$path" 2>/dev/null | sed -n 's/.*pre: *\([^:]*\)\(post:.*\)\{0,1\}$/\1/p')
    for d in $softdeps; do
        modinfo -k "$KVER" -n "$d" >/dev/null 2>&1 && add_module "$d"
    done
    read -r -a deps <<< "$(grep "^$rel:" "$MODDIR/modules.dep" | cut -d: -f2)"
    for (( i=${#deps[@]}-1; i>=0; i-- )); do
        if [ -z "${seen[${deps[$i]}]:-}" ]; then
            seen[${deps[$i]}]=1
            order+=("${deps[$i]}")
        fi
    done
    seen[$rel]=1
    order+=("$rel")
}
for m in $MODULES; do add_module "$m"; done
: > "$T/etc/installer-modules"
for rel in "${order[@]}"; do
    mkdir -p "$T/lib/modules/$KVER/$(dirname "$rel")"
    case "$rel" in
        *.ko) cp "$MODDIR/$rel" "$T/lib/modules/$KVER/$rel" ;;
        *.ko.xz) xz -dc "$MODDIR/$rel" > "$T/lib/modules/$KVER/${rel%.xz}"; rel=${rel%.xz} ;;
        *.ko.zst) zstd -qdc "$MODDIR/$rel" > "$T/lib/modules/$KVER/${rel%.zst}"; rel=${rel%.zst} ;;
        *) log "unexpected module file $rel"; exit 1 ;;
    esac
    echo "$rel" >> "$T/etc/installer-modules"
done
# A modules.dep for the modules included (busybox modprobe), same order as the kernel's.
for rel in "${order[@]}"; do
    grep "^$rel:" "$MODDIR/modules.dep" | sed -e 's/\.ko\.\(xz\|zst\):/.ko:/' -e 's/\.ko\.\(xz\|zst\)\b/.ko/g'
done > "$T/lib/modules/$KVER/modules.dep"
log "kernel $KVER, ${#order[@]} modules"

# The archive: sorted names, fixed times and owners.
find "$T" -exec touch -h -d @0 {} +
( cd "$T" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet ) \
    | gzip -9 -n > "$OUT_DIR/initrd.gz.tmp"
mv "$OUT_DIR/initrd.gz.tmp" "$OUT_DIR/initrd.gz"
cp "/boot/vmlinuz-$KVER" "$OUT_DIR/vmlinuz"
chmod 0644 "$OUT_DIR/vmlinuz" "$OUT_DIR/initrd.gz"
log "$OUT_DIR/vmlinuz ($(stat -c %s "$OUT_DIR/vmlinuz") bytes), $OUT_DIR/initrd.gz ($(stat -c %s "$OUT_DIR/initrd.gz") bytes)"
