# elb-logstash — `make help` lists the targets.
SHELL := /bin/bash
CARGO ?= cargo
PYTHON ?= python3
BIN := target/debug/elb-logstash
SAMPLE := testdata/123456789012_elasticloadbalancing_us-east-1_app.my-alb.50dc6c495c0c9188_20261123T1005Z_52.4.5.6_2ll9ptuy.log.gz
CONFORMANCE := ../shared/conformance/check

# Python tools live in venvs inside the repo, pinned, so a fresh machine gets the same ones.
VENV_TEST := .venv-test
VENV_LINT := .venv-lint
VENV_CHECKOV := .venv-checkov
VENV_LAMBDA := .venv-lambda
# what the operator tools (backfill, replay) need, and nothing of the tests'
VENV_TOOLS := .venv-tools
MOTO_SERVER := $(CURDIR)/$(VENV_TEST)/bin/moto_server
CARGO_LAMBDA := $(VENV_LAMBDA)/bin/cargo-lambda

# Lambda build and deployment
ARCH ?= arm64
LAMBDA_DIR := target/lambda-$(ARCH)
ZIP := dist/elb-logstash-$(ARCH).zip
STACK ?=
CODE_BUCKET ?=
LOG_BUCKET ?=
LOG_PREFIX ?=
CREATE_LOG_BUCKET ?= false
TRIGGER ?= s3
# cloudwatch and kinesis triggers: the log group the load balancer's (vended) logs go to
LOG_GROUP ?=
LOGSTASH_HOST ?=
LOGSTASH_PORT ?= 5044
LOGSTASH_TLS ?= false
POOL_SIZE ?= 4
MEMORY ?= 512
TIMEOUT ?= 300
SUBNET_IDS ?=
SECURITY_GROUP_IDS ?=
LOG_RETENTION_DAYS ?= 30
EXTRA_FIELDS ?=
TAGS ?=
INCLUDE ?=
EXCLUDE ?=
SAMPLE ?=
BATCH_BUCKET ?=
LOG_BUCKET_KMS_KEY_ARN ?=
ALARM_TOPIC_ARN ?=
TLS_CA_SECRET_ARN ?=
LOGSTASH_PROTOCOL ?= tcp
BEATS_COMPRESSION_LEVEL ?= 1
LOGSTASH_ADDRS ?=
TLS_CERT_SECRET_ARN ?=
TLS_KEY_SECRET_ARN ?=
TLS_SECRETS_KMS_KEY_ARN ?=
REQUIRED_BACKFILL = STACK BUCKET PREFIX REPORT_BUCKET
# the log bucket is what the s3 and sqs triggers read; the subscription triggers read a log group
REQUIRED_DEPLOY = STACK CODE_BUCKET $(if $(filter cloudwatch kinesis,$(TRIGGER)),,LOG_BUCKET) LOGSTASH_HOST

# Root on CI and dev machines here; elsewhere sudo is used when present.
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

.PHONY: help run test test-build package-build deps unit conformance template-tests bench bench-instructions lint fuzz build package deploy check-deploy-vars check-backfill-vars check-replay-vars invoke-local backfill replay clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

# The quick local build (no AWS SDK, no Lambda runtime, ring for TLS): see README "Builds".
LOCAL_FEATURES := --no-default-features --features ring

run: ## run the tool on a bundled ALB object: documents on stdout, summary on stderr (local build, about a minute)
	@$(CARGO) run --quiet $(LOCAL_FEATURES) -- $(SAMPLE)

test: deps ## every test that needs only this repository (installs what the tests need first)
	@# the test binaries and the release bootstrap (for the package test) compile side by side:
	@# the release build spends minutes on one core (fat LTO), which the test build fills
	$(MAKE) --no-print-directory -j2 test-build package-build
	$(MAKE) --no-print-directory unit template-tests

test-build:
	$(CARGO) test --all-targets --no-run
	@# the binary the Python tests run (tests/python/lambda_run.py): without the dev-dependencies'
	@# features it is a build of its own, minutes of it, better spent here than inside pytest
	$(CARGO) build --bin elb-logstash

