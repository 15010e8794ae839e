"""The debug binary as the Lambda function for one event: under the emulated Runtime API
(tools/invoke_local.py), with a loopback receiver as Logstash and moto as AWS."""
import os
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.join(ROOT, "target", "debug", "elb-logstash")
sys.path.insert(0, os.path.join(ROOT, "tools"))
from invoke_local import Receiver, runtime_api  # noqa: E402


def build():
    subprocess.run(["cargo", "build", "--quiet", "--bin", "elb-logstash"], cwd=ROOT, check=True)


def invoke(event, endpoint, extra_env=None):
    """One invocation: the function's answer, the event ids the receiver got, and its output."""
    build()
    receiver = Receiver()
    receiver.start()
    answers = []
    api = runtime_api(event, answers)
    env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{api.server_port}", AWS_LAMBDA_FUNCTION_NAME="elb-logstash",
               AWS_LAMBDA_FUNCTION_MEMORY_SIZE="512", AWS_LAMBDA_FUNCTION_VERSION="$LATEST",
               AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
               AWS_REGION="us-east-1", LOGSTASH_ADDR=f"127.0.0.1:{receiver.port}", **(extra_env or {}))
    function = subprocess.Popen([BIN], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    end = time.time() + 60
    while not answers and time.time() < end:
        time.sleep(0.05)
    function.kill()
    logs = function.communicate()[0].decode(errors="replace")
    api.shutdown()
    assert answers, logs
    return answers[0], set(receiver.ids), logs
