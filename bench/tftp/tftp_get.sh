#!/bin/bash
# One timed TFTP download (run inside the client netns).
# usage: tftp_get.sh CLIENT BLKSIZE WINDOWSIZE REMOTE_FILE LOCAL_OUT [HOST]
#   CLIENT: tftp-hpa | atftp | curl | busybox ; WINDOWSIZE '-' = not requested
# prints: "<elapsed_us> <rc>"
client=$1 blk=$2 ws=$3 file=$4 out=$5 host=${6:-10.237.0.1}
case $client in
  tftp-hpa) [ "$blk" = 512 ] || { echo "0 97"; exit; }     # tftp-hpa 5.2 client has no blksize option
            cmd=(tftp -m binary "$host" -c get "$file" "$out") ;;
  atftp)    cmd=(atftp)
            [ "$blk" != 512 ] && cmd+=(--option "blksize $blk")
            [ "$ws" != - ] && cmd+=(--option "windowsize $ws")
            cmd+=(-g -r "$file" -l "$out" "$host") ;;
  curl)     cmd=(curl -sS --max-time 300)
            [ "$blk" != 512 ] && cmd+=(--tftp-blksize "$blk")
            cmd+=(-o "$out" "tftp://$host/$file") ;;
  busybox)  cmd=(busybox tftp)
            [ "$blk" != 512 ] && cmd+=(-b "$blk")
            cmd+=(-g -r "$file" -l "$out" "$host") ;;
  *) echo "0 98"; exit ;;
esac
t0=$(date +%s%N)
timeout 300 "${cmd[@]}" >/dev/null 2>>"${ERRLOG:-/dev/null}"; rc=$?
t1=$(date +%s%N)
echo "$(( (t1 - t0) / 1000 )) $rc"
