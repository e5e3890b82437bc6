#!/bin/sh
# Applies the disk layout a device's params name; the provision workflow uploads and runs it on the host:
#   script "scripts/apply-disk-layout.sh {{ disk.layout }}"
# This example only records the layout in /etc/underlay-disk-layout (so it needs root on a real host). The real
# partitioning is site-specific (disks, controllers, installer) and goes in the case branch below, before the
# layout is recorded, so that a host never claims a layout it does not have.
set -eu

if [ "$#" -ne 1 ]; then
  echo "usage: apply-disk-layout.sh raid1|raid10|single" >&2
  exit 2
fi
layout=$1
case "$layout" in
raid1 | raid10 | single)
  # site-specific partitioning for "$layout" goes here (e.g. sgdisk and mdadm, or the RAID controller's tool)
  ;;
*)
  echo "apply-disk-layout.sh: unknown disk layout '$layout'; known: raid1, raid10, single" >&2
  exit 2
  ;;
esac

# a temporary file beside the target, then a rename: a reader sees the old layout or the new one, never half of it
target=/etc/underlay-disk-layout
tmp="$target.tmp.$$"
trap 'rm -f "$tmp"' EXIT
umask 022
printf '%s\n' "$layout" >"$tmp"
mv -f "$tmp" "$target"
echo "disk layout $layout recorded in $target"
