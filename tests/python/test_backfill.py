"""`make backfill` and tools/backfill.py against moto: which keys the manifest holds, how they
are encoded, and the job it creates."""
import csv
import io
import os
import subprocess
import sys
import urllib.parse

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import backfill  # noqa: E402

PREFIX = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/"
DAYS = ["2025/11/30", "2025/12/01", "2025/12/02", "2025/12/03", "2026/01/01"]


@pytest.fixture(scope="module")
def moto(moto_endpoint):
    env = {"AWS_ENDPOINT_URL": moto_endpoint, "AWS_ACCESS_KEY_ID": "testing",
           "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    import boto3
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="logs")
    s3.create_bucket(Bucket="reports")
    for day in DAYS:
        for name in ["a.log.gz", "with space+plus.log.gz"]:
            s3.put_object(Bucket="logs", Key=f"{PREFIX}{day}/{name}", Body=b"x")
    s3.put_object(Bucket="logs", Key="AWSLogs/123456789012/elasticloadbalancing/us-west-2/2025/12/01/b.log.gz", Body=b"x")
    yield env
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def manifest_rows(body):
    return [(b, urllib.parse.unquote(k)) for b, k in csv.reader(io.StringIO(body.decode()))]


def test_from_to_selects_exactly_the_days_in_range(moto):
    import boto3
    s3 = boto3.client("s3")
    keys = list(backfill.selected(backfill.list_keys(s3, "logs", PREFIX, "2025/12/01", "2025/12/02"),
                                  "2025/12/01", "2025/12/02"))
    assert sorted(keys) == sorted(f"{PREFIX}{d}/{n}" for d in ["2025/12/01", "2025/12/02"]
                                  for n in ["a.log.gz", "with space+plus.log.gz"])
    everything = list(backfill.selected(backfill.list_keys(s3, "logs", PREFIX, None, None), None, None))
    assert len(everything) == 2 * len(DAYS)


# the vended deliveries' layouts (AWS's "Logs sent to Amazon S3 (V2 permissions)" examples)
HIVE = "AWSLogs/aws-account-id=111122223333/elasticloadbalancing/region=us-east-1/"
LAYOUTS = [
    HIVE + "year={y}/month={m}/day={d}/a.parquet",
    "AWSLogs/aws-account-id=111122223333/elasticloadbalancing/myFolder/year={y}/month={m}/day={d}/a.json.gz",
    "MyLogPrefix/us-east-1/{y}/{m}/{d}/a.log.gz",
    "AWSLogs/111122223333/elasticloadbalancing/us-east-1/{y}/{m}/{d}/a.log.gz",
    "flat/111122223333_elasticloadbalancing_us-east-1_app.a.1_{y}{m}{d}T1005Z_1.2.3.4_x.log.gz",
]


def test_every_key_layout_names_its_day():
    for layout in LAYOUTS:
        assert backfill.key_date(layout.format(y="2026", m="09", d="10")) == "2026/09/10", layout
    assert backfill.key_date("random/a.log") is None
    keys = [layout.format(y="2026", m="09", d=d) for layout in LAYOUTS for d in ["09", "10", "11", "12"]]
    picked = list(backfill.selected(keys, "2026/09/10", "2026/09/11"))
    assert len(picked) == 2 * len(LAYOUTS)
    assert {backfill.key_date(k) for k in picked} == {"2026/09/10", "2026/09/11"}


def test_a_hive_prefix_is_listed_from_the_first_month(moto):
    import boto3
    s3 = boto3.client("s3")
    for day in ["2026/08/31", "2026/09/10", "2026/10/01"]:
        y, m, d = day.split("/")
        s3.put_object(Bucket="logs", Key=f"{HIVE}year={y}/month={m}/day={d}/a.parquet", Body=b"x")
    keys = list(backfill.selected(backfill.list_keys(s3, "logs", HIVE, "2026/09/01", "2026/09/30"),
                                  "2026/09/01", "2026/09/30"))
    assert keys == [f"{HIVE}year=2026/month=09/day=10/a.parquet"]


def test_manifest_keys_are_url_encoded():
    body = backfill.manifest_csv("logs", ["p/with space+plus.log.gz", "p/a,b.log"])
    assert body.decode().splitlines() == ["logs,p/with%20space%2Bplus.log.gz", "logs,p/a%2Cb.log"]
    assert manifest_rows(body) == [("logs", "p/with space+plus.log.gz"), ("logs", "p/a,b.log")]


