#!/bin/bash
# Create/destroy this folder's benchmark namespaces (topology.sh). Usage: netns.sh up|down|status
here=$(cd "$(dirname "$0")" && pwd)
. "$here/topology.sh"
export SRV_NS CLI_NS SRV_IF CLI_IF SRV_IP CLI_IP PREFIX_LEN
exec "$here/../lib/netns.sh" "$@"
