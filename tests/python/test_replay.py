"""tools/replay_failures.py against moto's Kinesis: a Kinesis event source mapping's failure
record (`KinesisBatchInfo`) is read back from the stream into Lambda Kinesis events, exactly
the failed sequence range, in batches of at most 100 records; an asynchronous invocation's
record replays its `requestPayload` as it is."""
import base64
import os
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import replay_failures  # noqa: E402


@pytest.fixture(scope="module")
def kinesis(moto_endpoint):
    import boto3
    return boto3.client("kinesis", endpoint_url=moto_endpoint, region_name="eu-west-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def test_a_failed_kinesis_batch_is_read_back_exactly(kinesis):
    kinesis.create_stream(StreamName="elb-logs", ShardCount=1)
    arn = kinesis.describe_stream(StreamName="elb-logs")["StreamDescription"]["StreamARN"]
    seqs = [kinesis.put_record(StreamName="elb-logs", Data=f"record {i}".encode(), PartitionKey="p")["SequenceNumber"]
            for i in range(250)]
    shard = kinesis.list_shards(StreamName="elb-logs")["Shards"][0]["ShardId"]
    info = {"shardId": shard, "startSequenceNumber": seqs[10], "endSequenceNumber": seqs[219], "streamArn": arn,
            "batchSize": 210}
    events, what = replay_failures.payloads({"KinesisBatchInfo": info}, kinesis)
    assert [len(e["Records"]) for e in events] == [100, 100, 10]
    records = [r for e in events for r in e["Records"]]
    assert [r["kinesis"]["sequenceNumber"] for r in records] == seqs[10:220]
    assert base64.b64decode(records[0]["kinesis"]["data"]) == b"record 10"
    assert records[0]["eventSource"] == "aws:kinesis" and records[0]["awsRegion"] == "eu-west-1"
    assert shard in what and seqs[10] in what


def test_an_asynchronous_failure_replays_its_event_and_others_are_skipped(kinesis):
    event = {"Records": [{"s3": {"object": {"key": "AWSLogs/a.log.gz"}}}]}
    assert replay_failures.payloads({"requestPayload": event}, kinesis) == ([event], "['AWSLogs/a.log.gz']")
    assert replay_failures.payloads({"something": "else"}, kinesis) == ([], None)
