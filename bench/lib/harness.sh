# The side-by-side harness shared by bench/tftp and bench/dhcp (adapted from ../shared/bench).
# Sourced by each area's common.sh after it has set its topology (area/topology.sh) and BENCH_DIR:
#   SRV_NS CLI_NS SRV_IP CLI_IP SRV_IF WORK RESULTS
# Each area has namespaces of its own, so two benchmarks never meet.
LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TFTP_ROOT=${TFTP_ROOT:-$WORK/tftproot}
LOGS=$WORK/logs; RUNDIR=$WORK/run
PY=/usr/bin/python3
# atftpd conflicts with tftpd-hpa as a Debian package; setup.sh extracts its binary here.
ATFTPD_BIN=${ATFTPD_BIN:-$WORK/pkgs/atftpd_root/usr/sbin/atftpd}
mkdir -p "$LOGS" "$RUNDIR" "$RESULTS"

# publish_pxexen DIR: our service as an operator deploys it (README, "Running it for real"):
# Release, for this machine's runtime, so precompiled (ReadyToRun) with the shipped runtime settings.
publish_pxexen() {
  dotnet publish "$LIB_DIR/../../src/PxeXen.Server" -c Release -r linux-x64 --self-contained false -o "$1" -v q --nologo >/dev/null
}

# Preset TFTP server command lines (all stay in the foreground; run inside $SRV_NS).
# Limits are raised so that the boot-storm test (100 clients) is not capped by
# configuration: dnsmasq default --tftp-max is 50, atftpd default --maxthread is 100.
tftp_server_cmd() {
  case "$1" in
    tftpd-hpa) echo "/usr/sbin/in.tftpd -L -s $TFTP_ROOT -a $SRV_IP:69" ;;
    atftpd)    echo "$ATFTPD_BIN --daemon --no-fork --port 69 --bind-address $SRV_IP --maxthread 1000 --logfile - $TFTP_ROOT" ;;
    dnsmasq)   echo "dnsmasq -k --conf-file=/dev/null --port=0 --bind-interfaces --interface=$SRV_IF --enable-tftp --tftp-root=$TFTP_ROOT --tftp-max=1000 --log-facility=-" ;;
    *) echo "unknown preset $1 (set SERVER_CMD)" >&2; return 1 ;;
  esac
}

# pids of all descendants of $1 (scan of /proc/*/stat, no /proc/*/children on this kernel)
descendants() {
  $PY - "$1" <<'PY'
import os, sys
root = int(sys.argv[1]); kids = {}
for d in os.listdir('/proc'):
    if not d.isdigit(): continue
    try:
        s = open(f'/proc/{d}/stat').read()
        ppid = int(s[s.rindex(')')+2:].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    except Exception: pass
out, todo = [], [root]
while todo:
    p = todo.pop()
    for c in kids.get(p, []): out.append(c); todo.append(c)
print(' '.join(map(str, out)))
PY
}

# start_server LABEL "COMMAND" UDP_PORT  -> sets SERVER_PID; command runs in $SRV_NS via exec
start_server() {
  local label=$1 cmd=$2 port=$3 i
  if ip netns exec $SRV_NS ss -Hlun "sport = :$port" | grep -q .; then
    echo "port $port already bound in $SRV_NS - stale server?" >&2; return 1; fi
  ip netns exec $SRV_NS bash -c "exec $cmd" > "$LOGS/$label.log" 2>&1 &
  SERVER_PID=$!
  echo "$SERVER_PID" > "$RUNDIR/server.pid"
  cg_attach "$SERVER_PID"
  for i in $(seq 1 150); do
    ip netns exec $SRV_NS ss -Hlun "sport = :$port" | grep -q . && { sleep 0.3; return 0; }
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server $label died:" >&2; tail -20 "$LOGS/$label.log" >&2; return 1; }
    sleep 0.1
  done
  echo "server $label did not bind udp/$port" >&2; stop_server; return 1
}

# Server CPU accounting across forks/threads: cgroup-v1 cpuacct group named after $SRV_NS (if available).
CG=/sys/fs/cgroup/cpuacct/$SRV_NS
cg_attach() { [ -d /sys/fs/cgroup/cpuacct ] || return 0; mkdir -p "$CG" 2>/dev/null && echo "$1" > "$CG/cgroup.procs" 2>/dev/null; }
# server_cpu_s: CPU seconds used so far by everything in the server cgroup (NA if unavailable)
server_cpu_s() { if [ -r "$CG/cpuacct.usage" ]; then awk '{printf "%.2f", $1/1e9}' "$CG/cpuacct.usage"; else echo NA; fi; }

# stop_server: SIGTERM the server we started (by PID), then any of its leftover children (by PID)
stop_server() {
  local pid=${SERVER_PID:-$(cat "$RUNDIR/server.pid" 2>/dev/null)} kids i
  [ -n "$pid" ] || return 0
  kids=$(descendants "$pid")
  kill "$pid" 2>/dev/null
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  for i in $kids; do kill "$i" 2>/dev/null; done
  wait "$pid" 2>/dev/null
  rm -f "$RUNDIR/server.pid"; SERVER_PID=
  [ -d "$CG" ] && rmdir "$CG" 2>/dev/null   # empty again -> remove (recreated at next start)
  return 0
}

# start_memsampler PID OUTFILE [interval]  -> sets SAMPLER_PID. Stop with stop_memsampler.
start_memsampler() {
  rm -f "$RUNDIR/memsampler.stop"
  $PY "$LIB_DIR/memsample.py" "$1" "$2" "${3:-0.1}" "$RUNDIR/memsampler.stop" &
  SAMPLER_PID=$!
}
stop_memsampler() { touch "$RUNDIR/memsampler.stop"; wait "$SAMPLER_PID" 2>/dev/null; rm -f "$RUNDIR/memsampler.stop"; }

# one-shot memory of a process tree: "rss_kB pss_kB nprocs cpu_s threads"
mem_now() { $PY "$LIB_DIR/memsample.py" "$1" - once; }

median() { sort -g | awk '{a[NR]=$1} END{ if(NR==0){print "NA"; exit} if(NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }
