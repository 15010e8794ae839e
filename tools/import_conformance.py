#!/usr/bin/env python3
"""Builds tests/conformance/cases/*.jsonl from the peer corpus in ../shared/conformance.

usage: tools/import_conformance.py [SHARED_CONFORMANCE_DIR]

Only sources whose licence allows redistribution in this Apache-2.0 repository are imported
(see tests/conformance/PROVENANCE.md); Elastic License data is never copied. Each source's own
field names are mapped to ours (docs/SCHEMA.md) here, once, so the Rust test
(tests/conformance.rs) compares plain `{our.field: value}` expectations. A value a source keeps
as `-`, `null` or a `-1` timing becomes an *absent* expectation, as docs/SCHEMA.md rules.
Where we differ from a source on purpose, the field is dropped here with the reason in `skipped`.
"""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "conformance", "cases")

# Sources copied, with the licence that allows it. Anything else in the corpus is left out.
SOURCES = {
    "aws-docs": "CC BY-SA 4.0 (AWS documentation; sample code MIT-0)",
    "vrl-alb": "MPL-2.0",
    "logstash-patterns": "Apache-2.0",
    "node-log-parsers": "MIT",
    "fluent-plugin-elb-log": "MIT",
    "go-grok": "Apache-2.0",
    "coralogix-elb-fixture": "Apache-2.0",
}

# The AWS field names (node, fluent and VRL parsers all name fields after the AWS docs).
AWS_NAMES = {
    "type": "aws.elb.type", "timestamp": "@timestamp", "time": "@timestamp", "elb": "aws.elb.name",
    "client": "source.ip", "client_port": "source.port",
    "target": "aws.elb.backend.ip", "backend": "aws.elb.backend.ip",
    "target_port": "aws.elb.backend.port", "backend_port": "aws.elb.backend.port",
    "request_processing_time": "aws.elb.request_processing_time.sec",
    "target_processing_time": "aws.elb.backend_processing_time.sec",
    "backend_processing_time": "aws.elb.backend_processing_time.sec",
    "response_processing_time": "aws.elb.response_processing_time.sec",
    "elb_status_code": "http.response.status_code",
    "target_status_code": "aws.elb.backend.http.response.status_code",
    "backend_status_code": "aws.elb.backend.http.response.status_code",
    "request_method": "http.request.method", "request_uri": "url.original", "request_url": "url.original",
    "request_uri_host": "url.domain", "request_uri_port": "url.port", "request_uri_path": "url.path",
    "request_uri_query": "url.query",
    "user_agent": "user_agent.original", "ssl_cipher": "aws.elb.ssl_cipher",
    "ssl_protocol": "aws.elb.ssl_protocol", "target_group_arn": "aws.elb.target_group.arn",
    "trace_id": "aws.elb.trace_id", "domain_name": "destination.domain",
    "chosen_cert_arn": "aws.elb.chosen_cert.arn", "matched_rule_priority": "aws.elb.matched_rule_priority",
    "request_creation_time": "event.start", "redirect_url": "aws.elb.redirect_url",
    "error_reason": "aws.elb.error.reason", "classification": "aws.elb.classification",
    "classification_reason": "aws.elb.classification_reason",
    "conn_trace_id": "aws.elb.conn_trace_id", "traceability_id": "aws.elb.conn_trace_id",
}

# logstash-patterns-core's legacy (pre-ECS) capture names.
LOGSTASH_LEGACY = {
    "timestamp": "@timestamp", "elb": "aws.elb.name", "clientip": "source.ip", "clientport": "source.port",
    "backendip": "aws.elb.backend.ip", "backendport": "aws.elb.backend.port",
    "request_processing_time": "aws.elb.request_processing_time.sec",
    "backend_processing_time": "aws.elb.backend_processing_time.sec",
    "response_processing_time": "aws.elb.response_processing_time.sec",
    "response": "http.response.status_code", "backend_response": "aws.elb.backend.http.response.status_code",
    "backendresponse": "aws.elb.backend.http.response.status_code",
    "received_bytes": "http.request.body.bytes", "bytes": "http.response.body.bytes",
    "verb": "http.request.method", "request": "url.original", "httpversion": "http.version",
    "path": "url.path", "port": "url.port", "proto": "url.scheme",
}


def flatten(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flatten(v, prefix + k + "."))
        else:
            out[prefix + k] = v
    return out


def is_absent(v):
    return v is None or v == "-" or v == [] or (not isinstance(v, bool) and isinstance(v, (int, float)) and v == -1)


def byte_fields(fmt, line):
    """AWS's byte counts: ALB counts headers too (http.request.bytes); Classic HTTP counts bodies."""
    if fmt == "alb":
        return "http.request.bytes", "http.response.bytes"
    if '"- - - "' in line:  # Classic TCP/SSL listener: bytes from and to the client
        return "source.bytes", "destination.bytes"
    return "http.request.body.bytes", "http.response.body.bytes"


def split_list(v):
    if isinstance(v, list):
        return v
    return [p for p in str(v).strip('"').split(" ") if p and p != "-"]


