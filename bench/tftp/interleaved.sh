#!/bin/bash
# Single-client rows repeated N times with the servers interleaved rep by rep (rep outer, servers
# inner), for rows too short or too noisy for run.sh's three reps. Medians in MB/s.
#   N=5 FILE=i100M.bin CASES="atftp:1468:64 atftp:65464:-" SERVERS="pxexen atftpd" bench/tftp/interleaved.sh
# Needs bench/tftp/setup.sh to have run (server published, files made, namespaces up).
set -u
cd "$(dirname "$0")" && . ./common.sh
OURS=$(pxexen_cmd "$WORK/server" --Tftp:ClampBlockSizeToMtu=false)
CASES=${CASES:-"curl:512:- curl:1468:- curl:65464:- atftp:65464:- atftp:1468:64"}
FILE=${FILE:-k10M.bin}
out=$(mktemp)
for rep in $(seq 1 "${N:-5}"); do
  for s in ${SERVERS:-pxexen atftpd tftpd-hpa}; do
    if [ "$s" = pxexen ]; then cmd=$OURS; else cmd=$(tftp_server_cmd "$s"); fi
    start_server "$s" "$cmd" 69 || exit 1
    for c in $CASES; do
      IFS=: read -r client blk ws <<<"$c"
      r=$(ip netns exec $CLI_NS ./tftp_get.sh "$client" "$blk" "$ws" "$FILE" /dev/shm/pxxTb_row "$SRV_IP")
      [ "${r#* }" = 0 ] && echo "$s $c ${r% *}" >> "$out"
    done
    stop_server
  done
done
bytes=$(stat -c %s "$TFTP_ROOT/$FILE")
sort -k1,1 -k2,2 -k3,3n "$out" | awk -v b="$bytes" '{k=$1" "$2; v[k]=v[k]" "$3; n[k]++}
  END{for (k in v) {split(substr(v[k],2),a," "); m=a[int((n[k]+1)/2)]; printf "%-24s median %7.1f MB/s (n=%d)\n", k, b/m, n[k]}}' | sort -k2,2 -k1,1
rm -f "$out" /dev/shm/pxxTb_row
