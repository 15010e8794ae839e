#!/usr/bin/env python3
"""Backfill a log bucket through S3 Batch Operations: list the objects, write the CSV manifest,
upload it, and create a LambdaInvoke job on the stack's function with a completion report.

usage (from `make backfill`): backfill.py STACK BUCKET PREFIX REPORT_BUCKET [FROM] [TO]
  FROM/TO: YYYY/MM/DD, inclusive, matched against the day every key layout AWS writes names:
  …/elasticloadbalancing/REGION/YYYY/MM/DD/… (legacy and vended), Hive-compatible
  …/year=YYYY/month=MM/day=DD/…, a suffix path or destination prefix …/YYYY/MM/DD/…, or the
  legacy file name's _YYYYMMDDTHHMMZ_
  DRY_RUN=1: print the manifest size and what would be uploaded and created; change nothing.

The manifest lives at s3://REPORT_BUCKET/elb-logstash-batch/manifests/ and the report under
elb-logstash-batch/reports/: the prefixes the stack's BatchOperationsRole may read and write.
"""
import csv
import hashlib
import io
import json
import os
import re
import sys
import time
import urllib.parse

MANIFESTS = "elb-logstash-batch/manifests"
REPORTS = "elb-logstash-batch/reports"
DATE_IN_KEY = re.compile(r"/(?:year=)?(\d{4})/(?:month=)?(\d{2})/(?:day=)?(\d{2})/")
DATE_IN_NAME = re.compile(r"_(\d{4})(\d{2})(\d{2})T\d{4}Z_")
DATE_ARG = re.compile(r"^\d{4}/\d{2}/\d{2}$")


def fail(msg, code=2):
    print(f"make backfill: {msg}", file=sys.stderr)
    sys.exit(code)


def key_date(key):
    """YYYY/MM/DD of the first date in the key's folders, else of its legacy file name."""
    folders, _, name = ("/" + key).rpartition("/")
    m = DATE_IN_KEY.search(folders + "/") or DATE_IN_NAME.search(name)
    if not m or not ("01" <= m.group(2) <= "12" and "01" <= m.group(3) <= "31"):
        return None
    return "/".join(m.groups())


def selected(keys, date_from, date_to):
    """Keys whose date lies in [FROM, TO]; without a range every key. A key without AWS's date
    layout is kept only when no range is given."""
    for key in keys:
        if key.endswith("/"):
            continue
        if date_from or date_to:
            d = key_date(key)
            if d is None or (date_from and d < date_from) or (date_to and d > date_to):
                continue
        yield key


def list_keys(s3, bucket, prefix, date_from, date_to):
    """Every key under PREFIX. When PREFIX ends at the region (legacy or Hive layout), keys sort
    by date, so the listing starts at FROM's month and stops after TO: a year-old bucket is not
    listed whole."""
    kwargs = {"Bucket": bucket, "Prefix": prefix}
    hive = re.search(r"/region=[^/]+/$", "/" + prefix) is not None
    by_date = hive or re.search(r"/elasticloadbalancing/[^/]+/$", "/" + prefix) is not None
    if date_from and by_date:
        y, m, _ = date_from.split("/")
        kwargs["StartAfter"] = prefix + (f"year={y}/month={m}" if hive else f"{y}/{m}")
    for page in s3.get_paginator("list_objects_v2").paginate(**kwargs):
        for o in page.get("Contents", []):
            d = key_date(o["Key"])
            if by_date and date_to and d and d > date_to:
                return
            yield o["Key"]


