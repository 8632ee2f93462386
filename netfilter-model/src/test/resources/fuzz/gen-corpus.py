#!/usr/bin/env python3
"""Hostile-input corpus for ksim's restore parser, Corefile reader and DNS wire decoder (seeded)."""
import os, random, struct, subprocess, sys
R = random.Random(20261205)
OUT = "/tmp/fuzzdns-corpus"
for d in ("restore", "corefile", "wire", "tcp"):
    os.makedirs(f"{OUT}/{d}", exist_ok=True)

# ---- restore files: expected verdict from iptables-nft-restore 1.8.9 in a namespace of our own ----
base = ["*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]"]
rules = ["-A INPUT -j ACCEPT", "-A INPUT -p tcp --dport 80 -j ACCEPT", "-A INPUT -s 10.0.0.0/8 -j DROP",
         '-A INPUT -m comment --comment "hello world" -j ACCEPT', "-A INPUT -p udp -m udp --dport 53 -j ACCEPT",
         "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "-A INPUT -j REJECT --reject-with icmp-port-unreachable",
         "-A INPUT -m statistic --mode random --probability 0.25 -j ACCEPT", "-A INPUT -p tcp -m multiport --dports 1,2,3 -j ACCEPT"]
def restore_cases():
    cases = []
    # targeted classes
    cases.append(("dash-policy", "*filter\n:INPUT - [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n"))
    for pol in ("ACCEPT", "DROP", "RETURN", "-", "BLAH", ""):
        cases.append((f"user-policy-{pol}", f"*filter\n:FOO {pol} [0:0]\n-A FOO -j ACCEPT\nCOMMIT\n"))
        cases.append((f"builtin-policy-{pol}", f"*filter\n:INPUT {pol} [0:0]\nCOMMIT\n"))
    for c in ('"abc -j ACCEPT', '"', '"a b c', 'x"y'):
        cases.append(("open-quote", f"*filter\n-A INPUT -m comment --comment {c}\nCOMMIT\n"))
    for ch in ("INPUT", "FOO", "OUTPUT"):
        cases.append((f"delete-{ch}", f"*filter\n:FOO - [0:0]\n-X {ch}\nCOMMIT\n"))
    cases.append(("crlf-all", "\r\n".join(base + rules[:2] + ["COMMIT"]) + "\r\n"))
    for i in range(1, 6):
        lines = base + rules[:3] + ["COMMIT"]
        lines[i] += "\r"
        cases.append((f"crlf-line{i}", "\n".join(lines) + "\n"))
    for depth in (10, 14, 15, 16, 17, 30, 100, 2000):
        t = "*filter\n" + "".join(f":C{i} - [0:0]\n" for i in range(depth)) + "-A INPUT -j C0\n"
        t += "".join(f"-A C{i} -j C{i+1}\n" for i in range(depth - 1)) + "COMMIT\n"
        cases.append((f"jump-depth-{depth}", t))
    for n in (28, 29, 40):
        cases.append((f"chain-name-{n}", f"*filter\n:{'A'*n} - [0:0]\nCOMMIT\n"))
    cases.append(("dash-chain", "*filter\n:-FOO - [0:0]\nCOMMIT\n"))
    for n in (255, 256, 300, 5000):
        cases.append((f"comment-{n}", f'*filter\n-A INPUT -m comment --comment "{"c"*n}" -j ACCEPT\nCOMMIT\n'))
    cases.append(("blank-line", "*filter\n   \nCOMMIT\n"))
    cases.append(("indented-comment", "*filter\n  # x\nCOMMIT\n"))
    cases.append(("no-commit", "*filter\n-A INPUT -j ACCEPT\n"))
    cases.append(("loop", "*filter\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j A\nCOMMIT\n"))
    cases.append(("nul", "*filter\n-A INPUT -j ACC\0EPT\nCOMMIT\n"))
    cases.append(("huge-counter", "*filter\n:INPUT ACCEPT [99999999999999999999999:1]\nCOMMIT\n"))
    cases.append(("many-rules", "*filter\n" + "-A INPUT -j ACCEPT\n" * 20000 + "COMMIT\n"))
    # random mutations of valid files
    alphabet = list(" \t\r\"'\\!-:*[]#0123456789ABCabc./,")
    while len(cases) < 320:
        lines = base + R.sample(rules, R.randint(1, len(rules))) + ["COMMIT"]
        text = "\n".join(lines) + "\n"
        chars = list(text)
        for _ in range(R.randint(1, 4)):
            op = R.randint(0, 2); at = R.randrange(len(chars))
            if op == 0: chars[at] = R.choice(alphabet)
            elif op == 1: del chars[at]
            else: chars.insert(at, R.choice(alphabet))
        cases.append((f"mutant", "".join(chars)))
    return cases

def real_restore(text):
    ns = "fuzzdns-gen"
    subprocess.run(["ip", "netns", "exec", ns, "nft", "flush", "ruleset"], check=True)
    p = subprocess.run(["ip", "netns", "exec", ns, "iptables-nft-restore"], input=text.encode("utf-8", "surrogateescape"),
                       capture_output=True, timeout=60)
    return "accept" if p.returncode == 0 else "refuse"