def aws_named(case):
    """node, fluent and VRL expectations → ours."""
    e = case["expected"]
    if not isinstance(e, dict) or "error" in e:
        return None
    fmt, line = case["format"], case["line"]
    req_bytes, resp_bytes = byte_fields(fmt, line)
    expect, absent, skipped = {}, [], {}
    for k, v in flatten(e).items():
        if k in ("client_host", "target_host"):
            base = "source" if k == "client_host" else "aws.elb.backend"
            if is_absent(v):
                absent.append(base + ".ip")
            else:
                ip, _, port = v.rpartition(":")
                expect[base + ".ip"], expect[base + ".port"] = ip, port
            continue
        if k in ("request_protocol", "request_http_version"):
            if is_absent(v):
                absent.append("http.version")
            else:
                expect["http.version"] = str(v).split("/", 1)[-1]
            continue
        if k == "request_uri_scheme":
            expect["url.scheme"] = str(v).rstrip(":")
            continue
        if k == "actions_executed":
            if is_absent(v):
                absent.append("aws.elb.action_executed")
            else:
                expect["aws.elb.action_executed"] = str(v).strip('"').split(",")
            continue
        if k in ("target_port_list", "target_status_code_list"):
            path = "aws.elb.target_port" if k == "target_port_list" else "aws.elb.target_status_code"
            items = [] if v is None else split_list(v)
            if items:
                expect[path] = items
            else:
                absent.append(path)
            continue
        if k == "received_bytes":
            expect[req_bytes] = v
            continue
        if k == "sent_bytes":
            expect[resp_bytes] = v
            continue
        if k == "request":
            skipped[k] = "the whole request line is split into http.* and url.*; no field holds it"
            continue
        if k == "ssl_cipher" and fmt == "classic" and not is_absent(v):
            expect["tls.cipher"] = v
        path = AWS_NAMES.get(k)
        if path is None:
            skipped[k] = "no counterpart in docs/SCHEMA.md"
            continue
        if k == "trace_id" and isinstance(v, str):
            v = v.strip('"')
        if is_absent(v):
            absent.append(path)
        else:
            expect[path] = v
    return expect, absent, skipped


def logstash(case):
    e = flatten(case["expected"])
    names = LOGSTASH_LEGACY if case.get("mode") == "legacy" else {"timestamp": "@timestamp"}
    expect, skipped = {}, {}
    for k, v in e.items():
        if k == "urihost":
            skipped[k] = "host:port together; we write url.domain and url.port"
            continue
        path = names.get(k, k)
        if case.get("mode") == "legacy" and k not in names:
            skipped[k] = "no counterpart in docs/SCHEMA.md"
            continue
        if is_absent(v):
            continue
        expect[path] = v
    absent = []
    for k in case.get("absent_fields") or []:
        path = names.get(k, k) if case.get("mode") == "legacy" else k
        if path in ("tags", "params"):
            continue  # `tags` here means grok's failure tags; `params` is not a field of ours
        absent.append(path)
    return expect, absent, skipped


def go_grok(case):
    expect, skipped = {}, {}
    for k, v in case["expected"].items():
        if k == "timestamp":
            k = "@timestamp"
        if k.endswith(".body.size"):
            k = k.replace(".body.size", ".body.bytes")
        if k == "url.username":
            skipped[k] = "userinfo is not split out of url.original (docs/SCHEMA.md)"
            continue
        if k == "aws.elb.ssl_protocol":
            expect[k] = v
            continue
        expect[k] = v
    return expect, [], skipped


def convert(name, case):
    if case["format"] == "unknown":
        return None
    rec = {"source": case["source"], "licence": SOURCES[name], "case": case.get("case"), "format": case["format"],
           "line": case["line"]}
    mapped = None
    if case.get("expected"):
        if name in ("vrl-alb", "node-log-parsers", "fluent-plugin-elb-log"):
            mapped = aws_named(case)
        elif name == "logstash-patterns":
            mapped = logstash(case)
        elif name == "go-grok":
            mapped = go_grok(case)
    if mapped:
        rec["expect"], rec["absent"], skipped = mapped
        for k in case.get("suspicious_assertions") or {}:
            rec["expect"].pop(AWS_NAMES.get(k, k), None)
            skipped[k] = "the source asserts a value equal to the field's own name (see PROVENANCE.md)"
        for k, why in OVERRIDES.get((name, case.get("case")), {}).items():
            rec["expect"].pop(k, None)
            rec["absent"].append(k)
            skipped[k] = why
        if skipped:
            rec["skipped"] = skipped
    return rec


# Fields where we differ from one source on purpose, each with its reason.
OVERRIDES = {
    ("node-log-parsers", "toshihirock:5:doesn't receive traffic "): {
        "aws.elb.backend.ip": "the line logs `-1` where backend:port stands; that is no address, "
                              "so docs/SCHEMA.md leaves aws.elb.backend.* absent (the source copies `-1` into both)",
        "aws.elb.backend.port": "as aws.elb.backend.ip",
    },
}


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "conformance")
    os.makedirs(OUT, exist_ok=True)
    for name in SOURCES:
        recs = []
        for line in open(os.path.join(src, name + ".jsonl"), encoding="utf-8", errors="surrogateescape"):
            if line.strip():
                r = convert(name, json.loads(line))
                if r:
                    recs.append(r)
        with open(os.path.join(OUT, name + ".jsonl"), "w", encoding="utf-8", errors="surrogateescape") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{name}: {len(recs)} cases")


if __name__ == "__main__":
    main()
