//! An S3 server (moto, from PyPI `moto[server]`, installed by `make test`) and a Lambda
//! Runtime API emulator, both on free loopback ports, both stopped when dropped.

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use super::free_addr;

pub struct Moto {
    child: Child,
    pub endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Moto {
    pub fn start() -> Moto {
        let addr = free_addr();
        let port = addr.rsplit_once(':').unwrap().1.to_string();
        let bin = std::env::var("MOTO_SERVER").unwrap_or_else(|_| "moto_server".into());
        let child = Command::new(&bin)
            .args(["-H", "127.0.0.1", "-p", &port])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {bin} ({e}): `make test` installs moto[server]")
            });
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(&addr).is_err() {
            assert!(Instant::now() < deadline, "moto_server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto {
            child,
            endpoint: format!("http://{addr}"),
        }
    }

    pub fn client(&self) -> aws_sdk_s3::Client {
        use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
        let conf = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("test", "test", None, None, "static"))
            .endpoint_url(&self.endpoint)
            .force_path_style(true)
            .build();
        aws_sdk_s3::Client::from_conf(conf)
    }

    pub async fn put(&self, bucket: &str, key: &str, body: Vec<u8>) {
        let c = self.client();
        let _ = c.create_bucket().bucket(bucket).send().await;
        c.put_object()
            .bucket(bucket)
            .key(key)
            .body(body.into())
            .send()
            .await
            .unwrap();
    }

    /// Environment for the binary so its AWS SDK talks to this server.
    pub fn env(&self) -> Vec<(String, String)> {
        [
            ("AWS_ENDPOINT_URL", self.endpoint.as_str()),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("AWS_REGION", "us-east-1"),
            ("S3_FORCE_PATH_STYLE", "true"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }
}

/// What the function answered for one invocation.
#[derive(Debug, Clone)]
pub struct Answer {
    pub request_id: String,
    /// `response` or `error`.
    pub kind: String,
    pub body: serde_json::Value,
    pub deadline_ms: u64,
    pub answered_ms: u64,
}

pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// A Lambda Runtime API: hands out `events` in order (each with a deadline `ms` from the
/// moment it is handed out) and records the answers. After the last event it parks the
/// runtime's next request, as a frozen sandbox would.
pub struct RuntimeApi {
    pub addr: String,
    pub answers: Arc<Mutex<Vec<Answer>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl RuntimeApi {
    pub async fn start(events: Vec<(serde_json::Value, u64)>) -> RuntimeApi {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let answers = Arc::new(Mutex::new(Vec::new()));
        let queue = Arc::new(Mutex::new((
            events.into_iter().enumerate().collect::<Vec<_>>(),
            Vec::<(String, u64)>::new(),
        )));
        let (a, q) = (answers.clone(), queue.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(serve(sock, a.clone(), q.clone()));
            }
        });
        RuntimeApi {
            addr,
            answers,
            task,
        }
    }

    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Answer> {
        let deadline = Instant::now() + timeout;
        loop {
            let got = self.answers.lock().unwrap().clone();
            if got.len() >= n || Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

type Queue = Arc<Mutex<(Vec<(usize, (serde_json::Value, u64))>, Vec<(String, u64)>)>>;

async fn serve(sock: tokio::net::TcpStream, answers: Arc<Mutex<Vec<Answer>>>, queue: Queue) {
    let (r, mut w) = sock.into_split();
    let mut r = BufReader::new(r);
    loop {
        let mut request_line = String::new();
        if r.read_line(&mut request_line).await.unwrap_or(0) == 0 {
            return;
        }
        let mut len = 0usize;
        loop {
            let mut h = String::new();
            if r.read_line(&mut h).await.unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                len = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0u8; len];
        if r.read_exact(&mut body).await.is_err() {
            return;
        }
        let mut parts = request_line.split_whitespace();
        let (method, path) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or("").to_string(),
        );
        if method == "GET" && path.ends_with("/runtime/invocation/next") {
            let next = {
                let mut q = queue.lock().unwrap();
                if q.0.is_empty() {
                    None
                } else {
                    Some(q.0.remove(0))
                }
            };
            let Some((i, (event, deadline_in))) = next else {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            };
            let id = format!("request-{i}");
            let deadline = now_ms() + deadline_in;
            queue.lock().unwrap().1.push((id.clone(), deadline));
            let payload = event.to_string();
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: {id}\r\nLambda-Runtime-Deadline-Ms: {deadline}\r\nLambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:elb-logstash\r\nLambda-Runtime-Trace-Id: Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1\r\nContent-Length: {}\r\n\r\n",
                payload.len()
            );
            if w.write_all(head.as_bytes()).await.is_err()
                || w.write_all(payload.as_bytes()).await.is_err()
            {
                return;
            }
        } else {
            let kind = path.rsplit('/').next().unwrap_or("").to_string();
            let id = path.split('/').rev().nth(1).unwrap_or("").to_string();
            let deadline_ms = queue
                .lock()
                .unwrap()
                .1
                .iter()
                .find(|(i, _)| *i == id)
                .map_or(0, |(_, d)| *d);
            let body = serde_json::from_slice(&body).unwrap_or_else(|_| {
                serde_json::Value::String(String::from_utf8_lossy(&body).into_owned())
            });
            answers.lock().unwrap().push(Answer {
                request_id: id,
                kind,
                body,
                deadline_ms,
                answered_ms: now_ms(),
            });
            let ok = b"HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n";
            if w.write_all(ok).await.is_err() {
                return;
            }
        }
    }
}

/// The real binary as a Lambda function under `api`, until `n` answers arrived.
/// Returns the answers and everything the function printed.
pub async fn run_function(
    api: &RuntimeApi,
    n: usize,
    env: Vec<(String, String)>,
) -> (Vec<Answer>, String, String) {
    let mut child = std::process::Command::new(super::BIN)
        .env("AWS_LAMBDA_RUNTIME_API", &api.addr)
        .env("AWS_LAMBDA_FUNCTION_NAME", "elb-logstash")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env_remove("LOGSTASH_ADDR")
        .envs(env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let answers = api.wait_for(n, Duration::from_secs(60)).await;
    let _ = child.kill();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    (
        answers,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// An S3 notification for `keys` (already URL-encoded as S3 sends them).
pub fn s3_event(bucket: &str, keys: &[&str]) -> serde_json::Value {
    let records: Vec<serde_json::Value> = keys
        .iter()
        .map(|k| {
            serde_json::json!({
                "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
                "eventTime": "2026-11-23T10:05:00.000Z", "eventName": "ObjectCreated:Put",
                "userIdentity": {"principalId": "AWS:AIDAEXAMPLE"}, "requestParameters": {"sourceIPAddress": "52.95.0.1"},
                "responseElements": {"x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
                "s3": {"s3SchemaVersion": "1.0", "configurationId": "elb-logs",
                       "bucket": {"name": bucket, "ownerIdentity": {"principalId": "A3NL1KOZZKExample"}, "arn": format!("arn:aws:s3:::{bucket}")},
                       "object": {"key": k, "size": 1024, "eTag": "d41d8cd98f00b204e9800998ecf8427e", "sequencer": "0055AED6DCD90281E5"}}
            })
        })
        .collect();
    serde_json::json!({ "Records": records })
}
