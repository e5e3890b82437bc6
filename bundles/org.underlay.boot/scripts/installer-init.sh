#!/bin/sh
# installer-init.sh: /init of the underlay installer (busybox sh), docs/boot.md "The installer environment".
#
#   1. brings up the network by DHCP; reads underlay.server, underlay.machine, underlay.token from
#      /proc/cmdline (no eval: nothing it reads is ever run, values outside a safe set are refused)
#   2. posts the inventory, then "installing"
#   3. fetches the plan; picks the first whole disk; "disk too small" if it is smaller than image.disk-bytes
#   4. streams the image to the disk while computing its sha256; "checksum mismatch" on a difference
#   5. re-reads the partition table, mounts partition 1, unpacks files.tar over it, makes the plan's
#      user (user.name) if the image lacks it, unmounts
#   6. posts its log and "installed", then reboots.
# Any failure posts the log and "failed: <reason>" and powers off.
#
# Progress lines on the console start with "underlay-installer:". Everything the installer prints
# (and the output of the commands it runs) goes to $LOG, which is mirrored to the console.

# busybox ash has "set -o pipefail" (used around the download pipelines), POSIX sh does not.
# shellcheck disable=SC3040

PATH=/bin:/sbin:/usr/bin:/usr/sbin
export PATH
LOG=/run/installer.log
TAG=underlay-installer

# ------------------------------------------------------------------ early set-up (runs as PID 1)
if [ "$$" = 1 ] && [ -z "$UNDERLAY_INSTALLER" ]; then
    mount -t devtmpfs devtmpfs /dev 2>/dev/null
    # The initramfs has no /dev/console node: open the console now that devtmpfs has one.
    exec </dev/console >/dev/console 2>&1
    mount -t proc proc /proc
    mount -t sysfs sysfs /sys
    mount -t tmpfs -o mode=0755 tmpfs /run
    mount -t tmpfs tmpfs /tmp
    : > "$LOG"
    # Mirror the log on the console (busybox tail polls once a second).
    tail -n +1 -f "$LOG" &
    UNDERLAY_INSTALLER=1
    export UNDERLAY_INSTALLER
    /bin/sh /init >>"$LOG" 2>&1
    # The installer ends in reboot or poweroff; should it ever return, PID 1 must not exit.
    sleep 2
    poweroff -f
    while :; do sleep 3600; done
fi

say() { echo "$TAG: $*"; }

SERVER='' MACHINE='' TOKEN=''

# Ends the installer: POSTs the log and the final status (when the server is known), then powers off
# (failure) or reboots (success).
finish() {   # finish STATUS ACTION
    say "status: $1"
    if [ -n "$SERVER" ]; then
        post log "$LOG" file || say "could not post the log"
        post status "$1" data || say "could not post the status"
    fi
    sync
    sleep 2     # let the console mirror catch up
    case "$2" in
        reboot) reboot -f ;;
        *) poweroff -f ;;
    esac
    while :; do sleep 3600; done
}
fail() { finish "failed: $*" poweroff; }

# post PATH VALUE data|file: POST to /machines/NAME/PATH?token=T
post() {
    url="$SERVER/machines/$MACHINE/$1?token=$TOKEN"
    if [ "$3" = file ]; then
        wget -q -O /dev/null --header 'Content-Type: text/plain' --post-file "$2" "$url"
    else
        wget -q -O /dev/null --header 'Content-Type: text/plain' --post-data "$2" "$url"
    fi
}

# ------------------------------------------------------------------ 1. command line, modules, network
say "starting (kernel $(uname -r))"
set -f      # split the command line into words, without globbing them
# shellcheck disable=SC2013
for word in $(cat /proc/cmdline); do
    case "$word" in
        underlay.server=*) SERVER=${word#*=} ;;
        underlay.machine=*) MACHINE=${word#*=} ;;
        underlay.token=*) TOKEN=${word#*=} ;;
    esac
done
set +f
# Safe sets: nothing that a shell, a URL or a key=value line could misread.
case "$SERVER" in
    http://*) ;;
    *) SERVER=; fail "bad or missing underlay.server" ;;
esac
case "${SERVER#http://}" in
    ''|*[!A-Za-z0-9.:\[\]-]*) SERVER=; fail "bad underlay.server" ;;
esac
case "$MACHINE" in
    ''|*[!A-Za-z0-9._-]*) SERVER=; fail "bad or missing underlay.machine" ;;
esac
case "$TOKEN" in
    ''|*[!A-Za-z0-9._~-]*) SERVER=; fail "bad or missing underlay.token" ;;
esac
say "server $SERVER, machine $MACHINE"

