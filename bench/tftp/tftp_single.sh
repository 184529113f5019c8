#!/bin/bash
# TFTP single-client throughput.
# usage: tftp_single.sh SERVER_LABEL [SERVER_LABEL...]
#   presets: tftpd-hpa atftpd dnsmasq. For your own server:
#   SERVER_CMD='/path/to/server --root /tmp/pxxtftp-bench/tftproot --bind 10.237.0.1' ./tftp_single.sh myserver
#   (the command must stay in the foreground, serve $TFTP_ROOT on 10.237.0.1:69)
# env: REPS (5), FILES ("k10M.bin i100M.bin"), CASES (client:blksize:windowsize list)
# output: results/tftp_single_raw.csv (appended) and a median table on stdout
set -u
. "$(dirname "$0")/common.sh"
REPS=${REPS:-5}
FILES=${FILES:-"k10M.bin i100M.bin"}
CASES=${CASES:-"tftp-hpa:512:- atftp:512:- atftp:1468:- atftp:65464:- atftp:1468:16 atftp:1468:64 atftp:65464:2 curl:512:- curl:1468:- curl:65464:- busybox:1468:-"}
RAW=$RESULTS/tftp_single_raw.csv
[ -s "$RAW" ] || echo "ts,server,client,blksize,windowsize,file,rep,bytes,seconds,MBps,rc,ok" > "$RAW"
OUT=/dev/shm/pxxTb_single.out
for server in "$@"; do
  cmd=${SERVER_CMD:-$(tftp_server_cmd "$server")} || exit 1
  echo "### $server: $cmd"
  start_server "$server" "$cmd" 69 || exit 1
  idle=$(mem_now "$SERVER_PID")
  start_memsampler "$SERVER_PID" "$RESULTS/mem_tftp_single_$server.txt" 0.2
  cpu0=$(server_cpu_s)
  for rep in $(seq 1 "$REPS"); do
    for c in $CASES; do
      IFS=: read -r client blk ws <<<"$c"
      for f in $FILES; do
        rm -f "$OUT"
        read -r us rc < <(ip netns exec $CLI_NS env ERRLOG="$LOGS/client_err.log" "$BENCH_DIR/tftp_get.sh" "$client" "$blk" "$ws" "$f" "$OUT" "$SRV_IP")
        [ "$rc" = 97 ] && continue
        bytes=$(stat -c %s "$TFTP_ROOT/$f")
        ok=0; cmp -s "$OUT" "$TFTP_ROOT/$f" && ok=1
        mbps=$(awk -v b="$bytes" -v u="$us" 'BEGIN{printf "%.2f", (u>0)? b/u : 0}')   # bytes/us == MB/s (1e6)
        secs=$(awk -v u="$us" 'BEGIN{printf "%.4f", u/1e6}')
        echo "$(date +%s),$server,$client,$blk,$ws,$f,$rep,$bytes,$secs,$mbps,$rc,$ok" >> "$RAW"
        printf '%-10s %-8s blk=%-5s ws=%-2s %-9s rep%d %7.3fs %8s MB/s rc=%s ok=%s\n' "$server" "$client" "$blk" "$ws" "$f" "$rep" "$secs" "$mbps" "$rc" "$ok"
      done
    done
  done
  rm -f "$OUT"
  cpu1=$(server_cpu_s)
  stop_memsampler
  echo "$server idle(rss_kB pss_kB nprocs cpu_s threads)=$idle  load: $(grep SUMMARY "$RESULTS/mem_tftp_single_$server.txt") server_cpu_total_s=$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN{ if (a=="NA"||b=="NA") print "NA"; else printf "%.2f", b-a}')" | tee -a "$RESULTS/mem_summary.txt"
  stop_server
done