subprocess.run(["ip", "netns", "add", "fuzzdns-gen"], check=True)
try:
    with open(f"{OUT}/restore/expected.tsv", "w") as exp:
        for i, (name, text) in enumerate(restore_cases()):
            fn = f"{i:03d}-{name}.rules"
            open(f"{OUT}/restore/{fn}", "w", encoding="utf-8", newline="").write(text)
            exp.write(f"{fn}\t{real_restore(text)}\n")
finally:
    subprocess.run(["ip", "netns", "del", "fuzzdns-gen"])

# ---- Corefiles: expected verdict by construction from CoreDNS v1.12.1's setup code ----
KUBEADM = """.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
"""
def corefile_cases():
    c = [("kubeadm", KUBEADM, "accept")]
    c.append(("zone-twice", KUBEADM + KUBEADM, "refuse"))
    c.append(("zone-twice-other-port", KUBEADM + KUBEADM.replace(".:53", ".:5353"), "accept"))
    for p in ("65535", "65536", "70000", "99999999999"):
        c.append((f"port-{p}", KUBEADM.replace(".:53", f".:{p}"), "accept" if p == "65535" else "refuse"))
    for v in ("-5", "0", "1", "30"):
        c.append((f"cache-{v}", KUBEADM.replace("cache 30", f"cache {v}"), "accept" if v in ("1", "30") else "refuse"))
    for opt, ok in (("success abc", False), ("success", False), ("success 100", True), ("success 100 0", False),
                    ("success 100 30 -1", False), ("denial 99999999999999999999", False), ("denial 9999999999", True),
                    ("denial", False), ("prefetch 10", True), ("bogus 1", False), ("disable other", False)):
        c.append((f"cache-block-{opt}", KUBEADM.replace("disable denial cluster.local", opt), "accept" if ok else "refuse"))
    c.append(("two-kubernetes", KUBEADM.replace("    prometheus", "    kubernetes other.local\n    prometheus"), "refuse"))
    for to, ok in (("not-an-address", False), ("8.8.8.8", True), ("8.8.8.8:5353", True), ("[2001:db8::1]:53", True),
                   ("tls://1.1.1.1", True), ("999.1.1.1", False), ("/etc/resolv.conf 8.8.4.4", True), ("", False)):
        c.append((f"forward-{to}", KUBEADM.replace("forward . /etc/resolv.conf", f"forward . {to}".rstrip()), "accept" if ok else "refuse"))
    for plugin, block, ok in (("health", "lameduk 5s", False), ("health", "lameduck 5s", True), ("errors", "verbose", False),
                              ("errors", "stacktrace", True), ("ready", "x", False), ("log", "class denial", True),
                              ("log", "format x", False), ("reload", "x", False)):
        text = KUBEADM.replace("    loop\n", f"    loop\n    {plugin} {{\n       {block}\n    }}\n")
        if plugin in ("errors", "ready", "health"):
            text = text.replace(f"    {plugin}\n", "", 1).replace("    health {\n       lameduck 5s\n    }\n", "", 1 if plugin == "health" else 0)
        c.append((f"inert-{plugin}-{block}", text, "accept" if ok else "refuse"))
    c.append(("loop-arg", KUBEADM.replace("    loop\n", "    loop now\n"), "refuse"))
    c.append(("lb-weighted-nofile", KUBEADM.replace("    loadbalance\n", "    loadbalance weighted\n"), "refuse"))
    c.append(("lb-weighted-file", KUBEADM.replace("    loadbalance\n", "    loadbalance weighted /etc/coredns/weights\n"), "refuse"))
    c.append(("lb-round-robin", KUBEADM.replace("    loadbalance\n", "    loadbalance round_robin\n"), "accept"))
    c.append(("lb-unknown", KUBEADM.replace("    loadbalance\n", "    loadbalance fastest\n"), "refuse"))
    c.append(("env-zone", KUBEADM.replace("kubernetes cluster.local", "kubernetes {$ZONE}"), "accept"))
    c.append(("env-ttl", KUBEADM.replace("ttl 30", "ttl {%TTL%}"), "accept"))
    c.append(("unclosed", ".:53 {\n errors\n", "refuse"))
    c.append(("stray-close", "}\n", "refuse"))
    c.append(("empty", "", "refuse"))
    c.append(("deep-braces", ".:53 {\n" + "log {\n" * 3000 + "}\n" * 3001, "refuse"))
    c.append(("many-blocks", "".join(f"z{i}.local:53 {{\n errors\n}}\n" for i in range(3000)), "accept"))
    c.append(("huge-cidr-v6", "fd00::/1:53 {\n errors\n}\n", "accept"))
    c.append(("cidr-v4-0", "0.0.0.0/0:53 {\n errors\n}\n", "accept"))
    while len(c) < 160:
        chars = list(KUBEADM)
        for _ in range(R.randint(1, 3)):
            at = R.randrange(len(chars)); op = R.randint(0, 2)
            ch = R.choice(list("{}$%#:./,- \n0123456789abc"))
            if op == 0: chars[at] = ch
            elif op == 1: del chars[at]
            else: chars.insert(at, ch)
        c.append(("mutant", "".join(chars), "?"))
    return c

