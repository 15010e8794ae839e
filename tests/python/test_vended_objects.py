"""Vended objects in S3's formats, from every testdata line AWS vends (ALB access, connection and
health-check logs; NLB access logs), through the CLI: Parquet written by pyarrow (snappy, gzip,
zstd; several row groups; string- and number-typed columns; a subset of the columns; columns in
another order), JSON lines, W3C (space, tab, comma) and delimited plain text. Each gives the
documents of the legacy object, field for field except where in which object (`event.id`,
`log`). And broken objects: what can be read is delivered, and the error says where."""
import gzip
import json
import os
import subprocess

import pytest

import vended_objects as vo
from lambda_run import BIN, build

KINDS = vo.testdata_rows()


@pytest.fixture(scope="module", autouse=True)
def binary():
    build()


def run(path, *args):
    out = subprocess.run([BIN, "--json-summary", *args, str(path)], capture_output=True)
    docs = [json.loads(l) for l in out.stdout.decode().splitlines()]
    return docs, json.loads(out.stderr.decode().strip().splitlines()[-1]), out.returncode


def without_identity(docs):
    for d in docs:
        d["event"].pop("id", None)
        d.pop("log", None)
    return docs


def legacy_docs(tmp_path, rows):
    path = tmp_path / "legacy.log"
    path.write_text("".join(vo.legacy(r) + "\n" for r in rows))
    docs, summary, _ = run(path)
    assert summary["parse_failures"] == 0, summary
    return without_identity(docs)


def padded(names, rows):
    """Rows with every field of the list (`-` where the line ended), as a plain record has."""
    return [r + [("-", False)] * (len(names) - len(r)) for r in rows]


# fields a delivery may leave out of its list (the legacy lines keep `-` there)
OPTIONAL = {"user_agent", "ssl_cipher", "ssl_protocol", "trace_id", "domain_name", "chosen_cert_arn",
            "redirect_url", "error_reason", "classification", "classification_reason", "leaf_client_cert_subject",
            "leaf_client_cert_validity", "leaf_client_cert_serial_number", "tls_keyexchange", "reason_code",
            "target_group_id", "chosen_cert_serial", "tls_cipher", "alpn_fe_protocol", "alpn_be_protocol",
            "alpn_client_preference_list", "incoming_tls_alert"}


def subset(names, rows):
    """The columns a delivery with a field list of its own writes (some optional ones left out),
    and the legacy rows with those absent."""
    keep = [i for i, n in enumerate(names) if n not in OPTIONAL]
    rows = [[t if i in keep else ("-", t[1]) for i, t in enumerate(r)] for r in rows]
    return keep, rows


def parquet(compression, typed=False, groups=None, order=None):
    def write(path, names, rows):
        o = None
        if order == "reversed":
            o = list(reversed(range(len(names))))
        vo.write_parquet(path, names, rows, compression=compression, typed_columns=typed,
                         row_group_size=groups, order=o)
    return write


def text(make, compress=False):
    def write(path, names, rows):
        data = make(names, rows).encode()
        path.write_bytes(gzip.compress(data) if compress else data)
    return write


FORMS = {
    "parquet-snappy-strings-row-groups-of-7": parquet("snappy", groups=7),
    "parquet-gzip-typed": parquet("gzip", typed=True),
    "parquet-zstd-typed-reversed-columns": parquet("zstd", typed=True, groups=16, order="reversed"),
    "json-lines-gzip": text(lambda n, r: vo.json_lines(n, r), compress=True),
    "json-lines-numbers": text(lambda n, r: vo.json_lines(n, r, numbers=True)),
    "w3c-space": text(lambda n, r: vo.w3c(n, r, " ")),
    "w3c-tab-gzip": text(lambda n, r: vo.w3c(n, r, "\t"), compress=True),
    "w3c-comma": text(lambda n, r: vo.w3c(n, r, ",")),
    "w3c-comma-names-by-spaces": text(lambda n, r: vo.w3c(n, r, ",", fields_delim=" ")),
}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("name,names,rows", KINDS, ids=[k[0].split("_20")[0][-24:] for k in KINDS])
def test_each_form_gives_the_legacy_documents(tmp_path, form, name, names, rows):
    want = legacy_docs(tmp_path, rows)
    path = tmp_path / "vended"
    FORMS[form](path, names, rows)
    got, summary, code = run(path)
    assert code == 0 and summary["parse_failures"] == 0, summary
    assert summary["vended_records"] == len(rows), summary
    assert without_identity(got) == want


@pytest.mark.parametrize("delim", ["\t", ","])
@pytest.mark.parametrize("name,names,rows", KINDS, ids=[k[0].split("_20")[0][-24:] for k in KINDS])
def test_plain_records_in_aws_default_order_give_the_legacy_documents(tmp_path, delim, name, names, rows):
    want = legacy_docs(tmp_path, rows)
    path = tmp_path / "plain.log.gz"
    path.write_bytes(gzip.compress(vo.plain(padded(names, rows), delim).encode()))
    got, summary, _ = run(path)
    assert summary["parse_failures"] == 0, summary
    assert without_identity(got) == want


