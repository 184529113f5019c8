# Helpers for this folder's benchmarks. Source it: . "$(dirname "$0")/common.sh"
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$BENCH_DIR/topology.sh"
. "$BENCH_DIR/../lib/harness.sh"
# pxexen_cmd DIR [SETTING...]: our published server (from DIR) serving $TFTP_ROOT on $SRV_IP:69, as
# run.sh, interleaved.sh and storm_ab.sh start it; extra --Section:Key=value settings are appended.
pxexen_cmd() {
  local dir=$1; shift
  echo "dotnet $dir/pxexen-server.dll --Tftp:Address=$SRV_IP --Tftp:Port=69 --Service:BootImages=$TFTP_ROOT --urls=http://127.0.0.1:0 --Serilog:MinimumLevel:Default=Warning $*"
}
