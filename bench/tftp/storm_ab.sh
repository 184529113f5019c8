#!/bin/bash
# Tells builds apart on a noisy machine: a fresh server for every storm (as tftp_storm.sh), the
# servers taken in turn within each rep, and the server's user and system CPU of each storm kept
# apart (what a build changes in user space is lost in the kernel's swings otherwise). CPU is the
# server cgroup's (forked children included, tftpd-hpa forks one per transfer) when cgroup v1
# cpuacct is there, else the server process's own.
# usage: storm_ab.sh REPS N SERVER...
#   SERVER: a peer preset (tftpd-hpa, atftpd) or a directory holding a published pxexen-server.dll
#   (its name is the label), settings after it joined by '+', e.g.
#   storm_ab.sh 12 10 /tmp/pxxtftp-bench/server /tmp/pxxtftp-bench/server+--Tftp:FollowIncomingCpu=false atftpd
# env: CLIENT (curl), BLK (1468), FILE (k10M.bin)
# output: results/storm_ab_raw.csv (appended) and medians on stdout
set -u
. "$(dirname "$0")/common.sh"
[ $# -ge 3 ] || { sed -n 2,12p "$0"; exit 2; }
REPS=$1; N=$2; shift 2
CLIENT=${CLIENT:-curl}; BLK=${BLK:-1468}; FILE=${FILE:-k10M.bin}
RAW=$RESULTS/storm_ab_raw.csv
[ -s "$RAW" ] || echo "ts,server,N,rep,agg_MBps,failed,server_user_s,server_sys_s" > "$RAW"
bytes=$(stat -c %s "$TFTP_ROOT/$FILE")
tck=$(getconf CLK_TCK)
# user and system CPU so far, in clock ticks
cpu_ticks() {
  if [ -r "$CG/cpuacct.stat" ]; then awk '{printf "%s ", $2}' "$CG/cpuacct.stat"
  else awk '{print $14 + $16, $15 + $17}' "/proc/$SERVER_PID/stat"; fi
}
sitting=$(date +%s)
for rep in $(seq 1 "$REPS"); do
  for server in "$@"; do
    dir=${server%%+*}
    if [ -d "$dir" ]; then
      label=$(basename "$server")
      settings=${server#"$dir"}
      cmd=$(pxexen_cmd "$dir" ${settings//+/ })
    else
      label=$server
      cmd=$(tftp_server_cmd "$server") || exit 1
    fi
    start_server "$label" "$cmd" 69 >/dev/null || exit 1
    read -r u0 s0 < <(cpu_ticks)
    res=$(ip netns exec $CLI_NS env ERRLOG="$LOGS/storm_client_err.log" "$BENCH_DIR/storm_client.sh" "$N" "$CLIENT" "$BLK" - "$FILE" /dev/shm/pxxTb_ab "$SRV_IP")
    read -r u1 s1 < <(cpu_ticks)
    stop_server
    rm -rf /dev/shm/pxxTb_ab
    wall_us=$(awk '/^WALL/{print $2}' <<<"$res")
    failed=$(awk '$1 != "WALL" && $3 != 0' <<<"$res" | wc -l)
    awk -v ts="$sitting" -v l="$label" -v n="$N" -v r="$rep" -v b="$bytes" -v w="$wall_us" -v f="$failed" \
        -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v k="$tck" \
        'BEGIN{printf "%s,%s,%d,%d,%.1f,%d,%.2f,%.2f\n", ts, l, n, r, (n - f) * b / w, f, u / k, s / k}' >> "$RAW"
  done
done
# Medians of this sitting, per server, in the order given.
awk -F, -v ts="$sitting" '$1 == ts' "$RAW" | python3 -c '
import sys, statistics
rows = {}
for line in sys.stdin:
    _, label, n, _, mbps, failed, user, system = line.strip().split(",")
    rows.setdefault(label, []).append((float(mbps), int(failed), float(user), float(system)))
w = max(16, *(len(label) for label in rows))
print("%-*s %8s %7s %7s %7s  (medians, %d storms of %s clients each)" % (w, "server", "MB/s", "user s", "sys s", "failed", len(next(iter(rows.values()))), n))
for label, r in rows.items():
    print("%-*s %8.1f %7.2f %7.2f %7d" % (w, label, statistics.median(x[0] for x in r), statistics.median(x[2] for x in r),
                                           statistics.median(x[3] for x in r), sum(x[1] for x in r)))
'
