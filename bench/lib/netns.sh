#!/bin/bash
# Create/destroy an isolated benchmark topology: two namespaces joined by one veth pair (no bridge,
# no route out). Names and addresses come from the calling folder's topology.sh (exported by its
# netns.sh): SRV_NS CLI_NS SRV_IF CLI_IF SRV_IP CLI_IP PREFIX_LEN.
# Usage: netns.sh up|down|status   (env MTU=1500 default)
set -euo pipefail
MTU=${MTU:-1500}
case "${1:-up}" in
up)
  ip netns list | grep -qw "$SRV_NS" || ip netns add "$SRV_NS"
  ip netns list | grep -qw "$CLI_NS" || ip netns add "$CLI_NS"
  if ! ip -n "$SRV_NS" link show "$SRV_IF" >/dev/null 2>&1; then
    ip link add "$SRV_IF" netns "$SRV_NS" type veth peer name "$CLI_IF" netns "$CLI_NS"
  fi
  ip -n "$SRV_NS" link set lo up; ip -n "$CLI_NS" link set lo up
  ip -n "$SRV_NS" link set "$SRV_IF" mtu "$MTU" up; ip -n "$CLI_NS" link set "$CLI_IF" mtu "$MTU" up
  ip -n "$SRV_NS" addr replace "$SRV_IP/$PREFIX_LEN" dev "$SRV_IF"
  ip -n "$CLI_NS" addr replace "$CLI_IP/$PREFIX_LEN" dev "$CLI_IF"
  echo "netns up"
  ;;
down)
  ip netns del "$SRV_NS" 2>/dev/null || true
  ip netns del "$CLI_NS" 2>/dev/null || true
  echo "netns down";;
status)
  ip netns list; ip -n "$SRV_NS" -br addr 2>/dev/null; ip -n "$CLI_NS" -br addr 2>/dev/null;;
esac
