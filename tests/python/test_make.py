"""The Makefile's deployment targets, as a user runs them."""
import os
import stat
import sys
import subprocess
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLE = "testdata/123456789012_elasticloadbalancing_us-east-1_app.my-alb.50dc6c495c0c9188_20261123T1005Z_52.4.5.6_2ll9ptuy.log.gz"
DEPLOY_VARS = ["STACK=alb-logs", "CODE_BUCKET=artifacts", "LOG_BUCKET=my-alb-logs", "LOGSTASH_HOST=logstash.internal",
               "ARCH=x86_64", "TRIGGER=sqs", "LOG_PREFIX=prod/"]


def make(*args, **kw):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True, **kw)


def test_deploy_without_variables_names_them():
    r = make("deploy")
    assert r.returncode != 0
    assert "missing variable(s): STACK CODE_BUCKET LOG_BUCKET LOGSTASH_HOST" in r.stderr


def test_deploy_dry_run_shows_upload_and_stack_deploy():
    r = make("-n", "deploy", *DEPLOY_VARS)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "cargo lambda build --release --bin elb-logstash" in out and "--x86-64" in out
    assert "aws s3 cp dist/elb-logstash-x86_64.zip s3://artifacts/" in out
    assert "aws cloudformation deploy --stack-name alb-logs --template-file cloudformation/template.yaml" in out
    for p in ["CodeBucket=artifacts", "LogBucketName=my-alb-logs", "'LogKeyPrefix=prod/'", "TriggerMode=sqs",
              "LogstashHost=logstash.internal", "Architecture=x86_64", "MemorySize=512", "Timeout=300"]:
        assert p in out, p


def test_unknown_architecture_is_refused():
    r = make("build", "ARCH=sparc")
    assert r.returncode != 0 and "ARCH must be arm64 or x86_64" in r.stderr


