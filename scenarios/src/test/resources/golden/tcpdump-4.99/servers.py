"""The record.sh servers: nginx-like HTTP/1.1 on :80, :8080 and :8000 and a CoreDNS-like responder on udp/53."""
import socket, struct, threading

BODY = b"<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n</html>\n"

def http(port):
    srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port)); srv.listen(8)
    while True:
        conn, _ = srv.accept()
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk: break
            data += chunk
        if data:
            conn.sendall(b"HTTP/1.1 200 OK\r\nServer: nginx/1.27.0\r\nContent-Type: text/html\r\n"
                         + b"Content-Length: %d\r\nConnection: keep-alive\r\n\r\n" % len(BODY) + BODY)
            while conn.recv(4096): pass
        conn.close()

def name(msg, at):
    labels = []
    while msg[at]:
        labels.append(msg[at + 1:at + 1 + msg[at]].decode()); at += 1 + msg[at]
    return ".".join(labels), at + 1

def dns():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("0.0.0.0", 53))
    while True:
        q, peer = s.recvfrom(4096)
        qid, flags, qd, an, ns, ar = struct.unpack(">6H", q[:12])
        qname, end = name(q, 12)
        qtype = struct.unpack(">H", q[end:end + 2])[0]
        question = q[12:end + 4]
        opt = b"\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00" if ar else b""
        rd = flags & 0x0100
        if qname.startswith("kubernetes.") and qtype == 1:
            ans = b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x05\x00\x04" + bytes([10, 96, 0, 1])
            hdr = struct.pack(">6H", qid, 0x8400 | rd, 1, 1, 0, 1 if ar else 0)
            s.sendto(hdr + question + ans + opt, peer)
        else:
            soa_name = b"\x07cluster\x05local\x00"
            rdata = (b"\x02ns\x03dns" + soa_name + b"\x0ahostmaster" + soa_name
                     + struct.pack(">5I", 1733400000, 7200, 1800, 86400, 5))
            auth = soa_name + struct.pack(">HHIH", 6, 1, 5, len(rdata)) + rdata
            rcode = 3 if not qname.startswith("kubernetes.") else 0
            hdr = struct.pack(">6H", qid, 0x8400 | rd | rcode, 1, 0, 1, 1 if ar else 0)
            s.sendto(hdr + question + auth + opt, peer)

for port in (80, 8080, 8000):
    threading.Thread(target=http, args=(port,), daemon=True).start()
dns()
