#!/bin/bash
# Create/destroy the isolated benchmark topology:
#   netns pxxTbsrv  (server)  veth pxTbs 10.237.0.1/24
#   netns pxxTbcli  (clients) veth pxTbc 10.237.0.2/24
# The two namespaces are connected only to each other (no bridge, no route out).
# Usage: netns.sh up|down|status   (env MTU=1500 default)
set -euo pipefail
SRV=pxxTbsrv; CLI=pxxTbcli; MTU=${MTU:-1500}
case "${1:-up}" in
up)
  ip netns list | grep -qw "$SRV" || ip netns add "$SRV"
  ip netns list | grep -qw "$CLI" || ip netns add "$CLI"
  if ! ip -n "$SRV" link show pxTbs >/dev/null 2>&1; then
    ip link add pxTbs netns "$SRV" type veth peer name pxTbc netns "$CLI"
  fi
  ip -n "$SRV" link set lo up; ip -n "$CLI" link set lo up
  ip -n "$SRV" link set pxTbs mtu "$MTU" up; ip -n "$CLI" link set pxTbc mtu "$MTU" up
  ip -n "$SRV" addr replace 10.237.0.1/24 dev pxTbs
  ip -n "$CLI" addr replace 10.237.0.2/24 dev pxTbc
  # bigger socket buffers only inside our namespaces are not possible for rmem_max (global);
  # leave kernel defaults untouched.
  echo "netns up"
  ;;
down)
  ip netns del "$SRV" 2>/dev/null || true
  ip netns del "$CLI" 2>/dev/null || true
  echo "netns down";;
status)
  ip netns list; ip -n "$SRV" -br addr 2>/dev/null; ip -n "$CLI" -br addr 2>/dev/null;;
esac
