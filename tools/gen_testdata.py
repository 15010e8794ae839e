#!/usr/bin/env python3
"""Deterministic, realistic ELB/ALB/NLB/connection-log lines for testdata/ and benchmarks.

usage: gen_testdata.py testdata            (re-creates the bundled sample objects)
       gen_testdata.py health N OUT.log.gz (N ALB health-check lines)
       gen_testdata.py alb N OUT.log.gz    (N ALB lines, gzip, for benchmarks)
       gen_testdata.py classic N OUT.log
"""
import gzip, os, random, sys
from datetime import datetime, timedelta, timezone

R = random.Random(20261123)
T0 = datetime(2026, 11, 23, 10, 0, 0, tzinfo=timezone.utc)
ACCOUNT, REGION = "123456789012", "us-east-1"
PATHS = ["/", "/index.html", "/api/v1/orders", "/api/v1/orders/8812?expand=items&limit=20", "/static/app.3f9a1c.js",
         "/static/logo.png", "/health", "/login?next=%2Faccount", "/search?q=red+shoes&page=2", "/cart/add",
         "/transactions:search?from=2026-11-01", "/products/über-sneaker", "/feed.xml"]
UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
       "curl/8.5.0", "ELB-HealthChecker/2.0", "python-requests/2.32.3", "Go-http-client/2.0", "-"]
CIPHERS = [("ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2"), ("TLS_AES_128_GCM_SHA256", "TLSv1.3"), ("ECDHE-ECDSA-AES256-GCM-SHA384", "TLSv1.2")]
METHODS = ["GET"] * 8 + ["POST", "PUT", "DELETE", "HEAD"]


def ip():
    if R.random() < 0.05:
        return "2600:1f18:%x:%x::%x" % (R.randrange(65536), R.randrange(65536), R.randrange(65536))
    return "%d.%d.%d.%d" % (R.choice([52, 54, 3, 18, 203, 198]), R.randrange(256), R.randrange(256), R.randrange(1, 255))


def target():
    return "10.0.%d.%d:%d" % (R.randrange(4), R.randrange(2, 250), R.choice([80, 8080, 9000]))


def ts(t, frac=True, z=True):
    s = t.strftime("%Y-%m-%dT%H:%M:%S") + (".%06d" % t.microsecond if frac else "")
    return s + ("Z" if z else "")


def status():
    x = R.random()
    return 200 if x < 0.8 else R.choice([201, 204, 301, 302, 304, 400, 403, 404, 499, 500, 502, 503, 504])


def timings(st):
    if st in (502, 503, 504) and R.random() < 0.5:
        return "-1", "-1", "-1", "-"
    return "%.6f" % (R.random() / 1000), "%.6f" % (R.random() / 5), "%.6f" % (R.random() / 1000), str(st)


def alb_line(i, t):
    kind = R.choice(["http", "https", "https", "h2", "https", "wss", "grpcs"])
    scheme = "https" if kind in ("https", "h2", "wss", "grpcs") else "http"
    port = 443 if scheme == "https" else 80
    st = status()
    rq, tp, rs, tst = timings(st)
    tgt = target() if tst != "-" else "-"
    m = R.choice(METHODS)
    url = "%s://www.example.com:%d%s" % (scheme, port, R.choice(PATHS))
    proto = "HTTP/2.0" if kind in ("h2", "grpcs") else "HTTP/1.1"
    cipher, tlsv = R.choice(CIPHERS) if scheme == "https" else ("-", "-")
    root = "Root=1-%08x-%024x" % (int(t.timestamp()), R.getrandbits(96))
    created = t - timedelta(microseconds=R.randrange(1, 300000))
    f = [kind, ts(t), "app/my-alb/50dc6c495c0c9188", "%s:%d" % (ip(), R.randrange(1024, 65535)), tgt, rq, tp, rs,
         str(st), tst, str(R.randrange(100, 4000)), str(R.randrange(150, 90000)), '"%s %s %s"' % (m, url, proto),
         '"%s"' % R.choice(UAS), cipher, tlsv,
         "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/73e2d6bc24d8a067", '"%s"' % root,
         '"www.example.com"' if scheme == "https" else '"-"',
         '"arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"' if scheme == "https" else '"-"',
         str(R.choice([0, 1, 2, 10])), ts(created), '"%s"' % R.choice(["forward", "waf,forward", "authenticate,forward"]),
         '"-"', '"-"' if tst != "-" else '"TargetConnectionErrorCode"', '"%s"' % tgt, '"%s"' % tst, '"-"', '"-"',
         "TID_%032x" % R.getrandbits(128)]
    era = R.random()
    if era < 0.1:
        f = f[:29]
    elif era < 0.6:
        f += ['"-"', '"-"', '"-"']
        if i % 2 == 0:  # 2026 lines end with the node's address (field 34); from i, not R, so
            f.append("10.0.%d.%d" % (i % 4, 10 + i % 200))  # the other objects keep their bytes
    return " ".join(f)