with open(f"{OUT}/corefile/expected.tsv", "w") as exp:
    for i, (name, text, verdict) in enumerate(corefile_cases()):
        fn = f"{i:03d}-{''.join(ch if ch.isalnum() or ch in '-_' else '_' for ch in name)}.corefile"
        open(f"{OUT}/corefile/{fn}", "w").write(text)
        exp.write(f"{fn}\t{verdict}\n")

# ---- DNS datagrams ----
def name(n):
    out = b""
    for label in n.strip(".").split("."):
        if label: out += bytes([len(label)]) + label.encode()
    return out + b"\0"
NAMES = ["web.default.svc.cluster.local", "kube-dns.kube-system.svc.cluster.local", "cluster.local",
         "_http._tcp.web.default.svc.cluster.local", "10-244-1-9.default.pod.cluster.local", "example.com",
         "9.1.244.10.in-addr.arpa", "ext.default.svc.cluster.local", "nosuch.default.svc.cluster.local", ""]
def query(qid, qname, qtype, edns_version=None, flags=0x0100, qdcount=1, ancount=0, extra=b""):
    msg = struct.pack("!HHHHHH", qid, flags, qdcount, ancount, 0, 1 if edns_version is not None else 0)
    msg += name(qname) + struct.pack("!HH", qtype, 1) + extra
    if edns_version is not None:
        msg += b"\0" + struct.pack("!HHBBHH", 41, 1232, 0, edns_version, 0, 0)
    return msg
wexp = open(f"{OUT}/wire/expected.tsv", "w")
def wire(i, data, expect="any"):
    fn = f"{i:04d}.bin"
    open(f"{OUT}/wire/{fn}", "wb").write(data)
    wexp.write(f"{fn}\t{expect}\n")
i = 0
for v in range(1, 256, 5):  # EDNS versions above 0: BADVERS expected
    wire(i, query(R.randrange(65536), R.choice(NAMES), 1, edns_version=v), "BADVERS"); i += 1
for t in list(range(0, 260)) + [251, 252, 255, 65535]:
    wire(i, query(R.randrange(65536), R.choice(NAMES), t, edns_version=R.choice([None, 0]))); i += 1
# compression loops and pointers out of range
for off in (12, 0, 5, 200, 0x3fff):
    wire(i, struct.pack("!HHHHHH", 7, 0x0100, 1, 0, 0, 0) + struct.pack("!H", 0xC000 | off) + struct.pack("!HH", 1, 1)); i += 1
# labels with dots, binary octets, 63-octet labels, names near 255
for body in (b"\x03a.b\x00", b"\x03\x00\xff\x7f\x00", b"\x3f" + b"x" * 63 + b"\x00", (b"\x3f" + b"y" * 63) * 4 + b"\x00",
             (b"\x3e" + b"z" * 62) * 4 + b"\x00", b"\x40" + b"q" * 64 + b"\x00", b"\x80\x00"):
    for t in (1, 28, 33, 12, 255):
        wire(i, struct.pack("!HHHHHH", 9, 0x0100, 1, 0, 0, 0) + body + struct.pack("!HH", t, 1)); i += 1
# bad counts, opcodes, classes, response bit
for q in range(0, 4):
    for an in (0, 1, 65535):
        wire(i, query(5, "web.default.svc.cluster.local", 1, qdcount=q, ancount=an)); i += 1
for op in range(16):
    wire(i, query(6, "cluster.local", 6, flags=(op << 11) | 0x0100)); i += 1
wire(i, query(6, "cluster.local", 1, flags=0x8100)); i += 1
for cls in (1, 3, 4, 254, 255):
    m = query(8, "cluster.local", 1); wire(i, m[:-4] + struct.pack("!HH", 1, cls) if False else m[:len(m)-2] + struct.pack("!H", cls)); i += 1
# mutants and random bytes up to the total
seeds = [query(R.randrange(65536), n, t, edns_version=R.choice([None, 0, 1])) for n in NAMES for t in (1, 28, 33, 16, 12, 6, 2)]
while i < 3000:
    kind = R.random()
    if kind < 0.15:
        data = bytes(R.randrange(256) for _ in range(R.randrange(0, 80)))
    else:
        data = bytearray(R.choice(seeds))
        for _ in range(R.randint(1, 6)):
            op = R.randint(0, 3); at = R.randrange(len(data))
            if op == 0: data[at] ^= 1 << R.randrange(8)
            elif op == 1: data = data[:at]
            elif op == 2: data[at] = R.randrange(256)
            else: data = data + data[at:]
            if not data: break
        data = bytes(data)
    wire(i, data); i += 1
wexp.close()
print("restore", len(os.listdir(f"{OUT}/restore")) - 1, "corefile", len(os.listdir(f"{OUT}/corefile")) - 1, "wire", i)
