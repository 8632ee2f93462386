#!/usr/bin/env python3
"""A client for the kernel differential tests: COUNT connections (TCP) or datagrams (UDP) to
ADDRESS:PORT, each from a new socket; one line per attempt: "ok NAME PEER", "refused",
"timeout", "unreachable" or "error WHAT"; after two timeouts in a row it stops (the rest would
time out too). With --latency, instead the median connect time in us.
Usage: probe.py ADDRESS PORT tcp|udp COUNT TIMEOUT [--latency]"""
import errno, socket, statistics, sys, time

addr, port, proto, count, timeout = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
latency = "--latency" in sys.argv
times = []
timeouts = 0
for _ in range(count):
    if timeouts >= 2:
        break
    try:
        if proto == "tcp":
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.settimeout(timeout)
            start = time.perf_counter()
            s.connect((addr, port))
            times.append((time.perf_counter() - start) * 1e6)
            data = s.recv(256)
        else:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(timeout)
            s.connect((addr, port))
            s.send(b"?")
            data = s.recv(256)
        s.close()
        timeouts = 0
        if not latency:
            print("ok " + data.decode().strip(), flush=True)
    except socket.timeout:
        timeouts += 1
        print("timeout", flush=True)
    except ConnectionRefusedError:
        print("refused", flush=True)
    except OSError as e:
        print("unreachable" if e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH) else "error " + str(e), flush=True)
if latency:
    print(f"median_us {statistics.median(times):.0f}" if times else "median_us none", flush=True)
