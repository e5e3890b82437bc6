#!/bin/bash
# build-debian-image.sh NAME OUT_DIR
#
# Builds a bootable Debian 12 (bookworm) BIOS disk image, OUT_DIR/NAME.raw.gz, for the underlay boot
# service (docs/boot.md, "The image catalogue"), and prints its catalogue entry as one JSON line on stdout.
#
# No loop devices and no mounts: the root tree is made by mmdebstrap in a directory, the ext4 file system
# from that directory (mkfs.ext4 -d), the disk by writing the partition table, the file system and GRUB
# into a plain file.
#
# Disk layout (msdos label):  sector 0      MBR = GRUB boot.img (first 440 bytes) + partition table
#                             sector 1..    GRUB core.img (diskboot + kernel + modules, < 1 MiB)
#                             sector 2048.. partition 1, bootable, ext4 labelled "underlay-root"
#
# The image is generic: no host name, no addresses, no keys, no SSH host keys (made on first boot).
# The installer unpacks the machine's files.tar over it (hostname, network, resolv.conf, authorized_keys).
#
# Needs (Debian packages): mmdebstrap, e2fsprogs, fdisk (sfdisk), grub-pc-bin, grub-common, gzip.
# Runs as root (mmdebstrap --mode=root), or set MMDEBSTRAP_MODE=unshare where user namespaces work.
#
# Environment (optional):
#   APT_SOURCES     a sources.list / deb822 .sources file for mmdebstrap; default: the host's
#                   /etc/apt/sources.list.d/debian.sources if present, else mmdebstrap's own default
#   SUITE           default bookworm
#   EXTRA_PACKAGES  comma-separated packages to add
#   KEEP_WORK=1     keep the work directory (printed on stderr)
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 NAME OUT_DIR" >&2
    exit 2
fi
NAME=$1
OUT_DIR=$2
case "$NAME" in
    ''|*[!A-Za-z0-9._-]*) echo "bad image name: $NAME" >&2; exit 2 ;;
esac

SUITE=${SUITE:-bookworm}
LABEL=underlay-root
MODE=${MMDEBSTRAP_MODE:-root}
PACKAGES=linux-image-amd64,systemd-sysv,udev,openssh-server,ifupdown,isc-dhcp-client,iproute2,netbase,dbus,libpam-systemd,sudo,chrony,kmod,e2fsprogs,fdisk,less,ca-certificates
if [ -n "${EXTRA_PACKAGES:-}" ]; then PACKAGES="$PACKAGES,$EXTRA_PACKAGES"; fi

log() { echo "build-debian-image: $*" >&2; }

for tool in mmdebstrap mkfs.ext4 sfdisk grub-mkimage gzip sha256sum; do
    command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 1; }
done
BOOT_IMG=/usr/lib/grub/i386-pc/boot.img
[ -f "$BOOT_IMG" ] || { log "missing $BOOT_IMG (package grub-pc-bin)"; exit 1; }

mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/underlay-image.XXXXXX")
cleanup() {
    if [ "${KEEP_WORK:-0}" = 1 ]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
ROOT=$WORK/root
START=$(date +%s)

# ---------------------------------------------------------------- 1. the root tree
MIRRORS=()
if [ -n "${APT_SOURCES:-}" ]; then
    MIRRORS=("$APT_SOURCES")
elif [ -f /etc/apt/sources.list.d/debian.sources ]; then
    MIRRORS=(/etc/apt/sources.list.d/debian.sources)
fi
log "mmdebstrap $SUITE (minbase + $PACKAGES)"
# No documentation, manual pages or translations: they are most of a minimal system's size. Nor kernel
# modules for hardware servers do not have (sound, cameras and TV cards, Wi-Fi and Bluetooth, desktop
# GPUs: ~150 MB of the kernel's ~400 MB); servers' BMC graphics (ast, mgag200) stay. The dpkg options
# are also kept in the image (/etc/dpkg/dpkg.cfg.d/99mmdebstrap), so kernel updates and later installs
# leave out the same.
EXCLUDE=()
for d in sound drivers/media drivers/net/wireless drivers/bluetooth net/bluetooth \
         drivers/gpu/drm/amd drivers/gpu/drm/i915 drivers/gpu/drm/nouveau drivers/gpu/drm/radeon \
         drivers/staging drivers/iio drivers/comedi drivers/isdn drivers/nfc net/nfc \
         drivers/input/joystick drivers/input/touchscreen drivers/net/wwan drivers/net/ieee802154; do
    EXCLUDE+=(--dpkgopt="path-exclude=/lib/modules/*/kernel/$d/*"
              --dpkgopt="path-exclude=/usr/lib/modules/*/kernel/$d/*")
done
mmdebstrap --mode="$MODE" --variant=minbase --include="$PACKAGES" "${EXCLUDE[@]}" \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' \
    "$SUITE" "$ROOT" "${MIRRORS[@]}" >&2

# ---------------------------------------------------------------- 2. configure it
log "configuring"
cat > "$ROOT/etc/fstab" <<EOF
# <file system>     <mount point> <type> <options>          <dump> <pass>
LABEL=$LABEL  /             ext4   errors=remount-ro  0      1
EOF

echo debian > "$ROOT/etc/hostname"
cat > "$ROOT/etc/hosts" <<'EOF'
127.0.0.1	localhost
::1		localhost ip6-localhost ip6-loopback
ff02::1		ip6-allnodes
ff02::2		ip6-allrouters
EOF
# files.tar brings the real ones
: > "$ROOT/etc/resolv.conf"

cat > "$ROOT/etc/network/interfaces" <<'EOF'
# The machine's interfaces are in interfaces.d (written by the underlay installer from the design).
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback
EOF
mkdir -p "$ROOT/etc/network/interfaces.d"

# Serial console: a getty on ttyS0 (systemd would also start it from console=ttyS0 on the command line).
ln -sf /lib/systemd/system/serial-getty@.service \
    "$ROOT/etc/systemd/system/getty.target.wants/serial-getty@ttyS0.service"

# SSH: enabled (openssh-server's postinst did that); no host keys in the image, every machine makes its
# own on first boot, before sshd starts.
rm -f "$ROOT"/etc/ssh/ssh_host_*
cat > "$ROOT/etc/systemd/system/underlay-ssh-host-keys.service" <<'EOF'
[Unit]
Description=Generate SSH host keys (underlay image first boot)
ConditionPathExists=!/etc/ssh/ssh_host_ed25519_key
Before=ssh.service

[Service]
Type=oneshot
ExecStart=/usr/bin/ssh-keygen -A

[Install]
WantedBy=multi-user.target
EOF
mkdir -p "$ROOT/etc/systemd/system/multi-user.target.wants"
ln -sf /etc/systemd/system/underlay-ssh-host-keys.service \
    "$ROOT/etc/systemd/system/multi-user.target.wants/underlay-ssh-host-keys.service"
[ -e "$ROOT/etc/systemd/system/multi-user.target.wants/ssh.service" ] \
    || ln -sf /lib/systemd/system/ssh.service "$ROOT/etc/systemd/system/multi-user.target.wants/ssh.service"

# The root file system is only as big as its content (+25%); grow partition 1 and the file system to
# the whole disk on first boot.
cat > "$ROOT/usr/local/sbin/underlay-grow-root" <<'EOF'
#!/bin/sh
# Grows the root partition (partition 1) and its ext4 file system to the end of the disk, once.
set -e
root=$(findmnt -n -o SOURCE /)
disk=/dev/$(lsblk -n -o PKNAME "$root")
echo ', +' | sfdisk --no-reread --no-tell-kernel -N 1 "$disk"
partx -u "$disk" || true
resize2fs "$root"
EOF
chmod 755 "$ROOT/usr/local/sbin/underlay-grow-root"
cat > "$ROOT/etc/systemd/system/underlay-grow-root.service" <<'EOF'
[Unit]
Description=Grow the root file system to the whole disk (underlay image first boot)
ConditionPathExists=!/var/lib/underlay/grown
After=local-fs.target

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/underlay-grow-root
ExecStartPost=/bin/sh -c 'mkdir -p /var/lib/underlay && touch /var/lib/underlay/grown'

[Install]
WantedBy=multi-user.target
EOF
ln -sf /etc/systemd/system/underlay-grow-root.service \
    "$ROOT/etc/systemd/system/multi-user.target.wants/underlay-grow-root.service"

# Every machine gets its own machine-id on first boot.
: > "$ROOT/etc/machine-id"
rm -f "$ROOT/var/lib/dbus/machine-id"

# GRUB: our own configuration; the image has no grub package (GRUB is written into the disk below).
# /vmlinuz and /initrd.img are the kernel package's symbolic links, kept current by kernel updates.
mkdir -p "$ROOT/boot/grub"
if [ ! -e "$ROOT/vmlinuz" ] || [ ! -e "$ROOT/initrd.img" ]; then log "no /vmlinuz or /initrd.img in the tree"; exit 1; fi
cat > "$ROOT/boot/grub/grub.cfg" <<EOF
# underlay image: written by build-debian-image.sh
serial --unit=0 --speed=115200
terminal_input console serial
terminal_output console serial
set timeout=1
set default=0
search --no-floppy --label --set=root $LABEL
menuentry "Debian GNU/Linux" {
    linux /vmlinuz root=LABEL=$LABEL ro console=tty0 console=ttyS0,115200
    initrd /initrd.img
}
EOF

# Nothing the image does not need.
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/*.bin "$ROOT"/var/cache/apt/archives/*.deb \
    "$ROOT"/var/log/*.log "$ROOT"/var/log/apt/* "$ROOT"/tmp/* "$ROOT"/var/tmp/*
VERSION="$(cat "$ROOT/etc/debian_version")-$(date -u +%Y%m%d)"

# ---------------------------------------------------------------- 3. the ext4 file system
# Size: the content plus 25%, plus room for the journal and metadata; 4 KiB blocks and an explicit
# inode count (mke2fs would otherwise pick its "small" profile with 1 KiB blocks under 512 MiB).
USED_KIB=$(du -sxk "$ROOT" | cut -f1)
FILES=$(find "$ROOT" -xdev | wc -l)
FS_MIB=$(( (USED_KIB * 5 / 4) / 1024 + 64 ))
INODES=$(( FILES * 2 + 16384 ))
log "ext4: ${FS_MIB} MiB for ${USED_KIB} KiB in $FILES files"
mkfs.ext4 -q -F -L "$LABEL" -b 4096 -T default -N "$INODES" -E root_owner=0:0 -d "$ROOT" \
    "$WORK/root.ext4" "${FS_MIB}M" >&2

# ---------------------------------------------------------------- 4. the disk
DISK=$WORK/$NAME.raw
DISK_BYTES=$(( (FS_MIB + 1) * 1024 * 1024 ))
truncate -s "$DISK_BYTES" "$DISK"
sfdisk --no-reread --no-tell-kernel -q "$DISK" >&2 <<EOF
label: dos
label-id: 0x756c6179
start=2048, type=83, bootable
EOF
dd if="$WORK/root.ext4" of="$DISK" bs=1M seek=1 conv=notrunc,sparse status=none
rm -f "$WORK/root.ext4"

# GRUB without grub-install: core.img at sector 1 (its first sector, diskboot, already holds the block
# list "sectors 2.. for the rest of core.img"), boot.img's code in the MBR (boot.img reads the sector at
# its offset 0x5c, 1 by default, which is where core.img starts).
grub-mkimage -O i386-pc -p '(hd0,msdos1)/boot/grub' -o "$WORK/core.img" \
    biosdisk part_msdos ext2 normal linux search search_label configfile echo serial terminal
CORE_BYTES=$(stat -c %s "$WORK/core.img")
if [ "$CORE_BYTES" -gt $(( 2047 * 512 )) ]; then log "core.img too big: $CORE_BYTES"; exit 1; fi
dd if="$BOOT_IMG" of="$DISK" bs=440 count=1 conv=notrunc status=none
# As grub-setup does for hard disks: replace boot.img's "jmp" over the boot-drive check by two nops,
# for BIOSes that do not pass the boot drive in %dl correctly.
printf '\220\220' | dd of="$DISK" bs=1 seek=$((0x66)) count=2 conv=notrunc status=none
dd if="$WORK/core.img" of="$DISK" bs=512 seek=1 conv=notrunc status=none

# ---------------------------------------------------------------- 5. compress and describe
log "compressing"
gzip -1 -n -c "$DISK" > "$OUT_DIR/$NAME.raw.gz.tmp"
mv "$OUT_DIR/$NAME.raw.gz.tmp" "$OUT_DIR/$NAME.raw.gz"
SHA=$(sha256sum "$OUT_DIR/$NAME.raw.gz" | cut -d' ' -f1)
SIZE=$(stat -c %s "$OUT_DIR/$NAME.raw.gz")
echo "$SHA  $NAME.raw.gz" > "$OUT_DIR/$NAME.raw.gz.sha256"
log "done in $(( $(date +%s) - START )) s: $NAME.raw.gz $SIZE bytes, disk $DISK_BYTES bytes"
printf '{"name":"%s","version":"%s","file":"%s","format":"raw.gz","sha256":"%s","size":%s,"disk-bytes":%s}\n' \
    "$NAME" "$VERSION" "$NAME.raw.gz" "$SHA" "$SIZE" "$DISK_BYTES"
