"""The CloudFormation template's least-privilege and wiring rules, read from the YAML itself
(with CloudFormation's short-form tags)."""
import os

import pytest
import yaml

TEMPLATE = os.path.join(os.path.dirname(__file__), "..", "..", "cloudformation", "template.yaml")


class Tag:
    def __init__(self, tag, value):
        self.tag, self.value = tag, value

    def __repr__(self):
        return f"{self.tag} {self.value!r}"

    def __eq__(self, other):
        return isinstance(other, Tag) and (self.tag, self.value) == (other.tag, other.value)


class CfnLoader(yaml.SafeLoader):
    pass


def _construct(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tag("!" + suffix, value)


CfnLoader.add_multi_constructor("!", _construct)


@pytest.fixture(scope="module")
def template():
    with open(TEMPLATE) as f:
        return yaml.load(f, Loader=CfnLoader)


def statements(template):
    """(policy condition or None, statement) for every statement of the function's role."""
    out = []
    for policy in template["Resources"]["Role"]["Properties"]["Policies"]:
        cond = None
        if isinstance(policy, Tag) and policy.tag == "!If":
            cond, policy = policy.value[0], policy.value[1]
        for st in policy["PolicyDocument"]["Statement"]:
            out.append((cond, st))
    return out


def as_list(v):
    return v if isinstance(v, list) else [v]


def text(v):
    return v.value if isinstance(v, Tag) else v


def test_no_wildcard_action(template):
    for _, st in statements(template):
        for action in as_list(st["Action"]):
            assert action != "*" and not action.endswith(":*"), st


def test_no_wildcard_resource_on_s3_and_prefix_scoped_arn(template):
    s3 = [st for _, st in statements(template) if any(a.startswith("s3:") for a in as_list(st["Action"]))]
    assert len(s3) == 1
    assert as_list(s3[0]["Action"]) == ["s3:GetObject"]
    resource = s3[0]["Resource"]
    assert isinstance(resource, Tag) and resource.tag == "!Sub"
    assert resource.value == "arn:${AWS::Partition}:s3:::${LogBucketName}/${LogKeyPrefix}*"


def test_wildcard_resources_only_where_aws_has_no_resource_level_permissions(template):
    for cond, st in statements(template):
        if st["Resource"] == "*":
            services = {a.split(":")[0] for a in as_list(st["Action"])}
            assert services <= {"xray", "ec2"}, st
            if "ec2" in services:
                assert cond == "InVpc", "VPC permissions only when attached to a VPC"


def test_logs_only_to_its_own_group_and_queue_only_in_sqs_mode(template):
    for cond, st in statements(template):
        actions = as_list(st["Action"])
        if any(a.startswith("logs:") for a in actions):
            assert st["Resource"] == Tag("!GetAtt", "LogGroup.Arn")
        if "sqs:ReceiveMessage" in actions:
            assert cond == "SqsMode"
            assert st["Resource"] == Tag("!GetAtt", "TriggerQueue.Arn")


def test_s3_permission_names_bucket_and_account(template):
    p = template["Resources"]["S3InvokePermission"]["Properties"]
    assert p["Principal"] == "s3.amazonaws.com"
    assert text(p["SourceArn"]) == "arn:${AWS::Partition}:s3:::${LogBucketName}"
    assert p["SourceAccount"] == Tag("!Ref", "AWS::AccountId")
    # cfn-lint-serverless pairs the permission and the invoke config by this exact expression
    assert p["FunctionName"] == template["Resources"]["InvokeConfig"]["Properties"]["FunctionName"]


def test_notification_has_a_rule_per_suffix(template):
    conf = template["Resources"]["LogBucket"]["Properties"]["NotificationConfiguration"]
    for key in ("LambdaConfigurations", "QueueConfigurations"):
        rules = conf[key].value[1]
        suffixes = sorted(r["Filter"]["S3Key"]["Rules"][1]["Value"] for r in rules)
        assert suffixes == [".gz", ".log"], key


def test_failure_destination_and_encrypted_queues(template):
    r = template["Resources"]
    dest = r["InvokeConfig"]["Properties"]["DestinationConfig"]["OnFailure"]["Destination"]
    assert dest == Tag("!GetAtt", "FailureQueue.Arn")
    assert r["FailureQueue"]["Properties"]["KmsMasterKeyId"] == "alias/aws/sqs"
    assert r["TriggerQueue"]["Properties"]["SqsManagedSseEnabled"] is True
    assert r["TriggerQueue"]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"] == Tag("!GetAtt", "TriggerDeadLetterQueue.Arn")


def test_queue_visibility_is_six_times_every_allowed_timeout(template):
    allowed = template["Parameters"]["Timeout"]["AllowedValues"]
    mapping = template["Mappings"]["QueueVisibility"]
    assert sorted(int(k) for k in mapping) == sorted(allowed)
    for t in allowed:
        assert mapping[str(t)]["Seconds"] >= 6 * t


def test_function_runtime_and_defaults(template):
    f = template["Resources"]["Function"]["Properties"]
    assert f["Runtime"] == "provided.al2023" and f["Handler"] == "bootstrap"
    p = template["Parameters"]
    assert (p["MemorySize"]["Default"], p["Timeout"]["Default"], p["Architecture"]["Default"]) == (512, 300, "arm64")
    assert f["VpcConfig"].tag == "!If" and f["VpcConfig"].value[0] == "InVpc"


def test_alarms_on_errors_throttles_lines_failed_queues_and_the_stream(template):
    alarms = {r["Properties"]["MetricName"]: r["Properties"]["Namespace"]
              for r in template["Resources"].values() if r["Type"] == "AWS::CloudWatch::Alarm"}
    assert alarms == {"Errors": "AWS/Lambda", "Throttles": "AWS/Lambda", "LinesFailed": "ElbLogstash",
                      "ApproximateNumberOfMessagesVisible": "AWS/SQS", "ApproximateAgeOfOldestMessage": "AWS/SQS",
                      "IteratorAge": "AWS/Lambda"}
    r = template["Resources"]
    assert r["FailureQueueAlarm"]["Properties"]["Dimensions"][0]["Value"] == Tag("!GetAtt", "FailureQueue.QueueName")
    assert r["TriggerQueueAgeAlarm"]["Condition"] == "SqsMode"


def test_every_alarm_notifies_the_topic_on_alarm_and_ok(template):
    assert template["Parameters"]["AlarmTopicArn"]["Default"] == ""
    want = Tag("!If", ["HasAlarmTopic", [Tag("!Ref", "AlarmTopicArn")], Tag("!Ref", "AWS::NoValue")])
    for name, r in template["Resources"].items():
        if r["Type"] == "AWS::CloudWatch::Alarm":
            assert r["Properties"]["AlarmActions"] == want, name
            assert r["Properties"]["OKActions"] == want, name


def test_kms_decrypt_only_on_the_given_key_and_only_through_s3(template):
    kms = [(c, st) for c, st in statements(template) if any(a.startswith("kms:") for a in as_list(st["Action"]))]
    assert len(kms) == 2
    cond, st = [k for k in kms if k[0] == "LogBucketKms"][0]
    assert cond == "LogBucketKms" and as_list(st["Action"]) == ["kms:Decrypt"]
    assert st["Resource"] == Tag("!Ref", "LogBucketKmsKeyArn")
    assert st["Condition"] == {"StringEquals": {"kms:ViaService": Tag("!Sub", "s3.${AWS::Region}.amazonaws.com")}}


def test_filter_rules_reach_the_function(template):
    env = template["Resources"]["Function"]["Properties"]["Environment"]["Variables"]
    for var, param in [("INCLUDE", "Include"), ("EXCLUDE", "Exclude"), ("SAMPLE", "Sample")]:
        assert env[var] == Tag("!Ref", param)
        assert template["Parameters"][param]["Default"] == ""


def test_batch_operations_role_is_optional_and_least_privilege(template):
    assert template["Parameters"]["BatchOperationsBucket"]["Default"] == ""
    role = template["Resources"]["BatchOperationsRole"]
    assert role["Condition"] == "BatchRole"
    trust = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert [t["Principal"] for t in trust] == [{"Service": "batchoperations.s3.amazonaws.com"}]
    assert trust[0]["Condition"]["StringEquals"]["aws:SourceAccount"] == Tag("!Ref", "AWS::AccountId")
    sts = [st for p in role["Properties"]["Policies"] for st in p["PolicyDocument"]["Statement"]]
    by_action = {tuple(as_list(st["Action"])): st["Resource"] for st in sts}
    assert by_action == {
        ("lambda:InvokeFunction",): Tag("!GetAtt", "Function.Arn"),
        ("s3:GetObject", "s3:GetObjectVersion"):
            Tag("!Sub", "arn:${AWS::Partition}:s3:::${BatchOperationsBucket}/elb-logstash-batch/manifests/*"),
        ("s3:PutObject",): Tag("!Sub", "arn:${AWS::Partition}:s3:::${BatchOperationsBucket}/elb-logstash-batch/reports/*"),
    }
    out = template["Outputs"]["BatchOperationsRoleArn"]
    assert out["Condition"] == "BatchRole" and out["Value"] == Tag("!GetAtt", "BatchOperationsRole.Arn")


def test_tls_secrets_readable_exactly_and_only_their_arns_in_the_environment(template):
    params = template["Parameters"]
    for p in ["TlsCaSecretArn", "TlsCertSecretArn", "TlsKeySecretArn", "TlsSecretsKmsKeyArn"]:
        assert params[p]["Default"] == "", p
    reads = [(c, st) for c, st in statements(template)
             if any(a.startswith(("secretsmanager:", "ssm:")) for a in as_list(st["Action"]))]
    assert len(reads) == 1
    cond, st = reads[0]
    assert cond == "HasTlsSecrets"
    assert sorted(as_list(st["Action"])) == ["secretsmanager:GetSecretValue", "ssm:GetParameter"]
    assert st["Resource"] == [
        Tag("!If", ["HasTlsCaSecret", Tag("!Ref", "TlsCaSecretArn"), Tag("!Ref", "AWS::NoValue")]),
        Tag("!If", ["HasTlsClientSecrets", Tag("!Ref", "TlsCertSecretArn"), Tag("!Ref", "AWS::NoValue")]),
        Tag("!If", ["HasTlsKeySecret", Tag("!Ref", "TlsKeySecretArn"), Tag("!Ref", "AWS::NoValue")]),
    ]
    cond, st = [(c, s) for c, s in statements(template) if c == "TlsSecretsKms"][0]
    assert as_list(st["Action"]) == ["kms:Decrypt"] and st["Resource"] == Tag("!Ref", "TlsSecretsKmsKeyArn")
    assert st["Condition"]["StringEquals"]["kms:ViaService"] == [
        Tag("!Sub", "secretsmanager.${AWS::Region}.amazonaws.com"), Tag("!Sub", "ssm.${AWS::Region}.amazonaws.com")]
    env = template["Resources"]["Function"]["Properties"]["Environment"]["Variables"]
    assert env["LOGSTASH_TLS_CA"] == Tag("!If", ["HasTlsCaSecret", Tag("!Ref", "TlsCaSecretArn"), Tag("!Ref", "LogstashTlsCa")])
    assert env["LOGSTASH_TLS_KEY"] == Tag("!If", ["HasTlsKeySecret", Tag("!Ref", "TlsKeySecretArn"), Tag("!Ref", "AWS::NoValue")])
    assert "ClientCertificateAndKeyTogether" in template["Rules"]


def test_protocol_compression_and_hosts_reach_the_function(template):
    params = template["Parameters"]
    assert params["LogstashProtocol"]["AllowedValues"] == ["tcp", "beats"]
    assert params["LogstashProtocol"]["Default"] == "tcp"
    assert (params["BeatsCompressionLevel"]["MinValue"], params["BeatsCompressionLevel"]["MaxValue"]) == (0, 9)
    env = template["Resources"]["Function"]["Properties"]["Environment"]["Variables"]
    assert env["LOGSTASH_PROTOCOL"] == Tag("!Ref", "LogstashProtocol")
    assert env["BEATS_COMPRESSION_LEVEL"] == Tag("!Ref", "BeatsCompressionLevel")
    assert env["LOGSTASH_ADDR"] == Tag("!If", ["HasLogstashAddresses", Tag("!Ref", "LogstashAddresses"),
                                               Tag("!Sub", "${LogstashHost}:${LogstashPort}")])


def test_cloudwatch_mode_lets_only_its_log_group_invoke(template):
    r = template["Resources"]
    p = r["LogsInvokePermission"]
    assert p["Condition"] == "CloudWatchMode"
    assert p["Properties"]["Principal"] == "logs.amazonaws.com"
    assert p["Properties"]["SourceAccount"] == Tag("!Ref", "AWS::AccountId")
    group_arn = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${SourceLogGroup}:*"
    assert text(p["Properties"]["SourceArn"]) == group_arn
    s = r["DirectSubscription"]
    assert s["DependsOn"] == "LogsInvokePermission"
    assert s["Properties"]["DestinationArn"] == Tag("!GetAtt", "Function.Arn")


def test_kinesis_mode_retries_only_what_failed_and_keeps_what_cannot_be_delivered(template):
    r = template["Resources"]
    m = r["StreamEventSource"]
    assert m["Condition"] == "KinesisMode"
    p = m["Properties"]
    assert p["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert p["BisectBatchOnFunctionError"] is True
    assert p["MaximumRetryAttempts"] > 0 and p["MaximumRecordAgeInSeconds"] > 0
    assert p["DestinationConfig"]["OnFailure"]["Destination"] == Tag("!GetAtt", "FailureQueue.Arn")
    assert r["SubscriptionStream"]["Properties"]["StreamEncryption"]["EncryptionType"] == "KMS"
    assert r["IteratorAgeAlarm"]["Condition"] == "KinesisMode"


def test_the_subscription_role_only_puts_into_its_stream_for_its_group(template):
    role = template["Resources"]["SubscriptionRole"]["Properties"]
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "logs.amazonaws.com"}
    assert "${SourceLogGroup}" in text(trust["Condition"]["StringLike"]["aws:SourceArn"])
    (policy,) = role["Policies"]
    (st,) = policy["PolicyDocument"]["Statement"]
    assert st["Action"] == "kinesis:PutRecord"
    assert st["Resource"] == Tag("!GetAtt", "SubscriptionStream.Arn")


def test_the_function_reads_only_its_own_stream_and_only_in_kinesis_mode(template):
    for cond, st in statements(template):
        actions = as_list(st["Action"])
        if any(a.startswith("kinesis:") for a in actions):
            assert cond == "KinesisMode"
            assert st["Resource"] == Tag("!GetAtt", "SubscriptionStream.Arn")
            assert "kinesis:PutRecord" not in actions


def test_a_dashboard_shows_lines_invocations_and_the_failure_queue(template):
    body = template["Resources"]["Dashboard"]["Properties"]["DashboardBody"].value[0]
    for metric in ["LinesSent", "LinesFailed", "ParseFailures", "LinesFiltered", "Errors", "Duration",
                   "ApproximateNumberOfMessagesVisible"]:
        assert f'"{metric}"' in body, metric


def test_the_log_bucket_is_read_only_when_there_is_one_and_required_by_the_s3_triggers(template):
    reads = [(cond, st) for cond, st in statements(template) if "s3:GetObject" in as_list(st["Action"])]
    assert [cond for cond, _ in reads] == ["HasLogBucket"]
    rule = template["Rules"]["LogBucketForS3Triggers"]
    modes = [text(c) for c in rule["RuleCondition"].value]
    assert [Tag("!Ref", "TriggerMode"), "s3"] in modes and [Tag("!Ref", "TriggerMode"), "sqs"] in modes
    assert template["Parameters"]["LogBucketName"]["Default"] == ""
