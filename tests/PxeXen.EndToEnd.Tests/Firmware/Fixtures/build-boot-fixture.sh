#!/usr/bin/env bash
# Builds what a netbooted test machine runs: Debian's real kernel (linux-image-amd64) and a tiny
# initramfs (busybox-static) whose /init prints one marker line to the serial console, then
# powers off. The tests read that line to prove which kernel command line the machine got and
# which NIC it booted from:
#
#   PXEXEN-E2E-MARKER mac=52:54:00:12:34:56 cmdline=<contents of /proc/cmdline>
#
# If the command line carries e2e.callback=<url>, /init first takes an address with busybox
# udhcpc and POSTs to that URL (the installer's "installed" callback), then prints
# PXEXEN-E2E-CALLBACK status=<ok|failed>.
#
# usage: build-boot-fixture.sh OUTPUT_DIR   (writes OUTPUT_DIR/vmlinuz and OUTPUT_DIR/initrd.gz)
set -euo pipefail
out=${1:?usage: build-boot-fixture.sh OUTPUT_DIR}
mkdir -p "$out"

kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1 || true)
[ -n "$kernel" ] || { echo "no /boot/vmlinuz-*: install linux-image-amd64" >&2; exit 3; }
version=${kernel#/boot/vmlinuz-}
# busybox-static's /bin/busybox needs nothing else; Debian's dynamic busybox (the two packages
# conflict, so CI may have either) is shipped with the libraries ldd names. BUSYBOX overrides.
busybox=${BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || { echo "no $busybox: install busybox-static (or busybox)" >&2; exit 3; }
command -v cpio >/dev/null || { echo "no cpio: install cpio" >&2; exit 3; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,proc,sys,dev,etc,modules,tmp}
cp "$busybox" "$root/bin/busybox"
for lib in $(ldd "$busybox" 2>/dev/null | grep -o '/[^ ]*' || true); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

# The NIC drivers are modules in Debian's kernel: ship them with their dependencies, in load order.
: > "$root/modules/order"
for module in e1000 virtio_pci virtio_net; do
  modprobe -S "$version" --show-depends "$module" | awk '$1 == "insmod" {print $2}' | while read -r ko; do
    name=$(basename "$ko")
    grep -qx "$name" "$root/modules/order" && continue
    case "$ko" in
      *.ko) cp "$ko" "$root/modules/$name" ;;
      *.ko.xz) xz -dc "$ko" > "$root/modules/${name%.xz}"; name=${name%.xz} ;;
      *.ko.zst) zstd -qdc "$ko" > "$root/modules/${name%.zst}"; name=${name%.zst} ;;
    esac
    echo "$name" >> "$root/modules/order"
  done
done

cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for ko in $(cat /modules/order); do insmod "/modules/$ko" 2>/dev/null; done
mac=
for i in 1 2 3 4 5 6 7 8 9 10; do
  for dev in /sys/class/net/*; do
    [ "${dev##*/}" = lo ] && continue
    [ -e "$dev/address" ] && { nic=${dev##*/}; mac=$(cat "$dev/address"); break 2; }
  done
  sleep 0.2
done
cmdline=$(cat /proc/cmdline)
for word in $cmdline; do
  case "$word" in e2e.callback=*) callback=${word#e2e.callback=} ;; esac
done
if [ -n "$callback" ] && [ -n "$nic" ]; then
  ip link set "$nic" up
  status=failed
  if udhcpc -i "$nic" -n -q -t 10 -T 2 -s /etc/udhcpc.script >/dev/null 2>&1 &&
     wget -q -O /tmp/callback --post-data '' "$callback" 2>/dev/null; then status=ok; fi
  echo "PXEXEN-E2E-CALLBACK status=$status url=$callback" > /dev/ttyS0
fi
echo "PXEXEN-E2E-MARKER mac=$mac cmdline=$cmdline" > /dev/ttyS0
sync
poweroff -f
INIT
chmod +x "$root/init"

# busybox udhcpc only reports the lease; this script applies it.
cat > "$root/etc/udhcpc.script" <<'SCRIPT'
#!/bin/sh
case "$1" in
  bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    [ -n "$router" ] && ip route add default via "${router%% *}" dev "$interface"
    ;;
esac
exit 0
SCRIPT
chmod +x "$root/etc/udhcpc.script"

cp "$kernel" "$out/vmlinuz"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) > "$out/initrd.gz"
echo "kernel $version, initrd $(stat -c %s "$out/initrd.gz") bytes"
