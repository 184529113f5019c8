#!/bin/bash
# pxexen-boot end to end vs pypxeboot's transport, same network, same servers, same sitting.
#
# Topology (names carry this shell's pid, so nothing collides with other suites):
#   netns pxbS<pid>: dnsmasq (DHCP only, dhcp-host for both MACs, --no-ping) + atftpd (TFTP, windowsize)
#   netns pxbD<pid>: "dom0": bridge pxbbr<pid> with 10.233.<n>.2, one veth port to the server
# Measured from process start to the written record:
#   ours : pxexen-boot (Native AOT) --output-format=simple0 --interface=bridge (DHCP DORA, config lookup, kernel, initrd)
#   peer : what pypxeboot runs: busybox udhcpc -n -q (DHCP) then tftp-hpa at blksize 512 for
#          pxelinux.cfg/01-<mac>, the kernel and the initrd (pypxeboot b7e226b5, :204-381)
# Start-up: execve of pxexen-boot to its first DHCPDISCOVER on the wire (strace --seccomp-bpf, only
#   execve/sendto/sendmsg traced), STARTUP_REPS times, interleaved with the same figure for the floor:
#   bench/bootloader/floor, a Native AOT program that only sends one UDP datagram. Both run SCHED_FIFO
#   (chrt -f 50) so that other work on the machine does not decide the figure.
# usage: bench/bootloader/run.sh [REPS]   (env HELPER=/path/to/aot/pxexen-boot, FLOOR=..., STARTUP_REPS=15;
#        root; 10 MiB kernel + 100 MiB initrd)
set -euo pipefail
REPS=${1:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
HELPER=${HELPER:-/tmp/pxexen-boot-aot/pxexen-boot}
if [ ! -x "$HELPER" ]; then
  echo "publishing the AOT helper to $(dirname "$HELPER")" >&2
  dotnet publish "$HERE/../../src/PxeXen.Bootloader" -c Release -r linux-x64 -o "$(dirname "$HELPER")" >/dev/null
fi
FLOOR=${FLOOR:-/tmp/pxexen-floor-aot/pxexen-floor}
if [ ! -x "$FLOOR" ]; then
  echo "publishing the start-up floor to $(dirname "$FLOOR")" >&2
  dotnet publish "$HERE/floor" -c Release -r linux-x64 -o "$(dirname "$FLOOR")" >/dev/null
fi
# atftpd conflicts with tftpd-hpa as a Debian package (other suites need that one): when it is not
# installed, run the binary straight out of its .deb (apt-get download + dpkg -x, nothing installed).
ATFTPD=$(command -v atftpd || true)
if [ -z "$ATFTPD" ]; then
  ATFTPD=/tmp/pxexen-bench-atftpd/usr/sbin/atftpd
  if [ ! -x "$ATFTPD" ]; then
    (mkdir -p /tmp/pxexen-bench-atftpd && cd /tmp/pxexen-bench-atftpd && apt-get download atftpd >/dev/null 2>&1 && dpkg -x atftpd_*.deb .) \
      || { echo "missing atftpd (apt-get download atftpd failed)" >&2; exit 1; }
  fi
fi
for tool in dnsmasq tftp busybox strace; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done

ID=$$; S=pxbS$ID; D=pxbD$ID; BR=pxbbr$ID; NET=10.233.$((ID % 200 + 20))
WORK=$(mktemp -d /tmp/pxexen-bench-boot.XXXXXX)
cleanup() {
  [ -n "${DNSMASQ:-}" ] && kill "$DNSMASQ" 2>/dev/null || true
  [ -n "${ATFTPD_PID:-}" ] && kill "$ATFTPD_PID" 2>/dev/null || true
  ip netns del "$S" 2>/dev/null || true; ip netns del "$D" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
ip netns add "$S"; ip netns add "$D"
ip link add pxbs$ID netns "$S" type veth peer name pxbp$ID netns "$D"
ip -n "$S" link set lo up; ip -n "$D" link set lo up
ip -n "$S" addr add $NET.1/24 dev pxbs$ID; ip -n "$S" link set pxbs$ID up
ip -n "$D" link add "$BR" type bridge forward_delay 0
ip -n "$D" link set pxbp$ID master "$BR"; ip -n "$D" link set pxbp$ID up
ip -n "$D" addr add $NET.2/24 dev "$BR"; ip -n "$D" link set "$BR" up

MAC=00:16:3e:be:0c:01
ROOT=$WORK/tftpboot; mkdir -p "$ROOT/pxelinux.cfg" "$ROOT/images/xen"
head -c $((10 << 20)) /dev/urandom > "$ROOT/images/xen/vmlinuz"
head -c $((100 << 20)) /dev/urandom > "$ROOT/images/xen/initrd.img"
printf 'default linux\nprompt 0\nlabel linux\n  kernel images/xen/vmlinuz\n  ipappend 2\n  append initrd=images/xen/initrd.img ks=http://%s/ks text\n' "$NET.1" \
  > "$ROOT/pxelinux.cfg/01-${MAC//:/-}"
BRMAC=$(ip -n "$D" -br link show "$BR" | awk '{print $3}')
ip netns exec "$S" dnsmasq --keep-in-foreground --no-daemon --conf-file=/dev/null --port=0 --interface=pxbs$ID --bind-interfaces \
  --no-ping --dhcp-authoritative --dhcp-range=$NET.100,$NET.200,12h --dhcp-boot=pxelinux.0,,$NET.1 \
  --dhcp-host=$MAC,$NET.39 --dhcp-host=$BRMAC,$NET.40 --dhcp-leasefile=$WORK/leases --pid-file=$WORK/dnsmasq.pid >"$WORK/dnsmasq.log" 2>&1 &
DNSMASQ=$!
ip netns exec "$S" "$ATFTPD" --daemon --no-fork --port 69 --bind-address $NET.1 --user root.root --logfile "$WORK/atftpd.log" "$ROOT" &
ATFTPD_PID=$!
sleep 1

now() { date +%s.%N; }
ours() {
  rm -rf "$WORK/out"; mkdir -p "$WORK/out/d"; : > "$WORK/out/o"
  local t0 t1; t0=$(now)
  ip netns exec "$D" "$HELPER" --output="$WORK/out/o" --output-format=simple0 --output-directory="$WORK/out/d" \
    --mac=$MAC --interface="$BR" -q ${OURS_ARGS:-} /dev/null 2>"$WORK/ours.err" || { cat "$WORK/ours.err" >&2; return 1; }
  t1=$(now)
  cmp -s "$WORK/out/d/$(ls "$WORK/out/d" | grep kernel)" "$ROOT/images/xen/vmlinuz" || { echo "kernel differs" >&2; return 1; }
  cmp -s "$WORK/out/d/$(ls "$WORK/out/d" | grep ramdisk)" "$ROOT/images/xen/initrd.img" || { echo "initrd differs" >&2; return 1; }
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}'
}
peer() {
  rm -rf "$WORK/peer"; mkdir -p "$WORK/peer"
  local t0 t1; t0=$(now)
  ip netns exec "$D" sh -c "
    busybox udhcpc -n -q -f -i $BR -s /bin/true >/dev/null 2>&1 || exit 1
    cd $WORK/peer
    tftp -m binary $NET.1 -c get pxelinux.cfg/01-${MAC//:/-} cfg || exit 1
    tftp -m binary $NET.1 -c get images/xen/vmlinuz vmlinuz || exit 1
    tftp -m binary $NET.1 -c get images/xen/initrd.img initrd.img || exit 1"
  t1=$(now)
  cmp -s "$WORK/peer/initrd.img" "$ROOT/images/xen/initrd.img" || { echo "peer initrd differs" >&2; return 1; }
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}'
}
startup() {
  rm -rf "$WORK/out"; mkdir -p "$WORK/out/d"; : > "$WORK/out/o"
  ip netns exec "$D" chrt -f 50 strace -f --seccomp-bpf -e trace=execve,sendmsg,sendto -ttt -o "$WORK/st" "$HELPER" --output="$WORK/out/o" \
    --output-format=simple0 --output-directory="$WORK/out/d" --mac=$MAC --interface="$BR" -q /dev/null 2>/dev/null || true
  awk '/execve/ && !t0 {t0=$2} /htons\(67\)/ && !t1 {t1=$2} END {printf "%.1f", (t1-t0)*1000}' "$WORK/st"
}
floor() {
  ip netns exec "$D" chrt -f 50 strace -f --seccomp-bpf -e trace=execve,sendmsg,sendto -ttt -o "$WORK/fl" "$FLOOR" 2>/dev/null || true
  awk '/execve/ && !t0 {t0=$2} /send(to|msg)\(/ && !t1 {t1=$2} END {printf "%.1f", (t1-t0)*1000}' "$WORK/fl"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
O=(); P=(); U=(); F=()
for rep in $(seq 1 "$REPS"); do
  o=$(ours); p=$(peer)
  O+=("$o"); P+=("$p")
  printf 'rep %d  pxexen-boot %ss  pypxeboot-transport %ss  ratio %.1fx\n' "$rep" "$o" "$p" "$(awk -v a="$p" -v b="$o" 'BEGIN{print a/b}')"
done
for rep in $(seq 1 "${STARTUP_REPS:-15}"); do
  U+=("$(startup)"); F+=("$(floor)")
done
echo "start-up pxexen-boot (ms): ${U[*]}"
echo "start-up AOT floor   (ms): ${F[*]}"
mo=$(printf '%s\n' "${O[@]}" | median); mp=$(printf '%s\n' "${P[@]}" | median)
mu=$(printf '%s\n' "${U[@]}" | median); mn=$(printf '%s\n' "${U[@]}" | sort -n | head -1)
mf=$(printf '%s\n' "${F[@]}" | median); fn=$(printf '%s\n' "${F[@]}" | sort -n | head -1)
printf 'median: pxexen-boot %ss, pypxeboot transport %ss, %.1fx faster\n' "$mo" "$mp" "$(awk -v a="$mp" -v b="$mo" 'BEGIN{print a/b}')"
printf 'start-up to first DHCPDISCOVER: median %s ms (min %s ms); AOT floor median %s ms (min %s ms)\n' "$mu" "$mn" "$mf" "$fn"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
