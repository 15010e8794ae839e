#!/usr/bin/env python3
"""Replay the events in a stack's failure queue: each message is an on-failure destination
record. An asynchronous invocation's record carries the original event (`requestPayload`); a
Kinesis event source mapping's record names the failed batch (`KinesisBatchInfo`: stream,
shard, first and last sequence number), whose records are read back from the stream while its
retention lasts and sent as Kinesis events of at most 100 records. The event is invoked again
asynchronously and the message deleted once the invoke was accepted. Replays are safe:
event.id makes documents that already arrived overwrite themselves.

usage: replay_failures.py STACK [--dry-run]
"""
import base64, json, sys

import boto3

BATCH = 100


def kinesis_events(info, kinesis):
    """The records of a failed Kinesis batch as Lambda Kinesis events, read back from the
    stream: from startSequenceNumber through endSequenceNumber of the shard."""
    arn = info["streamArn"]
    stream, region = arn.rsplit("/", 1)[1], arn.split(":")[3]
    it = kinesis.get_shard_iterator(StreamName=stream, ShardId=info["shardId"], ShardIteratorType="AT_SEQUENCE_NUMBER",
                                    StartingSequenceNumber=info["startSequenceNumber"])["ShardIterator"]
    end, records = int(info["endSequenceNumber"]), []
    while it:
        out = kinesis.get_records(ShardIterator=it, Limit=1000)
        for r in out["Records"]:
            if int(r["SequenceNumber"]) > end:
                it = None
                break
            records.append({"eventSource": "aws:kinesis", "eventSourceARN": arn, "awsRegion": region,
                            "eventName": "aws:kinesis:record", "eventVersion": "1.0",
                            "kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": r["PartitionKey"],
                                        "sequenceNumber": r["SequenceNumber"],
                                        "data": base64.b64encode(r["Data"]).decode(),
                                        "approximateArrivalTimestamp": r["ApproximateArrivalTimestamp"].timestamp()}})
        else:
            # nothing more in the shard: the last record is gone or not yet readable
            it = out.get("NextShardIterator") if out["Records"] else None
    return [{"Records": records[i:i + BATCH]} for i in range(0, len(records), BATCH)]


def payloads(record, kinesis):
    """What to invoke again for one failure record, and how to name it."""
    if "requestPayload" in record:
        payload = record["requestPayload"]
        keys = [r["s3"]["object"]["key"] for r in payload.get("Records", []) if "s3" in r]
        return [payload], f"{keys}"
    info = record.get("KinesisBatchInfo")
    if info is None:
        return [], None
    events = kinesis_events(info, kinesis)
    return events, f"{info['streamArn']} {info['shardId']} {info['startSequenceNumber']}..{info['endSequenceNumber']}"


def main():
    stack, dry = sys.argv[1], "--dry-run" in sys.argv
    outputs = {o["OutputKey"]: o["OutputValue"]
               for o in boto3.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]["Outputs"]}
    queue, function = outputs["FailureQueueUrl"], outputs["FunctionArn"]
    sqs, lam, kinesis = boto3.client("sqs"), boto3.client("lambda"), boto3.client("kinesis")
    replayed = 0
    while True:
        msgs = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=2).get("Messages", [])
        if not msgs:
            break
        for m in msgs:
            events, what = payloads(json.loads(m["Body"]), kinesis)
            if what is None:
                print(f"skipping message {m['MessageId']}: neither requestPayload nor KinesisBatchInfo", file=sys.stderr)
                continue
            print(f"{'would replay' if dry else 'replaying'} {m['MessageId']}: {what}")
            if not dry:
                for payload in events:
                    lam.invoke(FunctionName=function, InvocationType="Event", Payload=json.dumps(payload).encode())
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"])
            replayed += 1
        if dry:
            break
    print(f"{replayed} event(s) {'found' if dry else 'replayed'}")


if __name__ == "__main__":
    main()