def classic_line(i, t):
    st = status()
    rq, bp, rs, bst = timings(st)
    backend = target() if bst != "-" else "-"
    if R.random() < 0.1:  # TCP/SSL listener
        cipher, tlsv = R.choice(CIPHERS[:1] + [("-", "-")])
        return " ".join([ts(t), "my-classic-lb", "%s:%d" % (ip(), R.randrange(1024, 65535)), target(),
                         "%.6f" % (R.random() / 1000), "%.6f" % (R.random() / 1000), "%.6f" % (R.random() / 1000),
                         "-", "-", str(R.randrange(50, 900)), str(R.randrange(50, 9000)), '"- - - "', '"-"', cipher, tlsv])
    https = R.random() < 0.5
    cipher, tlsv = ("DHE-RSA-AES128-SHA", "TLSv1.2") if https else ("-", "-")
    url = "%s://www.example.com:%d%s" % ("https" if https else "http", 443 if https else 80, R.choice(PATHS))
    return " ".join([ts(t), "my-classic-lb", "%s:%d" % (ip(), R.randrange(1024, 65535)), backend, rq, bp, rs, str(st),
                     bst if bst != "-" else "0", "0", str(R.randrange(0, 90000)),
                     '"%s %s HTTP/1.1"' % (R.choice(METHODS), url), '"%s"' % R.choice(UAS), cipher, tlsv])


def nlb_line(i, t):
    fail = R.random() < 0.05
    cipher, tlsv = R.choice([("ECDHE-RSA-AES128-SHA", "tlsv12"), ("TLS_AES_128_GCM_SHA256", "tlsv13")])
    base = ["tls", "2.0", ts(t, frac=False, z=False), "net/my-nlb/c6e77e28c25b2234", "g3d4b5e8bb8464cd",
            "%s:%d" % (ip(), R.randrange(1024, 65535)), "172.31.%d.%d:443" % (R.randrange(16), R.randrange(2, 250))]
    if fail:
        return " ".join(base + ["0", "-", "0", "0"] + ["-"] * 10)
    created = t - timedelta(seconds=R.randrange(0, 30))
    return " ".join(base + [str(R.randrange(1, 60000)), str(R.randrange(1, 40)), str(R.randrange(100, 100000)),
                            str(R.randrange(100, 900000)), "-",
                            "arn:aws:acm:us-east-1:123456789012:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99", "-",
                            cipher, tlsv, "x25519", "api.example.com", "h2", "h2", '"h2","http/1.1"',
                            ts(created, frac=False, z=False)])


def conn_line(i, t):
    cipher, tlsv = R.choice(CIPHERS)
    status = R.choice(["Success"] * 5 + ["Failed:ClientCertUntrusted"])
    return " ".join([ts(t), ip(), str(R.randrange(1024, 65535)), "443", tlsv, cipher, "%.3f" % (R.random() * 10),
                     '"CN=client%d.example.com,O=Example,C=US"' % R.randrange(100),
                     "NotBefore=2025-09-21T22:43:21Z;NotAfter=2027-09-21T22:43:21Z", "%016X" % R.getrandbits(64),
                     status, "TID_%032x" % R.getrandbits(128)])


# Health checks and 15-field connection logs came later; their own generator keeps the bytes of
# the older sample objects unchanged when the set is regenerated.
H = random.Random(20251121)
# AWS's current reason codes (its older page also had RequestTimedOut and ConnectionTimedOut, now TimedOut)
REASONS = ["TimedOut", "ConnectionReset", "ResponseCodeMismatch", "ResponseStringMismatch", "InternalError",
           "TargetError", "GRPCStatusHeaderEmpty", "GRPCUnexpectedStatus"]


