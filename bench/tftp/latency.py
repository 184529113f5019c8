#!/usr/bin/env python3
"""Per-transfer fixed cost of a TFTP server, measured from the client side.

For each of N transfers (lock-step, the options given) it times three stretches:
  oack  RRQ sent -> OACK received (the server's start-up: new TID, open, negotiate)
  data1 ACK 0 sent -> DATA 1 received (the first read)
  rest  DATA 1 -> last DATA (steady state)
and prints the median and 90th percentile of each, in microseconds.

  latency.py SERVER_IP FILE [--blksize 65464] [--windowsize 1] [-n 30] [--port 69]
"""
import argparse
import socket
import statistics
import struct
import time


def rrq(name, options):
    parts = [struct.pack("!H", 1), name.encode(), b"\0octet\0"]
    for k, v in options.items():
        parts += [k.encode(), b"\0", str(v).encode(), b"\0"]
    return b"".join(parts)


def one(server, port, name, options):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    t0 = time.perf_counter()
    s.sendto(rrq(name, options), (server, port))
    pkt, peer = s.recvfrom(70000)
    t1 = time.perf_counter()
    if struct.unpack("!H", pkt[:2])[0] != 6:
        raise SystemExit(f"expected OACK, got {pkt[:40]!r}")
    blksize = int(options.get("blksize", 512))
    window = int(options.get("windowsize", 1))
    s.sendto(struct.pack("!HH", 4, 0), peer)
    t2 = None
    expected, total = 1, 0
    while True:
        pkt, _ = s.recvfrom(70000)
        op, block = struct.unpack("!HH", pkt[:4])
        if op != 3:
            raise SystemExit(f"expected DATA, got {pkt[:40]!r}")
        if t2 is None:
            t2 = time.perf_counter()
        if block != expected & 0xFFFF:
            continue
        total += len(pkt) - 4
        last = len(pkt) - 4 < blksize
        if last or expected % window == 0:
            s.sendto(struct.pack("!HH", 4, block), peer)
        expected += 1
        if last:
            break
    t3 = time.perf_counter()
    s.close()
    return (t1 - t0) * 1e6, (t2 - t1) * 1e6, (t3 - t2) * 1e6, total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("server")
    p.add_argument("file")
    p.add_argument("--port", type=int, default=69)
    p.add_argument("--blksize", type=int, default=65464)
    p.add_argument("--windowsize", type=int, default=1)
    p.add_argument("-n", type=int, default=30)
    a = p.parse_args()
    options = {"blksize": a.blksize, "tsize": 0}
    if a.windowsize > 1:
        options["windowsize"] = a.windowsize
    runs = [one(a.server, a.port, a.file, options) for _ in range(a.n)]
    for i, label in enumerate(("oack", "data1", "rest")):
        values = sorted(r[i] for r in runs)
        p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
        print(f"{label:6s} median {statistics.median(values):9.0f} us  p90 {p90:9.0f} us")


if __name__ == "__main__":
    main()
