# bench/dhcp's own topology: server netns pxxDhcpS (veth pxdhS 10.232.0.1/24), clients pxxDhcpC
# (veth pxdhC 10.232.0.2/24). Nothing leaves the veth pair.
SRV_NS=pxxDhcpS; CLI_NS=pxxDhcpC; SRV_IF=pxdhS; CLI_IF=pxdhC
SRV_IP=10.232.0.1; CLI_IP=10.232.0.2; PREFIX_LEN=24
WORK=${WORK:-/tmp/pxx-dhcp-bench}
RESULTS=${RESULTS:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/results}
