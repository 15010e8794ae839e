"""Vended objects in moto S3 under every key layout AWS's S3 deliveries write, read through the
CLI (an `s3://` prefix with a window of days) and through the Lambda (S3 notification, SQS,
S3 Batch Operations): every row arrives, with the account and region the key names."""
import gzip
import json
import subprocess
import urllib.parse

import pytest

import vended_objects as vo
from lambda_run import BIN, build, invoke

BUCKET = "vended-logs"
ACCOUNT, REGION = "111122223333", "us-east-1"
# AWS's "Logs sent to Amazon S3 (V2 permissions)" examples, for one day
LAYOUTS = {
    "default": "AWSLogs/{a}/elasticloadbalancing/{r}/{y}/{m}/{d}/",
    "hive": "AWSLogs/aws-account-id={a}/elasticloadbalancing/region={r}/year={y}/month={m}/day={d}/",
    "suffix-hive": "AWSLogs/aws-account-id={a}/elasticloadbalancing/myFolder/year={y}/month={m}/day={d}/",
    "destination-prefix": "MyLogPrefix/{r}/{y}/{m}/{d}/",
}
PATH_STYLE = {"S3_FORCE_PATH_STYLE": "true"}
DAYS = [("2026", "09", "09"), ("2026", "09", "10"), ("2026", "09", "11")]


def alb():
    return next(k for k in vo.testdata_rows() if "_app." in k[0])


def objects(tmp_path):
    """One object per format: (file name, bytes, rows)."""
    _, names, rows = alb()
    rows = rows[:60]
    path = tmp_path / "o.parquet"
    vo.write_parquet(path, names, rows, compression="snappy", typed_columns=True, row_group_size=25)
    return [
        ("a.parquet", path.read_bytes()),
        ("b.json.gz", gzip.compress(vo.json_lines(names, rows).encode())),
        ("c.log", vo.w3c(names, rows, "\t").encode()),
        ("d.log.gz", gzip.compress(vo.plain([r + [("-", False)] * (len(names) - len(r)) for r in rows],
                                            "\t").encode())),
    ], len(rows)


def key(layout, day, name):
    y, m, d = day
    return LAYOUTS[layout].format(a=ACCOUNT, r=REGION, y=y, m=m, d=d) + name


@pytest.fixture(scope="module")
def bucket(moto_endpoint, tmp_path_factory):
    import boto3
    s3 = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1", aws_access_key_id="test",
                      aws_secret_access_key="test")
    s3.create_bucket(Bucket=BUCKET)
    objs, rows = objects(tmp_path_factory.mktemp("objects"))
    for layout in LAYOUTS:
        for day in DAYS:
            for name, body in objs:
                s3.put_object(Bucket=BUCKET, Key=key(layout, day, name), Body=body)
    build()
    return moto_endpoint, objs, rows


def cli(endpoint, *args):
    env = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_REGION": "us-east-1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([BIN, "--json-summary", "--s3-force-path-style", *args], capture_output=True, env=env)
    docs = [json.loads(l) for l in out.stdout.decode().splitlines()]
    return docs, json.loads(out.stderr.decode().strip().splitlines()[-1]), out.returncode


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_prefix_with_a_window_reads_the_days_in_it_from_every_layout(bucket, layout):
    endpoint, objs, rows = bucket
    prefix = LAYOUTS[layout].split("{y}")[0].format(a=ACCOUNT, r=REGION)
    prefix = prefix.rsplit("year=", 1)[0]
    docs, summary, code = cli(endpoint, "--start", "2026-09-10", "--end", "2026/09/11",
                              f"s3://{BUCKET}/{prefix}")
    assert code == 0, summary
    assert len(summary["objects"]) == 2 * len(objs), [o["object"] for o in summary["objects"]]
    assert all("/2026/09/09/" not in o["object"] and "day=09" not in o["object"] for o in summary["objects"])
    assert len(docs) == 2 * len(objs) * rows and summary["parse_failures"] == 0, summary
    assert len({d["event"]["id"] for d in docs}) == len(docs)
    cloud = docs[0]["cloud"]
    assert cloud.get("region") == (None if layout == "suffix-hive" else REGION), cloud
    assert cloud.get("account", {}).get("id") == (None if layout == "destination-prefix" else ACCOUNT), cloud


def s3_event(keys):
    return {"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": REGION, "eventTime": "2026-09-10T10:05:00.000Z",
        "eventName": "ObjectCreated:Put", "userIdentity": {"principalId": "AWS:AIDAEXAMPLE"},
        "requestParameters": {"sourceIPAddress": "52.95.0.1"}, "responseElements": {},
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "elb-logs",
               "bucket": {"name": BUCKET, "ownerIdentity": {"principalId": "A"}, "arn": f"arn:aws:s3:::{BUCKET}"},
               "object": {"key": urllib.parse.quote_plus(k, safe="/"), "size": 1024, "sequencer": "0055AED6DCD90281E5"}}}
        for k in keys]}


def day_keys(objs):
    return [key(layout, DAYS[1], name) for layout in sorted(LAYOUTS) for name, _ in objs]


def test_the_lambda_reads_every_layout_from_s3_notifications(bucket):
    endpoint, objs, rows = bucket
    keys = day_keys(objs)
    answer, ids, logs = invoke(s3_event(keys), endpoint, PATH_STYLE)
    assert answer["kind"] == "response", logs
    body = answer["body"]
    assert body["lines_sent"] == len(keys) * rows and body["parse_failures"] == 0, json.dumps(body)
    assert len(ids) == len(keys) * rows


def test_the_lambda_reads_every_layout_from_sqs(bucket):
    endpoint, objs, rows = bucket
    keys = day_keys(objs)
    msgs = [{"messageId": f"m-{i}", "receiptHandle": "h", "body": json.dumps(s3_event([k])), "attributes": {},
             "messageAttributes": {}, "md5OfBody": "x", "eventSource": "aws:sqs",
             "eventSourceARN": "arn:aws:sqs:us-east-1:111122223333:q", "awsRegion": REGION}
            for i, k in enumerate(keys)]
    answer, ids, logs = invoke({"Records": msgs}, endpoint, PATH_STYLE)
    assert answer["kind"] == "response" and answer["body"] == {"batchItemFailures": []}, logs
    assert len(ids) == len(keys) * rows


def test_the_lambda_reads_every_layout_from_batch_operations(bucket):
    endpoint, objs, rows = bucket
    keys = day_keys(objs)
    tasks = [{"taskId": f"t-{i}", "s3Key": urllib.parse.quote_plus(k, safe="/"), "s3VersionId": None,
              "s3BucketArn": f"arn:aws:s3:::{BUCKET}"} for i, k in enumerate(keys)]
    event = {"invocationSchemaVersion": "1.0", "invocationId": "inv", "job": {"id": "job"}, "tasks": tasks}
    answer, ids, logs = invoke(event, endpoint, PATH_STYLE)
    assert answer["kind"] == "response", logs
    codes = {r["resultCode"] for r in answer["body"]["results"]}
    assert codes == {"Succeeded"}, answer["body"]
    assert len(ids) == len(keys) * rows