def health_line(i, t):
    kind = ["http", "https", "h2", "grpc", "lambda"][i % 5]
    if kind == "lambda":
        tgt = "arn:aws:lambda:us-east-1:123456789012:function:health-%d" % (i % 3)
    elif i % 7 == 3:
        tgt = "2600:1f18:%x:%x::%x:%d" % (H.randrange(65536), H.randrange(65536), H.randrange(65536), 8080)
    elif i % 7 == 5:
        tgt = "[2600:1f18:%x::%x]:%d" % (H.randrange(65536), H.randrange(65536), 443)
    else:
        tgt = "10.0.%d.%d:%d" % (H.randrange(4), H.randrange(2, 250), H.choice([80, 443, 8080, 50051]))
    failing = i % 3 == 1
    if failing:
        reason = REASONS[(i // 3) % len(REASONS)]
        code = "-" if reason in ("TimedOut", "ConnectionReset", "InternalError") \
            else {"GRPCUnexpectedStatus": "12", "GRPCStatusHeaderEmpty": "200"}.get(reason, H.choice(["404", "500", "502"]))
    else:
        reason, code = "-", "0" if kind == "grpc" else "200"
    if kind == "lambda" and not failing:
        code = "200"
    f = [kind, ts(t), "%.9f" % (H.random() * (5 if failing else 0.05)), tgt, "tg-%s-%d" % (kind, i % 4),
         "FAIL" if failing else "PASS", code, reason]
    if i % 2 == 0:  # newer nodes write the load balancer and their own address
        f += ["app/my-alb/50dc6c495c0c9188", "10.0.%d.%d" % (H.randrange(4), H.randrange(2, 250))]
    return " ".join(f)


def conn15_line(i, t):
    cipher, tlsv = H.choice(CIPHERS)
    status = H.choice(["Success"] * 5 + ["Failed:ClientCertUntrusted", "Failed:UnmappedCert"])
    kex = H.choice(["X25519MLKEM768", "secp256r1", "x25519"]) if i % 9 else "-"
    return " ".join([ts(t), ip(), str(H.randrange(1024, 65535)), "443", tlsv, cipher, "%.3f" % (H.random() * 10),
                     '"CN=client%d.example.com,O=Example,C=US"' % H.randrange(100),
                     "NotBefore=2025-09-21T22:43:21Z;NotAfter=2027-09-21T22:43:21Z", "%016X" % H.getrandbits(64),
                     status, "TID_%032x" % H.getrandbits(128), kex, "app/my-alb/50dc6c495c0c9188",
                     "10.0.%d.%d" % (H.randrange(4), H.randrange(2, 250))])


MAKERS = {"alb": alb_line, "classic": classic_line, "nlb": nlb_line, "conn": conn_line, "health": health_line,
          "conn15": conn15_line}


def lines(kind, n):
    t = T0
    for i in range(n):
        t += timedelta(microseconds=R.randrange(100, 20000))
        yield MAKERS[kind](i, t)


def write(path, kind, n):
    data = "".join(l + "\n" for l in lines(kind, n)).encode()
    if path.endswith(".gz"):
        with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, compresslevel=6) as g:
            g.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


MALFORMED = [
    "",
    "this is not a load balancer log line",
    "h2 2024-05-28T13:34:14.804475Z",
    "2015-13-13T23:39:43.945958Z my-lb 1.2.3.4:5 10.0.0.1:80 0.1 0.2 0.3 200 200 0 29 \"GET / HTTP/1.1\" \"ua\" - -",
    "http 2018-07-02T22:23:00.186641Z app/my-alb/50dc 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 2OO 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - - \"-\"",
    "   ",
    "http 2018-07-02T22:23:00.186641Z app/my-alb/50dc 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/73e2 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\" TID_1 \"-\" \"-\" \"-\" \"NEW FIELD\" 42",
    "2015-05-13T23:39:43.945958Z my-lb 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET http://www.example.com:80/caf\xe9 HTTP/1.1\" \"curl/7.38.0\" - -",
]


def testdata(out):
    pre = "%s_elasticloadbalancing_%s_" % (ACCOUNT, REGION)
    write(os.path.join(out, pre + "my-classic-lb_20261123T1000Z_52.1.2.3_5ce5zx2e.log"), "classic", 60)
    write(os.path.join(out, pre + "app.my-alb.50dc6c495c0c9188_20261123T1005Z_52.4.5.6_2ll9ptuy.log.gz"), "alb", 200)
    write(os.path.join(out, pre + "net.my-nlb.c6e77e28c25b2234_20261123T1005Z_1a2b3c4d.log.gz"), "nlb", 60)
    write(os.path.join(out, pre + "conn_log.app.my-alb.50dc6c495c0c9188_20261123T1005Z_52.4.5.6_3kq8rz1m.log.gz"), "conn", 50)
    mixed = []
    for kind in ("classic", "alb", "nlb", "conn"):
        mixed += list(lines(kind, 5))
    mixed[3:3] = MALFORMED[:4]
    mixed[12:12] = MALFORMED[4:]
    with open(os.path.join(out, "mixed-and-malformed.log"), "wb") as f:
        f.write(b"".join(l.encode("utf-8", "surrogateescape") if isinstance(l, str) else l for l in
                         (m.encode("latin-1") + b"\r\n" if i % 7 == 3 else m.encode("latin-1") + b"\n" for i, m in enumerate(mixed))))
    write(os.path.join(out, "health_check_log_" + pre + "app.my-alb.50dc6c495c0c9188_20261123T1005Z_52.4.5.6_7hc2k9qa.log.gz"),
          "health", 60)
    write(os.path.join(out, "conn_log_" + pre + "app.my-alb.50dc6c495c0c9188_20261123T1010Z_52.4.5.6_9fq1x3te.log.gz"),
          "conn15", 40)


if __name__ == "__main__":
    if sys.argv[1] == "testdata":
        testdata(sys.argv[2] if len(sys.argv) > 2 else "testdata")
    else:
        write(sys.argv[3], sys.argv[1], int(sys.argv[2]))
