#!/bin/bash
# PxeXen's DHCP server under dhcp_perf.sh (relayed full DORA, leases persisted in SQLite with
# synchronous=FULL), then Kea 2.2 in the same sitting. Release publish (ReadyToRun). Usage:
#   ./netns.sh up; RATES="6000 10000 12000" REPS=3 ./pxexen_dhcp.sh [kea]; ./netns.sh down
# The service runs with its shipped runtime settings (tiered compilation on); TC=0 turns it off.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
OUT=$WORK/pxexen; mkdir -p "$OUT/boot-images"
if [ ! -f "$OUT/bin/pxexen-server.dll" ] || [ "${REBUILD:-1}" = 1 ]; then
  publish_pxexen "$OUT/bin" || exit 1
fi
export SERVER_CMD="env DOTNET_gcServer=0 ${SERVER_ENV:-} ${TC:+DOTNET_TieredCompilation=$TC} dotnet $OUT/bin/pxexen-server.dll \
 --Dhcp:Mode=Authoritative --Dhcp:Interfaces:0=$SRV_IF \
 --Dhcp:Subnets:0:Network=10.232.0.0/16 --Dhcp:Subnets:0:Pools:0:Start=10.232.1.0 --Dhcp:Subnets:0:Pools:0:End=10.232.255.254 \
 --Dhcp:Subnets:0:Router=10.232.0.1 --Dhcp:Subnets:0:LeaseTimeSeconds=86400 --Dhcp:Boot:UnknownMacs=LocalBoot \
 --contentRoot=$OUT --Service:DataDirectory=$OUT/data --Service:BootImages=$OUT/boot-images --urls=http://127.0.0.1:0 \
 --Serilog:MinimumLevel:Default=Warning"
export PRE_CMD="rm -rf $OUT/data"
"$HERE/dhcp_perf.sh" pxexen
unset SERVER_CMD PRE_CMD
for peer in "$@"; do "$HERE/dhcp_perf.sh" "$peer"; done