# Drivers for NICs, disks and ext4, in dependency order (list made by build-installer.sh); a driver
# without its hardware refuses to load, which is fine.
if [ -f /etc/installer-modules ]; then
    while read -r ko; do
        insmod "/lib/modules/$(uname -r)/$ko" 2>/dev/null
    done < /etc/installer-modules
fi

ip link set lo up
nics=
for n in /sys/class/net/*; do
    n=${n##*/}
    [ "$n" = lo ] && continue
    [ -e "/sys/class/net/$n/device" ] || continue    # physical NICs only
    nics="$nics $n"
    ip link set "$n" up
done
[ -n "$nics" ] || fail "no network interface"
# The first NIC with a link (waiting up to 20 s for one), then DHCP on it.
nic=
i=0
while [ -z "$nic" ] && [ $i -lt 40 ]; do
    for n in $nics; do
        if [ "$(cat "/sys/class/net/$n/carrier" 2>/dev/null)" = 1 ]; then nic=$n; break; fi
    done
    [ -n "$nic" ] || { sleep 0.5; i=$((i + 1)); }
done
[ -n "$nic" ] || fail "no network link on:$nics"
say "DHCP on $nic"
udhcpc -i "$nic" -n -q -t 10 -T 2 -s /etc/udhcpc.script || fail "no DHCP answer on $nic"
say "network: $(ip -4 addr show dev "$nic" | awk '/inet / {print $2}')"

# ------------------------------------------------------------------ 2. inventory, installing
oneline() { head -n 1 "$1" 2>/dev/null | tr -d '\000-\037\177'; }   # first line, no control characters
disks() {   # whole disks, in name order; no removable media
    for d in /sys/block/*; do
        d=${d##*/}
        case "$d" in
            vd*|sd*|nvme*n*) ;;
            *) continue ;;
        esac
        case "$d" in nvme*n*p*) continue ;; esac
        [ "$(cat "/sys/block/$d/removable" 2>/dev/null)" = 1 ] && continue
        [ "$(cat "/sys/block/$d/size")" -gt 0 ] 2>/dev/null || continue
        echo "$d"
    done
}
INV=/tmp/inventory
{
    echo "cpu.count=$(grep -c '^processor' /proc/cpuinfo)"
    echo "cpu.model=$(grep -m 1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//')"
    echo "memory.kib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
    for d in $(disks); do
        echo "disk.$d.bytes=$(( $(cat "/sys/block/$d/size") * 512 ))"
    done
    for n in $nics; do
        echo "nic.$n.mac=$(oneline "/sys/class/net/$n/address")"
        speed=$(oneline "/sys/class/net/$n/speed")
        case "$speed" in ''|-*|*[!0-9]*) ;; *) echo "nic.$n.speed=$speed" ;; esac
    done
    for kv in serial:product_serial vendor:sys_vendor product:product_name; do
        v=$(oneline "/sys/class/dmi/id/${kv#*:}")
        [ -n "$v" ] && echo "system.${kv%%:*}=$v"
    done
} > "$INV"
sed "s/^/$TAG: inventory: /" "$INV"
post inventory "$INV" file || fail "could not post the inventory"
post status installing data || fail "could not post the status"

# ------------------------------------------------------------------ 3. plan, disk
wget -q -O /tmp/plan "$SERVER/machines/$MACHINE/plan?token=$TOKEN" || fail "could not fetch the plan"
IMAGE_URL='' IMAGE_SHA='' IMAGE_SIZE='' IMAGE_FORMAT='' DISK_BYTES='' USER_NAME=''
while IFS='=' read -r key value; do
    value=$(printf '%s' "$value" | tr -d '\r')
    case "$key" in
        image.url) IMAGE_URL=$value ;;
        image.sha256) IMAGE_SHA=$value ;;
        image.size) IMAGE_SIZE=$value ;;
        image.format) IMAGE_FORMAT=$value ;;
        image.disk-bytes) DISK_BYTES=$value ;;
        user.name) USER_NAME=$value ;;
    esac
