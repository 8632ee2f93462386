#!/usr/bin/env python3
"""A backend for the kernel differential tests: on every PROTO:PORT given, answer each TCP
connection or UDP datagram with "NAME PEER_IP" (who answered, and the source address it saw).
NAME @local answers TCP with the address the connection reached instead.
Usage: listener.py NAME SECONDS PROTO:PORT...  (exits after SECONDS; the test kills it sooner)."""
import socket, sys, threading, time

name, lifetime, specs = sys.argv[1], float(sys.argv[2]), sys.argv[3:]

def tcp(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port)); s.listen(64)
    while True:
        c, peer = s.accept()
        with c:
            me = c.getsockname()[0] if name == "@local" else name
            try: c.sendall(f"{me} {peer[0]}\n".encode())
            except OSError: pass

def udp(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(f"{'world' if name == '@local' else name} {peer[0]}\n".encode(), peer)

for spec in specs:
    proto, port = spec.split(":")
    threading.Thread(target=tcp if proto == "tcp" else udp, args=(int(port),), daemon=True).start()
print("ready", flush=True)
time.sleep(lifetime)
