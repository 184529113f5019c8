#!/usr/bin/env bash
# pxexen-boot ships Native AOT: publish it once (the only AOT build in CI, ~2-4 min on 2 cores) so
# tests/PxeXen.EndToEnd.Tests/Bootloader can boot a guest with the native binary. Idempotent.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=/tmp/pxexen-boot-aot
if dotnet publish src/PxeXen.Bootloader -c Release -r linux-x64 -o "$out" >/tmp/pxexen-boot-aot.log 2>&1; then
  echo "bootloader: Native AOT helper at $out/pxexen-boot ($(stat -c %s "$out/pxexen-boot") bytes)"
else
  echo "bootloader: Native AOT publish FAILED (see /tmp/pxexen-boot-aot.log); the AOT test will fail" >&2
  tail -20 /tmp/pxexen-boot-aot.log >&2
fi
