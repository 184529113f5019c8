#!/bin/bash
# Peers and clients (Debian 12) without starting daemons, atftpd extracted (it conflicts with
# tftpd-hpa as a package), our server published in Release, the namespaces and the test files.
set -euo pipefail
cd "$(dirname "$0")"
. ./common.sh
export DEBIAN_FRONTEND=noninteractive
[ -x /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
command -v atftp >/dev/null && command -v in.tftpd >/dev/null && command -v busybox >/dev/null && command -v tftp >/dev/null \
  || { apt-get update -qq; apt-get install -y -qq tftpd-hpa atftp tftp-hpa curl busybox iproute2 python3 >/dev/null; }
if [ ! -x "$ATFTPD_BIN" ]; then
  mkdir -p "$WORK/pkgs"; (cd "$WORK/pkgs" && apt-get download atftpd 2>/dev/null && dpkg-deb -x atftpd_*.deb atftpd_root)
fi
publish_pxexen "$WORK/server"
./netns.sh up
ROOT=$TFTP_ROOT ./mkfiles.sh >/dev/null
mkdir -p "$RESULTS"
{ dpkg-query -W -f='${Package} ${Version}\n' tftpd-hpa atftp tftp-hpa curl busybox
  echo "atftpd $(dpkg-deb -f "$WORK"/pkgs/atftpd_*.deb Version)"; echo "dotnet $(dotnet --version)"
  echo "kernel $(uname -r)"; echo "cpu $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"; } > "$RESULTS/versions.txt"