package-build:
	$(MAKE) --no-print-directory build ARCH=x86_64

deps: $(VENV_TEST)/.installed $(VENV_LINT)/.installed $(VENV_CHECKOV)/.installed ## install test dependencies (syslog-ng and time via apt, Python tools via pip)
	@{ command -v syslog-ng && [ -x /usr/bin/time ]; } >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends syslog-ng-core time; }

$(VENV_TEST)/.installed:
	$(PYTHON) -m venv $(VENV_TEST) && $(VENV_TEST)/bin/pip install -q 'moto[server]==5.2.5' 'pytest==8.4.2' 'PyYAML==6.0.3' 'pyarrow==22.0.0' && touch $@

$(VENV_LINT)/.installed:
	$(PYTHON) -m venv $(VENV_LINT) && $(VENV_LINT)/bin/pip install -q 'cfn-lint==1.58.0' 'cfn-lint-serverless==0.3.6' && touch $@

$(VENV_CHECKOV)/.installed:
	$(PYTHON) -m venv $(VENV_CHECKOV) && $(VENV_CHECKOV)/bin/pip install -q 'checkov==3.3.30' && touch $@

$(VENV_TOOLS)/.installed:
	$(PYTHON) -m venv $(VENV_TOOLS) && $(VENV_TOOLS)/bin/pip install -q 'boto3==1.44.5' && touch $@

$(CARGO_LAMBDA):
	$(PYTHON) -m venv $(VENV_LAMBDA) && $(VENV_LAMBDA)/bin/pip install -q 'cargo-lambda==1.9.2'

unit: ## cargo tests: unit, handler, CLI, golden, conformance, properties, allocations, shipping, syslog-ng, Lambda + S3
	MOTO_SERVER=$(MOTO_SERVER) $(CARGO) test --all-targets --no-fail-fast

conformance: ## the maintainers' full peer corpus (../shared/conformance) through the CLI; the redistributable part runs in `make test`
	@if [ ! -f $(CONFORMANCE) ]; then \
	  echo "make conformance: $(CONFORMANCE) not found." >&2; \
	  echo "  It needs the maintainers' peer corpus checked out beside this repository as ../shared" >&2; \
	  echo "  (it holds Elastic-licensed golden files that cannot be redistributed here)." >&2; \
	  echo "  The redistributable cases run in 'make test' (tests/conformance.rs)." >&2; exit 2; fi
	$(CARGO) build --quiet
	$(PYTHON) $(CONFORMANCE) $(BIN)

template-tests: ## CloudFormation lint (cfn-lint + serverless rules, checkov) and policy/Makefile tests
	$(VENV_LINT)/bin/cfn-lint cloudformation/template.yaml
	$(VENV_LINT)/bin/cfn-lint cloudformation/template.yaml -a cfn_lint_serverless.rules
	BC_SKIP_MAPPING=TRUE $(VENV_CHECKOV)/bin/checkov -f cloudformation/template.yaml --framework cloudformation --skip-download --compact --quiet
	$(MAKE) $(CARGO_LAMBDA)
	MOTO_SERVER=$(MOTO_SERVER) $(VENV_TEST)/bin/pytest -q tests/python

bench: ## criterion benchmarks: parse, parse+encode per format; the #15 filtering ratio in paired passes; end to end to a loopback receiver
	$(CARGO) bench --bench parse
	$(PYTHON) tools/bench_table.py
	$(CARGO) bench --bench filter_ratio
	$(CARGO) bench --bench pipeline
	BENCH_PIN=0 BENCH_SIZES=1000000 $(CARGO) bench --bench pipeline

bench-instructions: ## instructions and mispredicted branches per line of the parse benches (valgrind callgrind; exact where criterion is noisy)
	CARGO=$(CARGO) $(PYTHON) tools/bench_instructions.py --build

