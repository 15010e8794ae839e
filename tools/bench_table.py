#!/usr/bin/env python3
"""Turn criterion's results for `benches/parse.rs` into the BENCHMARKS.md table.

usage: bench_table.py   (after `cargo bench --bench parse`; reads target/criterion)
"""
import glob, gzip, json, os

FORMATS = [("alb", "ALB", "app.my-alb.50dc6c495c0c9188_2026"), ("classic", "Classic", "my-classic-lb"),
           ("nlb", "NLB", "net.my-nlb"), ("conn_log", "ALB connection log", "conn_log")]


def lines_of(fragment):
    path = next(p for p in glob.glob("testdata/*") if fragment in os.path.basename(p))
    raw = open(path, "rb").read()
    data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    lines = [l for l in data.split(b"\n") if l]
    return len(lines), sum(len(l) + 1 for l in lines)


def median_ns(group, name):
    path = os.path.join("target", "criterion", group, name, "new", "estimates.json")
    return json.load(open(path))["median"]["point_estimate"]


def main():
    print("| format | bytes/line | parse: ns/line | parse: lines/s | parse: throughput | parse + encode: ns/line "
          "| parse + encode: lines/s | parse + encode: MB/s of input |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for group, label, fragment in FORMATS:
        n, size = lines_of(fragment)
        p = median_ns(group, "parse") / n
        pe = median_ns(group, "parse+encode") / n
        print(f"| {label} | {size / n:.0f} | {p:.0f} | {1e9 / p:,.0f} | {size / n / p * 1e9 / 2**30:.2f} GiB/s "
              f"| {pe:.0f} | {1e9 / pe:,.0f} | {size / n / pe * 1e3:.0f} |")


if __name__ == "__main__":
    main()
