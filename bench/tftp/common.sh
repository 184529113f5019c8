# Helpers for this folder's benchmarks. Source it: . "$(dirname "$0")/common.sh"
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$BENCH_DIR/topology.sh"
. "$BENCH_DIR/../lib/harness.sh"