def test_package_x86_64_is_a_zip_with_a_bootstrap_that_runs_as_the_function(tmp_path):
    r = make("package", "ARCH=x86_64")
    assert r.returncode == 0, r.stdout + r.stderr
    zpath = os.path.join(ROOT, "dist", "elb-logstash-x86_64.zip")
    with zipfile.ZipFile(zpath) as z:
        assert z.namelist() == ["bootstrap"]
        z.extractall(tmp_path)
        mode = z.getinfo("bootstrap").external_attr >> 16
    bootstrap = tmp_path / "bootstrap"
    assert mode & stat.S_IXUSR, "bootstrap is executable in the zip"
    os.chmod(bootstrap, 0o755)
    run = subprocess.run([sys.executable, "tools/invoke_local.py", str(bootstrap), SAMPLE], cwd=ROOT, capture_output=True, text=True,
                         env=dict(os.environ), timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "receiver got 200 documents for 200 lines" in run.stdout
    # the same release bootstrap as an S3 Batch Operations target
    batch = subprocess.run([sys.executable, "tools/invoke_local.py", str(bootstrap), SAMPLE, "--batch"], cwd=ROOT,
                           capture_output=True, text=True, env=dict(os.environ), timeout=300)
    assert batch.returncode == 0, batch.stdout + batch.stderr
    assert "task results: ['Succeeded', 'PermanentFailure']" in batch.stdout


def test_deploy_passes_filter_rules_as_parameters():
    r = make("-n", "deploy", *DEPLOY_VARS, "EXCLUDE=user_agent.original=ELB-HealthChecker/*",
             "SAMPLE=http.response.status_code=200-399:0.05", "INCLUDE=aws.elb.type=h2")
    assert r.returncode == 0, r.stderr
    for p in ["'Exclude=user_agent.original=ELB-HealthChecker/*'", "'Sample=http.response.status_code=200-399:0.05'",
              "'Include=aws.elb.type=h2'"]:
        assert p in r.stdout, p


def test_deploy_passes_the_batch_operations_bucket():
    r = make("-n", "deploy", *DEPLOY_VARS, "BATCH_BUCKET=my-artifacts")
    assert r.returncode == 0, r.stderr
    assert "'BatchOperationsBucket=my-artifacts'" in r.stdout


def test_deploy_passes_the_kms_key_and_the_alarm_topic():
    r = make("-n", "deploy", *DEPLOY_VARS, "LOG_BUCKET_KMS_KEY_ARN=arn:aws:kms:us-east-1:123456789012:key/k1",
             "ALARM_TOPIC_ARN=arn:aws:sns:us-east-1:123456789012:ops")
    assert r.returncode == 0, r.stderr
    assert "'LogBucketKmsKeyArn=arn:aws:kms:us-east-1:123456789012:key/k1'" in r.stdout
    assert "'AlarmTopicArn=arn:aws:sns:us-east-1:123456789012:ops'" in r.stdout


def test_deploy_passes_the_tls_secret_arns():
    ca = "arn:aws:secretsmanager:us-east-1:123456789012:secret:logstash-ca-AbCdEf"
    key = "arn:aws:ssm:us-east-1:123456789012:parameter/elb-logstash/client-key"
    r = make("-n", "deploy", *DEPLOY_VARS, f"TLS_CA_SECRET_ARN={ca}", f"TLS_CERT_SECRET_ARN={ca}",
             f"TLS_KEY_SECRET_ARN={key}", "TLS_SECRETS_KMS_KEY_ARN=arn:aws:kms:us-east-1:123456789012:key/k2")
    assert r.returncode == 0, r.stderr
    for want in [f"'TlsCaSecretArn={ca}'", f"'TlsCertSecretArn={ca}'", f"'TlsKeySecretArn={key}'",
                 "'TlsSecretsKmsKeyArn=arn:aws:kms:us-east-1:123456789012:key/k2'"]:
        assert want in r.stdout


def test_deploy_passes_the_protocol_and_the_hosts():
    r = make("-n", "deploy", *DEPLOY_VARS, "LOGSTASH_PROTOCOL=beats", "BEATS_COMPRESSION_LEVEL=1",
             "LOGSTASH_ADDRS=ls1.internal:5045,ls2.internal:5045")
    assert r.returncode == 0, r.stderr
    for want in ["LogstashProtocol=beats", "BeatsCompressionLevel=1",
                 "'LogstashAddresses=ls1.internal:5045,ls2.internal:5045'"]:
        assert want in r.stdout
    assert "protocol=beats" in r.stdout


def test_backfill_and_replay_name_missing_variables_before_installing_anything():
    # -n: nothing runs; the first command make would run must not be a venv install
    for target, missing in [("backfill", "STACK BUCKET PREFIX REPORT_BUCKET"), ("replay", "STACK")]:
        r = make(target)
        assert r.returncode != 0
        assert f"missing variable" in r.stderr and missing in r.stderr, r.stderr
        assert "pip install" not in r.stdout + r.stderr, r.stdout
    r = make("-n", "backfill", "STACK=s", "BUCKET=b", "PREFIX=p/", "REPORT_BUCKET=r")
    assert r.returncode == 0, r.stderr
    assert ".venv-tools/bin/python tools/backfill.py" in r.stdout
    assert ".venv-test" not in r.stdout and "moto" not in r.stdout


def test_subscription_triggers_need_their_log_group_and_pass_it():
    base = [v for v in DEPLOY_VARS if not v.startswith("TRIGGER=")]
    r = make("deploy", *base, "TRIGGER=kinesis")
    assert r.returncode != 0 and "set LOG_GROUP" in r.stderr
    r = make("-n", "deploy", *base, "TRIGGER=cloudwatch", "LOG_GROUP=/aws/elb/my-alb")
    assert r.returncode == 0, r.stderr
    assert "TriggerMode=cloudwatch" in r.stdout and "'SourceLogGroup=/aws/elb/my-alb'" in r.stdout
    # no log bucket needed for a log group
    no_bucket = [v for v in base if not v.startswith("LOG_BUCKET=")]
    r = make("-n", "deploy", *no_bucket, "TRIGGER=kinesis", "LOG_GROUP=/aws/elb/my-alb")
    assert r.returncode == 0, r.stderr
    r = make("deploy", *no_bucket, "TRIGGER=sqs")
    assert r.returncode != 0 and "LOG_BUCKET" in r.stderr
