"""The debug binary as the Lambda function for one event: under the emulated Runtime API
(tools/invoke_local.py), with a loopback receiver as Logstash and moto as AWS."""
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.join(ROOT, "target", "debug", "elb-logstash")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import invoke_local  # noqa: E402


def build():
    subprocess.run(["cargo", "build", "--quiet", "--bin", "elb-logstash"], cwd=ROOT, check=True)


def invoke(event, endpoint, extra_env=None):
    """One invocation: the function's answer, the event ids the receiver got, and its output."""
    build()
    answer, ids, logs = invoke_local.invoke(BIN, event, endpoint, extra_env)
    assert answer is not None, logs
    return answer, ids, logs
