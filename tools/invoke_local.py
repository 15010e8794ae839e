#!/usr/bin/env python3
"""Run a built elb-logstash binary (or an unzipped `bootstrap`) as the Lambda function, locally:
a Lambda Runtime API emulator, moto as S3 and a loopback JSON-lines receiver standing in for
Logstash. Uploads OBJECT, sends the function an S3 notification for it, prints the function's
answer and how many documents the receiver got. Exit 0 when the invocation succeeded and every
line arrived.

usage: invoke_local.py BINARY OBJECT [--batch]  (MOTO_SERVER may name the moto_server to start)
  --batch: an S3 Batch Operations invocation instead, with a task for OBJECT and one for a
  missing key; exit 0 when the first is Succeeded, the second PermanentFailure, and every line
  of OBJECT arrived.
"""
import json, os, socket, subprocess, sys, tempfile, threading, time, uuid, gzip
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUCKET = "elb-logs"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, seconds=30):
    end = time.time() + seconds
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


class Receiver(threading.Thread):
    """Reads newline-delimited JSON until the client closes, then closes: Logstash's tcp input."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.ids, self.lock = set(), threading.Lock()

    def run(self):
        while True:
            conn, _ = self.sock.accept()
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
        with self.lock:
            for line in data.splitlines():
                if line.strip():
                    self.ids.add(json.loads(line)["event"]["id"])
        conn.close()


def runtime_api(event, answers):
    pending = [event]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, code, body=b"", headers=()):
            self.send_response(code)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if not pending:
                time.sleep(3600)  # park the runtime, as a frozen sandbox
                return
            body = json.dumps(pending.pop(0)).encode()
            self.reply(200, body, [("Content-Type", "application/json"),
                                   ("Lambda-Runtime-Aws-Request-Id", str(uuid.uuid4())),
                                   ("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 300_000)),
                                   ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:elb-logstash")])

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
            answers.append({"kind": self.path.rsplit("/", 1)[-1], "body": json.loads(body or b"null")})
            self.reply(202, b'{"status":"OK"}')

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def invoke(binary, event, endpoint, extra_env=None):
    """One invocation of `binary` as the function under the emulated Runtime API, with a loopback
    receiver as Logstash and `endpoint` as AWS: its answer (None if none came within 60 s), the
    event ids the receiver got, and the function's output."""
    receiver = Receiver()
    receiver.start()
    answers = []
    api = runtime_api(event, answers)
    env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{api.server_port}", AWS_LAMBDA_FUNCTION_NAME="elb-logstash",
               AWS_LAMBDA_FUNCTION_MEMORY_SIZE="512", AWS_LAMBDA_FUNCTION_VERSION="$LATEST", AWS_ENDPOINT_URL=endpoint,
               AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_REGION="us-east-1",
               LOGSTASH_ADDR=f"127.0.0.1:{receiver.port}", **(extra_env or {}))
    function = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    end = time.time() + 60
    while not answers and time.time() < end:
        time.sleep(0.05)
    function.kill()
    logs = function.communicate()[0].decode(errors="replace")
    api.shutdown()
    return (answers[0] if answers else None), set(receiver.ids), logs


def main():
    binary, obj = sys.argv[1], sys.argv[2]
    batch = "--batch" in sys.argv[3:]
    import boto3  # from moto's dependencies
    moto_port = free_port()
    moto = subprocess.Popen([os.environ.get("MOTO_SERVER", "moto_server"), "-H", "127.0.0.1", "-p", str(moto_port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(moto_port)
        endpoint = f"http://127.0.0.1:{moto_port}"
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
        s3.create_bucket(Bucket=BUCKET)
        key = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/23/" + os.path.basename(obj)
        data = open(obj, "rb").read()
        s3.put_object(Bucket=BUCKET, Key=key, Body=data)
        lines = sum(1 for l in (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).splitlines() if l.strip())
        event = json.load(open(os.path.join(os.path.dirname(__file__), "..", "testdata", "events", "s3-put.json")))
        event["Records"][0]["s3"]["bucket"]["name"] = BUCKET
        event["Records"][0]["s3"]["object"]["key"] = key.replace(" ", "+")
        if batch:
            arn = f"arn:aws:s3:::{BUCKET}"
            event = {"invocationSchemaVersion": "1.0", "invocationId": "local-1", "job": {"id": "local-job"},
                     "tasks": [{"taskId": "t-object", "s3Key": key.replace(" ", "+"), "s3VersionId": None, "s3BucketArn": arn},
                               {"taskId": "t-missing", "s3Key": "AWSLogs/none.log.gz", "s3VersionId": None, "s3BucketArn": arn}]}
        answer, ids, logs = invoke(binary, event, endpoint, {"S3_FORCE_PATH_STYLE": "true"})
        print("function log:\n" + logs)
        if answer is None:
            raise SystemExit("the function did not answer within 60 s")
        print(f"answer ({answer['kind']}): {json.dumps(answer['body'])[:2000]}")
        print(f"receiver got {len(ids)} documents for {lines} lines")
        ok = answer["kind"] == "response" and len(ids) == lines
        if batch:
            codes = [r.get("resultCode") for r in answer["body"].get("results", [])]
            print(f"task results: {codes}")
            ok = ok and codes == ["Succeeded", "PermanentFailure"]
        sys.exit(0 if ok else 1)
    finally:
        moto.terminate()
        moto.wait()


if __name__ == "__main__":
    main()