def test_dry_run_prints_the_manifest_size_and_the_commands_and_changes_nothing(moto):
    r = subprocess.run([sys.executable, "tools/backfill.py", "alb-logs", "logs", PREFIX, "reports", "2025/12/01", "2025/12/03"],
                       cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, DRY_RUN="1"))
    assert r.returncode == 0, r.stderr
    assert "manifest: 6 objects" in r.stdout
    assert "aws s3control create-job" in r.stdout and '"LambdaInvoke"' in r.stdout
    import boto3
    assert boto3.client("s3").list_objects_v2(Bucket="reports").get("KeyCount", 0) == 0


def test_a_real_run_uploads_the_manifest_and_creates_the_job(moto, monkeypatch, capsys):
    """moto (5.2.5) has no S3 Control CreateJob, so that one call goes to botocore's Stubber,
    which checks the request against the service model; everything else is moto."""
    import boto3
    from botocore.stub import ANY, Stubber
    real_client = boto3.client
    stubs = []

    def client(name, *a, **kw):
        c = real_client(name, *a, **kw)
        if name == "s3control":
            stub = Stubber(c)
            stub.add_response("create_job", {"JobId": "job-42"}, {
                "AccountId": "123456789012", "ConfirmationRequired": False, "Priority": 10,
                "RoleArn": "arn:aws:iam::123456789012:role/batch", "ClientRequestToken": ANY, "Description": ANY,
                "Operation": {"LambdaInvoke": {"FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:elb",
                                               "InvocationSchemaVersion": "2.0"}},
                "Manifest": {"Spec": {"Format": "S3BatchOperations_CSV_20180820", "Fields": ["Bucket", "Key"]},
                             "Location": {"ObjectArn": ANY, "ETag": ANY}},
                "Report": {"Bucket": "arn:aws:s3:::reports", "Prefix": "elb-logstash-batch/reports",
                           "Format": "Report_CSV_20180820", "Enabled": True, "ReportScope": "AllTasks"},
            })
            stub.activate()
            stubs.append(stub)
        return c

    monkeypatch.setattr(boto3, "client", client)
    cfn = real_client("cloudformation")
    cfn.create_stack(StackName="alb-logs", TemplateBody=(
        '{"Resources":{"Q":{"Type":"AWS::SQS::Queue"}},"Outputs":{'
        '"FunctionArn":{"Value":"arn:aws:lambda:us-east-1:123456789012:function:elb"},'
        '"BatchOperationsRoleArn":{"Value":"arn:aws:iam::123456789012:role/batch"}}}'))
    monkeypatch.delenv("DRY_RUN", raising=False)
    assert backfill.main(["alb-logs", "logs", PREFIX, "reports", "2025/12/02", ""]) == 0
    out = capsys.readouterr().out
    assert "manifest: 6 objects" in out
    assert "job job-42 created" in out and "describe-job" in out and "--job-id job-42" in out
    assert len(stubs) == 1
    stubs[0].assert_no_pending_responses()
    s3 = real_client("s3")
    listed = s3.list_objects_v2(Bucket="reports", Prefix=backfill.MANIFESTS + "/")["Contents"]
    assert len(listed) == 1
    body = s3.get_object(Bucket="reports", Key=listed[0]["Key"])["Body"].read()
    rows = manifest_rows(body)
    assert {d for _, k in rows for d in [backfill.key_date(k)]} == {"2025/12/02", "2025/12/03", "2026/01/01"}


def test_bad_dates_and_missing_variables_are_named():
    r = subprocess.run([sys.executable, "tools/backfill.py", "s", "b", "p/", "r", "2025-12-01"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 2 and "FROM=2025-12-01 is not YYYY/MM/DD" in r.stderr
    m = subprocess.run(["make", "--no-print-directory", "backfill", "STACK=s"], cwd=ROOT, capture_output=True, text=True)
    assert m.returncode != 0 and "missing variable(s): BUCKET PREFIX REPORT_BUCKET" in m.stderr


def test_make_n_backfill_shows_the_command():
    m = subprocess.run(["make", "--no-print-directory", "-n", "backfill", "STACK=s", "BUCKET=logs", f"PREFIX={PREFIX}",
                        "REPORT_BUCKET=reports", "FROM=2025/12/01", "TO=2025/12/31", "DRY_RUN=1"],
                       cwd=ROOT, capture_output=True, text=True)
    assert m.returncode == 0, m.stderr
    assert f"DRY_RUN=1 .venv-tools/bin/python tools/backfill.py 's' 'logs' '{PREFIX}' 'reports' '2025/12/01' '2025/12/31'" in m.stdout
