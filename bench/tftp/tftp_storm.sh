#!/bin/bash
# TFTP concurrency ("boot storm"): N clients start at once, each fetching FILE.
# usage: tftp_storm.sh SERVER_LABEL [...]      (presets tftpd-hpa atftpd dnsmasq; SERVER_CMD for your own)
# env: NS ("10 50 100"), REPS (3), CLIENT (curl), BLK (1468), WS (-), FILE (k10M.bin), VERIFY (1: cmp every copy)
# output: results/tftp_storm_raw.csv (appended), memory samples results/mem_storm_<label>_N<n>_r<rep>.txt
set -u
. "$(dirname "$0")/common.sh"
NS=${NS:-"10 50 100"}; REPS=${REPS:-3}; CLIENT=${CLIENT:-curl}; BLK=${BLK:-1468}; WS=${WS:--}
FILE=${FILE:-k10M.bin}; VERIFY=${VERIFY:-1}
RAW=$RESULTS/tftp_storm_raw.csv
[ -s "$RAW" ] || echo "ts,server,client,blksize,windowsize,N,rep,wall_s,agg_MBps,ok,failed,client_min_s,client_med_s,client_max_s,peak_rss_kB,peak_pss_kB,max_nprocs,max_threads,idle_rss_kB,server_cpu_s" > "$RAW"
OUTDIR=/dev/shm/pxxTb_storm
bytes=$(stat -c %s "$TFTP_ROOT/$FILE")
for server in "$@"; do
  cmd=${SERVER_CMD:-$(tftp_server_cmd "$server")} || exit 1
  echo "### $server: $cmd"
  for rep in $(seq 1 "$REPS"); do
    for N in $NS; do
      start_server "$server" "$cmd" 69 || exit 1
      idle_rss=$(mem_now "$SERVER_PID" | cut -d' ' -f1)
      memf=$RESULTS/mem_storm_${server}_N${N}_r${rep}.txt
      start_memsampler "$SERVER_PID" "$memf" 0.1
      cpu0=$(server_cpu_s)
      res=$(ip netns exec $CLI_NS env ERRLOG="$LOGS/storm_client_err.log" "$BENCH_DIR/storm_client.sh" "$N" "$CLIENT" "$BLK" "$WS" "$FILE" "$OUTDIR" "$SRV_IP")
      cpu1=$(server_cpu_s)
      stop_memsampler
      stop_server
      cpu=$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN{ if (a=="NA"||b=="NA") print "NA"; else printf "%.2f", b-a}')
      wall_us=$(awk '/^WALL/{print $2}' <<<"$res")
      ok=0; failed=0; times=()
      while read -r i us rc; do
        [ "$i" = WALL ] && continue
        good=0
        if [ "$rc" = 0 ]; then
          if [ "$VERIFY" = 1 ]; then cmp -s "$OUTDIR/out.$i" "$TFTP_ROOT/$FILE" && good=1
          else [ "$(stat -c %s "$OUTDIR/out.$i" 2>/dev/null)" = "$bytes" ] && good=1; fi
        fi
        if [ $good = 1 ]; then ok=$((ok+1)); times+=("$us"); else failed=$((failed+1)); fi
      done <<<"$res"
      rm -rf "$OUTDIR"
      stats=$(printf '%s\n' "${times[@]:-0}" | sort -n | awk '{a[NR]=$1} END{printf "%.3f,%.3f,%.3f", a[1]/1e6, a[int((NR+1)/2)]/1e6, a[NR]/1e6}')
      wall=$(awk -v u="$wall_us" 'BEGIN{printf "%.3f", u/1e6}')
      agg=$(awk -v u="$wall_us" -v n="$ok" -v b="$bytes" 'BEGIN{printf "%.1f", n*b/u}')
      mem=$(grep SUMMARY "$memf" | sed -E 's/.*peak_rss_kB=([0-9]+) peak_pss_kB=([0-9]+) max_nprocs=([0-9]+) max_threads=([0-9]+).*/\1,\2,\3,\4/')
      echo "$(date +%s),$server,$CLIENT,$BLK,$WS,$N,$rep,$wall,$agg,$ok,$failed,$stats,$mem,$idle_rss,$cpu" >> "$RAW"
      printf '%-10s N=%-3d rep%d wall=%7.3fs agg=%7s MB/s ok=%d failed=%d per-client(min,med,max)=%s mem(rss,pss,procs,thr)=%s srv_cpu=%ss\n' "$server" "$N" "$rep" "$wall" "$agg" "$ok" "$failed" "$stats" "$mem" "$cpu"
    done
  done
done
