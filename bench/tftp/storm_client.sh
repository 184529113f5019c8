#!/bin/bash
# Boot-storm client side (run inside the client netns).
# usage: storm_client.sh N CLIENT BLKSIZE WINDOWSIZE FILE OUTDIR [HOST]
# All N downloads are forked first and held at a FIFO barrier, then released together.
# prints per-client lines "i elapsed_us rc" then "WALL <us>"
N=$1 client=$2 blk=$3 ws=$4 file=$5 outdir=$6 host=${7:-10.237.0.1}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$outdir"; rm -f "$outdir"/res.* "$outdir"/out.*; fifo=$outdir/go; rm -f "$fifo"; mkfifo "$fifo"
pids=()
for i in $(seq 1 "$N"); do
  { read -r _ < "$fifo"; "$here/tftp_get.sh" "$client" "$blk" "$ws" "$file" "$outdir/out.$i" "$host" > "$outdir/res.$i"; } &
  pids+=($!)
done
sleep 0.5                       # let every job block on the barrier
t0=$(date +%s%N)
exec 9>"$fifo"; exec 9>&-       # release the barrier (EOF for all readers)
wait "${pids[@]}"
t1=$(date +%s%N)
for i in $(seq 1 "$N"); do echo "$i $(cat "$outdir/res.$i" 2>/dev/null || echo '0 99')"; done
echo "WALL $(( (t1 - t0) / 1000 ))"
rm -f "$fifo"
