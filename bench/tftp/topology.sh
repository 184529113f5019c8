# bench/tftp's own topology: server netns pxxTbsrv (veth pxTbs 10.237.0.1/24), clients pxxTbcli
# (veth pxTbc 10.237.0.2/24). Nothing leaves the veth pair.
SRV_NS=pxxTbsrv; CLI_NS=pxxTbcli; SRV_IF=pxTbs; CLI_IF=pxTbc
SRV_IP=10.237.0.1; CLI_IP=10.237.0.2; PREFIX_LEN=24
WORK=${WORK:-/tmp/pxxtftp-bench}
RESULTS=${RESULTS:-$WORK/results}