lint: $(VENV_LINT)/.installed $(VENV_CHECKOV)/.installed ## rustfmt, clippy, cfn-lint, checkov
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(VENV_LINT)/bin/cfn-lint cloudformation/template.yaml -a cfn_lint_serverless.rules
	BC_SKIP_MAPPING=TRUE $(VENV_CHECKOV)/bin/checkov -f cloudformation/template.yaml --framework cloudformation --skip-download --compact --quiet

fuzz: ## fuzz the parser + encoder for FUZZ_SECONDS (default 600); installs cargo-fuzz
	@command -v cargo-fuzz >/dev/null || $(CARGO) install --locked cargo-fuzz
	cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run parse_line -- -max_total_time=$${FUZZ_SECONDS:-600}

build: $(CARGO_LAMBDA) ## release build of the Lambda bootstrap for ARCH=arm64|x86_64 (cargo lambda)
	@case "$(ARCH)" in arm64|x86_64) ;; *) echo "ARCH must be arm64 or x86_64, not '$(ARCH)'" >&2; exit 2;; esac
	@if [ "$(ARCH)" = arm64 ] && ! rustup target list --installed 2>/dev/null | grep -q '^aarch64-unknown-linux-gnu$$'; then \
	  echo "ARCH=arm64 needs the Rust target aarch64-unknown-linux-gnu, which is not installed here" >&2; \
	  echo "(rustup target add aarch64-unknown-linux-gnu, where rustup can download)." >&2; \
	  echo "Or build for x86_64: make package ARCH=x86_64, then deploy with ARCH=x86_64." >&2; exit 2; fi
	PATH=$(CURDIR)/$(VENV_LAMBDA)/bin:$$PATH $(CARGO) lambda build --release --bin elb-logstash \
	  $(if $(filter arm64,$(ARCH)),--arm64,--x86-64) --output-format zip --lambda-dir $(LAMBDA_DIR)

package: build ## the deployable zip (holding `bootstrap`) in dist/
	@mkdir -p dist
	cp $(LAMBDA_DIR)/elb-logstash/bootstrap.zip $(ZIP)
	@echo "$(ZIP): $$(stat -c %s $(ZIP)) bytes"

check-deploy-vars:
	@case "$(TRIGGER)" in cloudwatch|kinesis) [ -n "$(LOG_GROUP)" ] || { \
	  echo "make deploy: TRIGGER=$(TRIGGER) subscribes to a log group: set LOG_GROUP (e.g. LOG_GROUP=/aws/elb/my-alb)" >&2; exit 2; };; esac
	@missing=""; $(foreach v,$(REQUIRED_DEPLOY),[ -n "$($(v))" ] || missing="$$missing $(v)";) \
	if [ -n "$$missing" ]; then \
	  echo "make deploy: missing variable(s):$$missing" >&2; \
	  echo "example: make deploy STACK=alb-prod-logs CODE_BUCKET=my-artifacts LOG_BUCKET=my-alb-logs LOGSTASH_HOST=logstash.internal ARCH=x86_64" >&2; \
	  exit 2; fi

CODE_KEY = elb-logstash/$(ARCH)/$$(sha256sum $(ZIP) | cut -c1-16).zip

