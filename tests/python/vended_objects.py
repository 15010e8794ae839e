"""Vended log objects built from legacy lines, as AWS's S3 deliveries write them (names from AWS's
delivery field lists): Parquet through pyarrow (an implementation nobody here wrote), JSON lines,
W3C and delimited plain text through small writers here. Each row holds the values of one legacy
line, so a vended object must give the legacy object's documents."""
import datetime
import gzip
import json
import os
import re

ALB_ACCESS = ("type time elb client_port target_port request_processing_time target_processing_time "
              "response_processing_time elb_status_code target_status_code received_bytes sent_bytes "
              "request_line user_agent ssl_cipher ssl_protocol target_group_arn trace_id domain_name "
              "chosen_cert_arn matched_rule_priority request_creation_time actions_executed redirect_url "
              "error_reason target_port_list target_status_code_list classification classification_reason "
              "conn_trace_id transformed_host transformed_uri request_transform_status ip_address").split()
ALB_CONNECTION = ("time client_ip client_port listener_port tls_protocol tls_cipher tls_handshake_latency "
                  "leaf_client_cert_subject leaf_client_cert_validity leaf_client_cert_serial_number "
                  "tls_verify_status conn_trace_id tls_keyexchange elb ip_address").split()
ALB_HEALTH_CHECK = ("type time latency target_addr target_group_id status status_code reason_code elb "
                    "ip_address").split()
NLB_ACCESS = ("type version time elb listener client_port destination_port connection_time tls_handshake_time "
              "received_bytes sent_bytes incoming_tls_alert chosen_cert_arn chosen_cert_serial tls_cipher "
              "tls_protocol_version tls_keyexchange domain_name alpn_fe_protocol alpn_be_protocol "
              "alpn_client_preference_list tls_connection_creation_time").split()

TESTDATA = os.path.join(os.path.dirname(__file__), "..", "..", "testdata")
# the testdata objects of each kind AWS vends, by a part of their names
KINDS = [("conn_log", ALB_CONNECTION), ("health_check_log", ALB_HEALTH_CHECK), ("_net.", NLB_ACCESS),
         ("_app.", ALB_ACCESS)]
INSTANTS = {"time", "request_creation_time", "tls_connection_creation_time"}
NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z?$")


def tokens(line):
    """A legacy line's tokens: (text, quoted), quoted ones without their quotes (escapes kept)."""
    out, i = [], 0
    while i < len(line):
        if line[i] == " ":
            i += 1
        elif line[i] == '"':
            j = i + 1
            while j < len(line) and not (line[j] == '"' and line[j - 1] != "\\"):
                j += 1
            out.append((line[i + 1:j], True))
            i = j + 1
        else:
            j = line.find(" ", i)
            j = len(line) if j < 0 else j
            out.append((line[i:j], False))
            i = j
    return out


def legacy(row):
    return " ".join(f'"{v}"' if q else v for v, q in row)


def testdata_rows():
    """(kind name, field names, rows) for each testdata object of a vended kind; a row is the
    tokens of one line that has no more tokens than AWS's list names."""
    out = []
    for name in sorted(os.listdir(TESTDATA)):
        names = next((n for part, n in KINDS if part in name), None)
        if names is None:
            continue
        with open(os.path.join(TESTDATA, name), "rb") as f:
            raw = f.read()
        text = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        rows = [tokens(l) for l in text.decode().splitlines() if l.strip()]
        out.append((name, names, [r for r in rows if len(r) <= len(names)]))
    return out


def typed(name, values):
    """A column's pyarrow array: timestamps for instants, integers or floats for numbers, strings
    otherwise; `-` is null."""
    import pyarrow as pa
    present = [v for v in values if v is not None]
    if name in INSTANTS and present and all(TIME.match(v) for v in present):
        def instant(v):
            t = datetime.datetime.fromisoformat(v.rstrip("Z"))
            return t.replace(tzinfo=datetime.timezone.utc)
        return pa.array([instant(v) if v else None for v in values], pa.timestamp("us", tz="UTC"))
    if present and all(NUMBER.match(v) for v in present):
        if all("." not in v for v in present):
            return pa.array([int(v) if v else None for v in values], pa.int64())
        return pa.array([float(v) if v else None for v in values], pa.float64())
    return pa.array(values, pa.string())


def write_parquet(path, names, rows, compression="snappy", typed_columns=False, row_group_size=None,
                  order=None):
    """Rows as a Parquet file written by pyarrow; `order` (indexes into `names`) picks and orders
    the columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    order = order if order is not None else range(len(names))
    cols = {}
    for i in order:
        values = [r[i][0] if i < len(r) and r[i][0] != "-" else None for r in rows]
        cols[names[i]] = typed(names[i], values) if typed_columns else pa.array(values, pa.string())
    pq.write_table(pa.table(cols), path, compression=compression,
                   row_group_size=row_group_size or max(1, len(rows)))


def json_lines(names, rows, numbers=False):
    def value(v, q):
        if numbers and not q and NUMBER.match(v):
            return json.loads(v)
        return None if v == "-" else v
    return "".join(json.dumps({n: value(v, q) for n, (v, q) in zip(names, r)}) + "\n" for r in rows)


def quoted_value(v, delim):
    """A value as a delimited record holds it: in quotes, with `\\` and `"` escaped, when it holds
    the delimiter or starts with a quote."""
    if delim in v or v.startswith('"'):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return v


def w3c(names, rows, delim=" ", fields_delim=None):
    head = "#Version: 1.0\n#Fields: " + (fields_delim or delim).join(names) + "\n"
    body = "".join(delim.join(quoted_value(unescape(v, q), delim) for v, q in r) + "\n" for r in rows)
    return head + body


def plain(rows, delim):
    return "".join(delim.join(quoted_value(unescape(v, q), delim) if delim != "\t" else v for v, q in r) + "\n"
                   for r in rows)


def unescape(v, quoted):
    """A quoted legacy value's text (its `\\"` stands for `"`); a bare one as it is."""
    return v.replace('\\"', '"') if quoted else v
