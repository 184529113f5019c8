#!/bin/bash
# Create the TFTP test files (random content) in $ROOT (default /tmp/pxxtftp-bench/tftproot)
set -euo pipefail
ROOT=${ROOT:-/tmp/pxxtftp-bench/tftproot}
mkdir -p "$ROOT"; chmod 755 /tmp/pxxtftp-bench "$ROOT"
[ -s "$ROOT/k10M.bin" ]  || head -c $((10*1024*1024))  /dev/urandom > "$ROOT/k10M.bin"
[ -s "$ROOT/i100M.bin" ] || head -c $((100*1024*1024)) /dev/urandom > "$ROOT/i100M.bin"
chmod 644 "$ROOT"/*.bin
(cd "$ROOT" && sha256sum k10M.bin i100M.bin > SHA256SUMS)
ls -l "$ROOT"