deploy: check-deploy-vars package ## upload the package and create/update the stack (STACK CODE_BUCKET LOG_BUCKET LOGSTASH_HOST ...)
	@echo "Deploying stack $(STACK): logs s3://$(LOG_BUCKET)/$(LOG_PREFIX) -> $(or $(LOGSTASH_ADDRS),$(LOGSTASH_HOST):$(LOGSTASH_PORT)) (protocol=$(LOGSTASH_PROTOCOL), tls=$(LOGSTASH_TLS), trigger=$(TRIGGER), $(ARCH))"
	key=$(CODE_KEY); aws s3 cp $(ZIP) s3://$(CODE_BUCKET)/$$key && \
	aws cloudformation deploy --stack-name $(STACK) --template-file cloudformation/template.yaml \
	  --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset --parameter-overrides \
	  CodeBucket=$(CODE_BUCKET) CodeKey=$$key LogBucketName=$(LOG_BUCKET) 'LogKeyPrefix=$(LOG_PREFIX)' \
	  CreateLogBucket=$(CREATE_LOG_BUCKET) TriggerMode=$(TRIGGER) LogstashHost=$(LOGSTASH_HOST) \
	  LogstashPort=$(LOGSTASH_PORT) LogstashTls=$(LOGSTASH_TLS) PoolSize=$(POOL_SIZE) MemorySize=$(MEMORY) \
	  Timeout=$(TIMEOUT) Architecture=$(ARCH) 'SubnetIds=$(SUBNET_IDS)' 'SecurityGroupIds=$(SECURITY_GROUP_IDS)' \
	  LogRetentionDays=$(LOG_RETENTION_DAYS) 'ExtraFields=$(EXTRA_FIELDS)' 'Tags=$(TAGS)' \
	  'Include=$(INCLUDE)' 'Exclude=$(EXCLUDE)' 'Sample=$(SAMPLE)' 'BatchOperationsBucket=$(BATCH_BUCKET)' \
	  'LogBucketKmsKeyArn=$(LOG_BUCKET_KMS_KEY_ARN)' 'AlarmTopicArn=$(ALARM_TOPIC_ARN)' \
	  'TlsCaSecretArn=$(TLS_CA_SECRET_ARN)' 'TlsCertSecretArn=$(TLS_CERT_SECRET_ARN)' \
	  'TlsKeySecretArn=$(TLS_KEY_SECRET_ARN)' 'TlsSecretsKmsKeyArn=$(TLS_SECRETS_KMS_KEY_ARN)' \
	  LogstashProtocol=$(LOGSTASH_PROTOCOL) BeatsCompressionLevel=$(BEATS_COMPRESSION_LEVEL) \
	  'LogstashAddresses=$(LOGSTASH_ADDRS)' 'SourceLogGroup=$(LOG_GROUP)'
	aws cloudformation describe-stacks --stack-name $(STACK) --query 'Stacks[0].Outputs' --output table

invoke-local: $(VENV_TEST)/.installed ## the debug binary as a Lambda (emulated Runtime API, moto S3, loopback receiver) on a testdata event
	$(CARGO) build --quiet
	MOTO_SERVER=$(MOTO_SERVER) $(VENV_TEST)/bin/python tools/invoke_local.py $(BIN) $(SAMPLE)

check-backfill-vars:
	@missing=""; $(foreach v,$(REQUIRED_BACKFILL),[ -n "$($(v))" ] || missing="$$missing $(v)";) \
	if [ -n "$$missing" ]; then \
	  echo "make backfill: missing variable(s):$$missing" >&2; \
	  echo "example: make backfill STACK=alb-prod-logs BUCKET=my-alb-logs PREFIX=AWSLogs/123456789012/elasticloadbalancing/us-east-1/ REPORT_BUCKET=my-artifacts FROM=2025/12/01 TO=2025/12/31" >&2; \
	  exit 2; fi

check-replay-vars:
	@[ -n "$(STACK)" ] || { echo "make replay: missing variable STACK" >&2; exit 2; }

# The variables are checked before anything is installed; the tools run from their own venv.
backfill: check-backfill-vars $(VENV_TOOLS)/.installed ## S3 Batch Operations job over s3://BUCKET/PREFIX (STACK BUCKET PREFIX REPORT_BUCKET [FROM=YYYY/MM/DD TO=YYYY/MM/DD DRY_RUN=1])
	DRY_RUN=$(DRY_RUN) $(VENV_TOOLS)/bin/python tools/backfill.py '$(STACK)' '$(BUCKET)' '$(PREFIX)' '$(REPORT_BUCKET)' '$(FROM)' '$(TO)'

replay: check-replay-vars $(VENV_TOOLS)/.installed ## send the failure queue's events to the function again (STACK)
	$(VENV_TOOLS)/bin/python tools/replay_failures.py $(STACK)

clean: ## remove build output
	$(CARGO) clean
	rm -rf dist
