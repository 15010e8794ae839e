#!/usr/bin/env python3
"""Replay the events in a stack's failure queue: each message is an on-failure destination
record; its `requestPayload` is the original S3 event. The event is invoked again
asynchronously and the message deleted once the invoke was accepted. Replays are safe:
event.id makes documents that already arrived overwrite themselves.

usage: replay_failures.py STACK [--dry-run]
"""
import json, sys

import boto3


def main():
    stack, dry = sys.argv[1], "--dry-run" in sys.argv
    outputs = {o["OutputKey"]: o["OutputValue"]
               for o in boto3.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]["Outputs"]}
    queue, function = outputs["FailureQueueUrl"], outputs["FunctionArn"]
    sqs, lam = boto3.client("sqs"), boto3.client("lambda")
    replayed = 0
    while True:
        msgs = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=2).get("Messages", [])
        if not msgs:
            break
        for m in msgs:
            record = json.loads(m["Body"])
            payload = record.get("requestPayload")
            if payload is None:
                print(f"skipping message {m['MessageId']}: no requestPayload", file=sys.stderr)
                continue
            keys = [r["s3"]["object"]["key"] for r in payload.get("Records", []) if "s3" in r]
            print(f"{'would replay' if dry else 'replaying'} {m['MessageId']}: {keys}")
            if not dry:
                lam.invoke(FunctionName=function, InvocationType="Event", Payload=json.dumps(payload).encode())
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"])
            replayed += 1
        if dry:
            break
    print(f"{replayed} event(s) {'found' if dry else 'replayed'}")


if __name__ == "__main__":
    main()