@pytest.mark.parametrize("name,names,rows", KINDS, ids=[k[0].split("_20")[0][-24:] for k in KINDS])
def test_a_subset_of_the_columns_gives_the_documents_of_lines_without_the_others(tmp_path, name, names, rows):
    keep, rows = subset(names, rows)
    want = legacy_docs(tmp_path, rows)
    path = tmp_path / "subset.parquet"
    vo.write_parquet(path, names, rows, compression="snappy", typed_columns=True, order=keep)
    got, summary, _ = run(path)
    assert summary["parse_failures"] == 0, summary
    assert without_identity(got) == want


def alb():
    return next(k for k in KINDS if "_app." in k[0])


def test_a_truncated_parquet_footer_is_an_error_for_the_object(tmp_path):
    _, names, rows = alb()
    path = tmp_path / "whole.parquet"
    vo.write_parquet(path, names, rows)
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(path.read_bytes()[:-40])
    docs, summary, code = run(cut)
    assert code == 3 and docs == []
    error = summary["objects"][0]["error"]
    assert "cut.parquet" in error and "Parquet" in error, error


def test_a_corrupt_row_group_delivers_the_rows_before_it(tmp_path):
    import pyarrow.parquet as pq
    _, names, rows = alb()
    path = tmp_path / "corrupt.parquet"
    vo.write_parquet(path, names, rows, compression="snappy", row_group_size=50)
    meta = pq.ParquetFile(path).metadata
    assert meta.num_row_groups == 4
    col = meta.row_group(2).column(0)
    start = col.dictionary_page_offset or col.data_page_offset
    data = bytearray(path.read_bytes())
    data[start:start + col.total_compressed_size] = b"\xff" * col.total_compressed_size
    path.write_bytes(bytes(data))
    docs, summary, code = run(path)
    assert code == 3
    assert len(docs) == 100, summary
    error = summary["objects"][0]["error"]
    assert "corrupt.parquet" in error and "after row 100" in error, error


def test_a_w3c_record_before_any_fields_line_is_a_failure_document(tmp_path):
    _, names, rows = alb()
    body = vo.w3c(names, rows[:2], " ").split("\n")
    version, fields, first, second = body[0], body[1], body[2], body[3]
    path = tmp_path / "w3c.log"
    path.write_text("\n".join([version, first, fields, second]) + "\n")
    docs, summary, code = run(path)
    assert code == 0 and len(docs) == 2
    assert docs[0]["tags"] == ["_elbparsefailure"] and "#Fields:" in docs[0]["error"]["message"]
    assert "tags" not in docs[1]


def test_invalid_json_in_one_line_fails_that_line_only(tmp_path):
    _, names, rows = alb()
    lines = vo.json_lines(names, rows[:3]).splitlines()
    lines[1] = lines[1][:40]
    path = tmp_path / "broken.json"
    path.write_text("\n".join(lines) + "\n")
    docs, summary, _ = run(path)
    assert [("tags" in d) for d in docs] == [False, True, False]
    assert summary["parse_failures"] == 1 and summary["vended_records"] == 2, summary


def test_parquet_on_stdin_says_to_give_a_file(tmp_path):
    _, names, rows = alb()
    path = tmp_path / "p.parquet"
    vo.write_parquet(path, names, rows)
    out = subprocess.run([BIN, "--json-summary", "-"], input=path.read_bytes(), capture_output=True)
    assert out.returncode == 3 and out.stdout == b""
    assert "as a file or an S3 object" in out.stderr.decode()


def test_a_new_fields_line_changes_the_mapping_from_there_on(tmp_path):
    _, names, rows = alb()
    rows = rows[:4]
    want = legacy_docs(tmp_path, rows)
    order = list(reversed(range(len(names))))
    first = vo.w3c(names, rows[:2], "\t")
    # the second half names its fields in reverse order, separated by commas
    flipped = [[r[i] if i < len(r) else ("-", False) for i in order] for r in rows[2:]]
    second = vo.w3c([names[i] for i in order], flipped, ",").split("\n", 1)[1]
    path = tmp_path / "two-headers.log"
    path.write_text(first + second)
    got, summary, _ = run(path)
    assert summary["parse_failures"] == 0 and summary["lines_skipped"] == 3, summary
    assert without_identity(got) == want


def test_a_parquet_rows_offset_is_its_row_number(tmp_path):
    _, names, rows = alb()
    path = tmp_path / "rows.parquet"
    vo.write_parquet(path, names, rows, row_group_size=64)
    docs, _, _ = run(path)
    assert [d["log"]["offset"] for d in docs] == list(range(len(rows)))
    again, _, _ = run(path)
    assert [d["event"]["id"] for d in again] == [d["event"]["id"] for d in docs]
    assert len({d["event"]["id"] for d in docs}) == len(docs)