def manifest_csv(bucket, keys):
    """`bucket,key` rows, keys URL-encoded as Batch Operations expects."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for k in keys:
        w.writerow([bucket, urllib.parse.quote(k, safe="/")])
    return out.getvalue().encode()


def create_job_args(account, function_arn, role_arn, report_bucket, manifest_key, etag, token, description):
    return {
        "AccountId": account,
        "ConfirmationRequired": False,
        "Operation": {"LambdaInvoke": {"FunctionArn": function_arn, "InvocationSchemaVersion": "2.0"}},
        "Manifest": {
            "Spec": {"Format": "S3BatchOperations_CSV_20180820", "Fields": ["Bucket", "Key"]},
            "Location": {"ObjectArn": f"arn:aws:s3:::{report_bucket}/{manifest_key}", "ETag": etag},
        },
        "Report": {"Bucket": f"arn:aws:s3:::{report_bucket}", "Prefix": REPORTS, "Format": "Report_CSV_20180820",
                   "Enabled": True, "ReportScope": "AllTasks"},
        "Priority": 10,
        "RoleArn": role_arn,
        "ClientRequestToken": token,
        "Description": description[:256],
    }


def as_cli(args):
    """The same request as an `aws s3control create-job` command line."""
    def j(v):
        return "'" + json.dumps(v, separators=(",", ":")) + "'"
    return ("aws s3control create-job --account-id {a} --no-confirmation-required --priority 10 \\\n"
            "  --role-arn {r} \\\n  --operation {o} \\\n  --manifest {m} \\\n  --report {p} \\\n"
            "  --client-request-token {t} --description {d}").format(
        a=args["AccountId"], r=args["RoleArn"], o=j(args["Operation"]), m=j(args["Manifest"]),
        p=j(args["Report"]), t=args["ClientRequestToken"], d=json.dumps(args["Description"]))


def stack_outputs(cfn, stack):
    try:
        outputs = cfn.describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", [])
    except Exception as e:  # noqa: BLE001 - the SDK's error text is the message
        fail(f"cannot read stack {stack}: {e}", 3)
    return {o["OutputKey"]: o["OutputValue"] for o in outputs}


def main(argv):
    if len(argv) < 4:
        fail(__doc__)
    stack, bucket, prefix, report_bucket = argv[:4]
    date_from = argv[4] if len(argv) > 4 and argv[4] else None
    date_to = argv[5] if len(argv) > 5 and argv[5] else None
    for name, v in (("FROM", date_from), ("TO", date_to)):
        if v and not DATE_ARG.match(v):
            fail(f"{name}={v} is not YYYY/MM/DD")
    if date_from and date_to and date_from > date_to:
        fail(f"FROM={date_from} is after TO={date_to}")
    dry = os.environ.get("DRY_RUN", "") not in ("", "0")

    import boto3  # installed by `make backfill` into .venv-backfill
    s3 = boto3.client("s3")
    keys = list(selected(list_keys(s3, bucket, prefix, date_from, date_to), date_from, date_to))
    if not keys:
        fail(f"no objects under s3://{bucket}/{prefix}" + (f" from {date_from}" if date_from else "")
             + (f" to {date_to}" if date_to else ""), 3)
    body = manifest_csv(bucket, keys)
    token = hashlib.sha256(body).hexdigest()[:32]
    manifest_key = f"{MANIFESTS}/{stack}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{token[:8]}.csv"
    print(f"manifest: {len(keys)} objects, {len(body)} bytes -> s3://{report_bucket}/{manifest_key}")

    outputs = {} if dry else stack_outputs(boto3.client("cloudformation"), stack)
    function_arn = outputs.get("FunctionArn", f"<FunctionArn of stack {stack}>")
    role_arn = outputs.get("BatchOperationsRoleArn")
    if not dry and not role_arn:
        fail(f"stack {stack} has no BatchOperationsRoleArn output: deploy it with "
             f"BATCH_BUCKET={report_bucket} (the BatchOperationsBucket parameter)")
    role_arn = role_arn or f"<BatchOperationsRoleArn of stack {stack}>"
    account = "<account id>" if dry else boto3.client("sts").get_caller_identity()["Account"]
    etag = "<ETag of the uploaded manifest>"
    if dry:
        print(f"would upload: aws s3 cp manifest.csv s3://{report_bucket}/{manifest_key}")
    else:
        etag = s3.put_object(Bucket=report_bucket, Key=manifest_key, Body=body)["ETag"].strip('"')
    args = create_job_args(account, function_arn, role_arn, report_bucket, manifest_key, etag, token,
                           f"elb-logstash backfill of s3://{bucket}/{prefix}")
    print(("would run:\n" if dry else "creating the job:\n") + as_cli(args))
    if dry:
        return 0
    job = boto3.client("s3control").create_job(**args)["JobId"]
    print(f"job {job} created")
    print(f"watch it: aws s3control describe-job --account-id {account} --job-id {job} "
          f"--query 'Job.[Status,ProgressSummary]'")
    print(f"report:   s3://{report_bucket}/{REPORTS}/job-{job}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
