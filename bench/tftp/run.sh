#!/bin/bash
# PxeXen's TFTP server side by side with tftpd-hpa and atftpd: same sitting, same files, and the
# servers interleaved rep by rep so that load from other work on the machine hits all of them alike.
#   bench/tftp/run.sh                  single-client rows, then the storm (REPS=3, STORM_REPS=1)
#   bench/tftp/run.sh single|storm     one part only
# Results: $RESULTS (default /tmp/pxxtftp-bench/results, kept across sittings); median tables of
# this sitting's rows from summarize.py.
set -u
cd "$(dirname "$0")"
. ./common.sh
sitting=$(date +%s)
./setup.sh || exit 1
REPS=${REPS:-3}; STORM_REPS=${STORM_REPS:-1}
PEERS=${PEERS:-"tftpd-hpa atftpd"}
OURS=$(pxexen_cmd "$WORK/server")
export FILES=${FILES:-k10M.bin}
ALL_CASES="curl:512:- curl:1468:- curl:65464:- atftp:1468:- atftp:1468:16 atftp:1468:64 atftp:65464:- tftp-hpa:512:- busybox:1468:-"
what=${1:-all}
if [ "$what" = all ] || [ "$what" = single ]; then
  for rep in $(seq 1 "$REPS"); do
    for peer in $PEERS; do REPS=1 CASES="$ALL_CASES" ./tftp_single.sh "$peer"; done
    # The peers do not clamp blksize to the MTU (IP fragments 64 KiB blocks): compare like with like
    # with the clamp off, and show the default (clamp on, 1468 on this veth) as "pxexen-mtu".
    REPS=1 CASES="$ALL_CASES" SERVER_CMD="$OURS --Tftp:ClampBlockSizeToMtu=false" ./tftp_single.sh pxexen
    REPS=1 CASES="curl:65464:- atftp:65464:-" SERVER_CMD="$OURS" ./tftp_single.sh pxexen-mtu
  done 2>&1 | tee -a "$RESULTS/tftp_single.log"
fi
if [ "$what" = all ] || [ "$what" = storm ]; then
  for rep in $(seq 1 "$STORM_REPS"); do
    for peer in $PEERS; do REPS=1 ./tftp_storm.sh "$peer"; done
    REPS=1 SERVER_CMD="$OURS" ./tftp_storm.sh pxexen
  done 2>&1 | tee -a "$RESULTS/tftp_storm.log"
fi
./summarize.py "$RESULTS" --since "$sitting" single storm | tee "$RESULTS/summary.txt"