done < /tmp/plan
case "$IMAGE_URL" in
    /*) IMAGE_URL=$SERVER$IMAGE_URL ;;      # relative to the boot server
esac
case "$IMAGE_URL" in
    http://*) ;;
    *) fail "bad plan: image.url" ;;
esac
case "$IMAGE_URL" in *[!A-Za-z0-9._~:/?\&=%+-]*) fail "bad plan: image.url" ;; esac
case "$IMAGE_SHA" in
    *[!0-9a-f]*|'') fail "bad plan: image.sha256" ;;
esac
[ ${#IMAGE_SHA} -eq 64 ] || fail "bad plan: image.sha256"
case "$DISK_BYTES" in ''|*[!0-9]*) fail "bad plan: image.disk-bytes" ;; esac
case "$IMAGE_SIZE" in *[!0-9]*) fail "bad plan: image.size" ;; esac
[ "${IMAGE_FORMAT:-raw.gz}" = raw.gz ] || fail "unsupported image format: $IMAGE_FORMAT"
if [ -n "$USER_NAME" ]; then
    case "$USER_NAME" in
        [a-z_]*) ;;
        *) fail "bad plan: user.name" ;;
    esac
    case "$USER_NAME" in *[!a-z0-9_-]*) fail "bad plan: user.name" ;; esac
    [ ${#USER_NAME} -le 32 ] || fail "bad plan: user.name"
fi
say "plan: image $IMAGE_URL (${IMAGE_SIZE:-?} bytes, needs $DISK_BYTES bytes on disk)"

DISK=$(disks | head -n 1)
[ -n "$DISK" ] || fail "no disk"
have=$(( $(cat "/sys/block/$DISK/size") * 512 ))
say "disk: /dev/$DISK, $have bytes"
[ "$have" -ge "$DISK_BYTES" ] || fail "disk too small"

# ------------------------------------------------------------------ 4. image
# wget | tee FIFO | gunzip | dd, and sha256sum reading the FIFO: the sha256 of the file as downloaded.
say "writing the image to /dev/$DISK"
rm -f /tmp/image.fifo /tmp/image.sha256
mkfifo /tmp/image.fifo
sha256sum < /tmp/image.fifo > /tmp/image.sha256 &
sha_pid=$!
set -o pipefail
wget -q -O - "$IMAGE_URL" | tee /tmp/image.fifo | gunzip -c | dd of="/dev/$DISK" bs=1M conv=fsync 2>/tmp/dd.out
rc=$?
set +o pipefail
wait "$sha_pid"
cat /tmp/dd.out
[ $rc -eq 0 ] || fail "image download or write failed"
got=$(cut -d' ' -f1 /tmp/image.sha256)
say "image sha256 $got"
if [ "$got" != "$IMAGE_SHA" ]; then
    # Do not leave a bootable half-trusted disk behind.
    dd if=/dev/zero of="/dev/$DISK" bs=1M count=1 conv=fsync 2>/dev/null
    fail "checksum mismatch"
fi
sync

# ------------------------------------------------------------------ 5. files.tar
blockdev --rereadpt "/dev/$DISK" || fail "could not re-read the partition table"
part=
i=0
while [ -z "$part" ] && [ $i -lt 20 ]; do
    for p in /sys/block/"$DISK"/"$DISK"*; do
        [ "$(cat "$p/partition" 2>/dev/null)" = 1 ] && part=${p##*/}
    done
    if [ -z "$part" ] || [ ! -b "/dev/$part" ]; then part=''; sleep 0.5; i=$((i + 1)); fi
done
[ -n "$part" ] || fail "no partition 1 on /dev/$DISK"
mount -t ext4 "/dev/$part" /mnt || fail "could not mount /dev/$part"
say "unpacking files.tar over /dev/$part"
set -o pipefail
wget -q -O - "$SERVER/machines/$MACHINE/files.tar?token=$TOKEN" | tar -x -C /mnt
rc=$?
set +o pipefail
[ $rc -eq 0 ] || { umount /mnt; fail "could not unpack files.tar"; }

if [ -n "$USER_NAME" ]; then
    E=/mnt/etc
    if ! grep -q "^$USER_NAME:" "$E/passwd"; then
        say "adding user $USER_NAME"
        echo "$USER_NAME:x:1000:1000::/home/$USER_NAME:/bin/bash" >> "$E/passwd"
        grep -q "^$USER_NAME:" "$E/group" || echo "$USER_NAME:x:1000:" >> "$E/group"
        [ -f "$E/gshadow" ] && ! grep -q "^$USER_NAME:" "$E/gshadow" && echo "$USER_NAME:!::" >> "$E/gshadow"
        grep -q "^$USER_NAME:" "$E/shadow" \
            || echo "$USER_NAME:*:$(( $(date +%s) / 86400 )):0:99999:7:::" >> "$E/shadow"
    fi
    ids=$(grep "^$USER_NAME:" "$E/passwd" | cut -d: -f3,4)
    home=$(grep "^$USER_NAME:" "$E/passwd" | cut -d: -f6)
    mkdir -p "/mnt$home"
    chown -R "$ids" "/mnt$home"
    chmod 0755 "/mnt$home"
fi
# sshd's StrictModes: no group- or world-writable .ssh
for d in /mnt/root/.ssh /mnt/home/*/.ssh; do
    [ -d "$d" ] || continue
    chmod 0700 "$d"
    [ -f "$d/authorized_keys" ] && chmod 0600 "$d/authorized_keys"
done
sync
umount /mnt || fail "could not unmount /dev/$part"

# ------------------------------------------------------------------ 6. done
say "installed"
finish installed reboot
