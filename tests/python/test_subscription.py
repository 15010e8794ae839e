"""CloudWatch Logs → subscription filter → Kinesis → the function, end to end against moto:
log events (a legacy ALB line, a vended JSON record, a vended tab-separated record) are put into
a log group whose subscription writes into a Kinesis stream (moto forwards them as AWS does: one
record per PutLogEvents, its data the gzip of the subscription JSON); the stream's records are
read as Lambda's event source mapping would and handed to the debug binary under an emulated
Runtime API, with a loopback receiver as Logstash. Every event arrives, and the same records
delivered again give the same event ids."""
import base64
import json
import time

import pytest

from lambda_run import invoke

ALB = ('http 2026-11-23T10:00:00.1Z app/my-alb/50dc6c495c0c9188 192.0.2.1:4000 10.0.0.1:80 0.000 0.001 0.000 '
       '200 200 34 366 "GET http://x/ HTTP/1.1" "curl/8" - - '
       'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1 '
       '"Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2026-11-23T10:00:00.0Z "forward" "-" "-" '
       '"10.0.0.1:80" "200" "-" "-"')
VENDED_JSON = json.dumps({"type": "https", "time": "2026-11-23T10:00:01.0Z", "elb": "app/my-alb/50dc6c495c0c9188",
                          "client_port": "192.0.2.2:4001", "elb_status_code": 503,
                          "request_line": "GET https://y/ HTTP/1.1"})
VENDED_TSV = "\t".join(["http", "2026-11-23T10:00:02Z", "0.01", "10.0.0.1:80", "tg", "PASS", "200", "-",
                        "app/my-alb/50dc6c495c0c9188", "10.0.0.2"])


@pytest.fixture(scope="module")
def aws(moto_endpoint):
    import boto3
    kw = dict(endpoint_url=moto_endpoint, region_name="us-east-1", aws_access_key_id="test",
              aws_secret_access_key="test")
    return boto3.client("logs", **kw), boto3.client("kinesis", **kw), moto_endpoint


def kinesis_event(kinesis, arn):
    """The stream's records as the event source mapping hands them to Lambda."""
    shard = kinesis.list_shards(StreamName="elb-logs")["Shards"][0]["ShardId"]
    it = kinesis.get_shard_iterator(StreamName="elb-logs", ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = kinesis.get_records(ShardIterator=it, Limit=100)["Records"]
    return {"Records": [{"eventSource": "aws:kinesis", "eventSourceARN": arn, "awsRegion": "us-east-1",
                         "eventName": "aws:kinesis:record", "eventVersion": "1.0",
                         "kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": r["PartitionKey"],
                                     "sequenceNumber": r["SequenceNumber"],
                                     "data": base64.b64encode(r["Data"]).decode()}} for r in records]}


def test_log_events_through_a_subscription_and_kinesis_reach_logstash(aws):
    logs, kinesis, endpoint = aws
    kinesis.create_stream(StreamName="elb-logs", ShardCount=1)
    arn = kinesis.describe_stream(StreamName="elb-logs")["StreamDescription"]["StreamARN"]
    logs.create_log_group(logGroupName="/elb/my-alb")
    logs.create_log_stream(logGroupName="/elb/my-alb", logStreamName="vended")
    logs.put_subscription_filter(logGroupName="/elb/my-alb", filterName="to-kinesis", filterPattern="",
                                 destinationArn=arn, roleArn="arn:aws:iam::123456789012:role/logs-to-kinesis")
    now = int(time.time() * 1000)
    events = [{"timestamp": now + i, "message": m} for i, m in enumerate([ALB, VENDED_JSON, VENDED_TSV])]
    logs.put_log_events(logGroupName="/elb/my-alb", logStreamName="vended", logEvents=events)

    event = kinesis_event(kinesis, arn)
    assert event["Records"], "moto forwarded nothing into the stream"
    answer, ids, out = invoke(event, endpoint)
    assert answer["kind"] == "response", out
    summary = answer["body"]
    assert summary["lines_sent"] == 3 and summary["vended_records"] == 2, json.dumps(summary)
    assert len(ids) == 3, out

    # delivered again (a retry of the batch): the same documents, so the same ids
    _, again, _ = invoke(event, endpoint)
    assert again == ids
