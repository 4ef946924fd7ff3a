//! Shared helpers for the integration test binaries (`mod support;` in each).
//!
//! * [`moto_url`] / [`moto_api`]: the local Cognito emulator that
//!   `scripts/test.sh` starts. A moto-backed test fails (never skips) without it.
//! * [`CaptureServer`]: a tiny HTTP/1.1 server on 127.0.0.1 that records every
//!   request the SDK sends and answers each operation as scripted by a
//!   [`Behaviour`]; [`capture_api`] points an [`SdkApi`] at it.
//!
//! * [`fault`]: a fault-injecting fake of AdminCreateUser with a user table,
//!   served by the capture server through a [`Behaviour::Computed`] handler.
//! * [`import`]: a fake of the user import job (moto has none), its upload
//!   server on a port of its own.
//!
//! Not every binary uses every helper.
#![allow(dead_code)]

pub mod branding;
pub mod cli;
pub mod fault;
pub mod hostile_upload;
pub mod import;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cognito_wizard::aws::{CallPolicy, SdkApi, Target};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const REGION: &str = "us-east-1";
/// The `X-Amz-Target` prefix of every Cognito user pools operation.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

// --- moto ------------------------------------------------------------------------

/// The URL of the moto server started by `scripts/test.sh`.
pub fn moto_url() -> String {
    match std::env::var("COGNITO_WIZARD_MOTO_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "COGNITO_WIZARD_MOTO_URL is not set: this test needs the local moto server. \
             Run the tests with scripts/test.sh (it starts moto and sets the variable), \
             e.g. scripts/test.sh --test aws"
        ),
    }
}

/// An [`SdkApi`] talking to moto with the default call policy.
pub async fn moto_api() -> SdkApi {
    let target = Target {
        endpoint_url: Some(moto_url()),
        region: Some(REGION.into()),
        ..Default::default()
    };
    // Static credentials: moto accepts any, and under plain `cargo test` no
    // credential chain (nor instance metadata) is consulted.
    SdkApi::connect_with_static_credentials(&target, CallPolicy::default(), "testing", "testing")
        .await
        .expect("connects to moto")
}

/// A name no other test (nor an earlier run against the same moto) uses.
/// The built binary with fixed test credentials and no shared AWS files, so
/// no test can reach (or depend on) the developer's real AWS setup.
pub fn binary_command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_cognito-wizard"));
    command
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", "/nonexistent/cognito-wizard-test/config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/cognito-wizard-test/credentials",
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(std::process::Stdio::null());
    command
}

/// What a run of the binary printed, and how it exited.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs [`binary_command`] with `args`, feeding `stdin` if given.
pub fn run_binary(args: &[&str], stdin: Option<&str>) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut command = binary_command();
    if stdin.is_some() {
        command.stdin(Stdio::piped());
    }
    let mut child = command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(text.as_bytes()).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().expect("exited"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("{prefix}-{}-{n}-{nanos:x}", std::process::id())
}

// --- the capture server --------------------------------------------------------------

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `X-Amz-Target` header.
    pub fn target(&self) -> Option<&str> {
        self.header("x-amz-target")
    }

    /// The operation name (`CreateUserPool`), from `X-Amz-Target`.
    pub fn operation(&self) -> Option<&str> {
        self.target()
            .map(|t| t.rsplit_once('.').map_or(t, |(_, op)| op))
    }

    pub fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("the body is UTF-8")
    }
}

/// What the server does with one request of an operation. Meant to grow into
/// fault injection (throttle every Nth call, drop connections, delays...): add a
/// variant here and its handling in [`respond`].
#[derive(Debug, Clone)]
pub enum Behaviour {
    /// Answer with this status, content type and body.
    Reply {
        status: u16,
        content_type: String,
        body: String,
    },
    /// Read the request, then hold the connection open and never answer.
    NeverAnswer,
    /// Read the request, then close the connection without a byte of answer.
    DropConnection,
    /// Decided from the request itself (a stateful fake, fault injection):
    /// the handler returns the behaviour to act out.
    Computed(Handler),
    /// Wait this long, then act out the inner behaviour (a slow service).
    Delayed(Duration, Box<Behaviour>),
}

/// A function from a request to what to do with it (see [`Behaviour::Computed`]).
#[derive(Clone)]
pub struct Handler(pub Arc<dyn Fn(&Recorded) -> Behaviour + Send + Sync>);

impl std::fmt::Debug for Handler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Handler(..)")
    }
}

impl Behaviour {
    /// A JSON 1.1 answer.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Behaviour::Reply {
            status,
            content_type: "application/x-amz-json-1.1".into(),
            body: body.into(),
        }
    }

    /// A 200 with this JSON body.
    pub fn ok(body: impl Into<String>) -> Self {
        Self::json(200, body)
    }

    /// A service error the way Cognito sends one.
    pub fn error(status: u16, code: &str, message: &str) -> Self {
        Self::json(
            status,
            serde_json::json!({ "__type": code, "message": message }).to_string(),
        )
    }

    /// Something that is not JSON at all (a proxy's error page).
    pub fn html(status: u16, body: impl Into<String>) -> Self {
        Behaviour::Reply {
            status,
            content_type: "text/html".into(),
            body: body.into(),
        }
    }

    /// Answers computed by `handler` from each request.
    pub fn computed(handler: impl Fn(&Recorded) -> Behaviour + Send + Sync + 'static) -> Self {
        Behaviour::Computed(Handler(Arc::new(handler)))
    }

    /// Runs any handler for this request, so that what is left can be acted out.
    fn resolve(self, request: &Recorded) -> Behaviour {
        match self {
            Behaviour::Computed(Handler(handler)) => handler(request).resolve(request),
            Behaviour::Delayed(delay, inner) => {
                Behaviour::Delayed(delay, Box::new(inner.resolve(request)))
            }
            other => other,
        }
    }
}

pub const CREATED_POOL_ID: &str = "us-east-1_capture";

/// Plausible success answers for the operations the app sends.
pub fn default_behaviours() -> HashMap<String, Behaviour> {
    let pool = format!(
        r#"{{"UserPool":{{"Id":"{CREATED_POOL_ID}","Arn":"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{CREATED_POOL_ID}","Name":"x"}}}}"#
    );
    HashMap::from([
        ("CreateUserPool".to_owned(), Behaviour::ok(pool)),
        (
            "AdminCreateUser".to_owned(),
            Behaviour::ok(
                r#"{"User":{"Username":"u","UserStatus":"FORCE_CHANGE_PASSWORD","Enabled":true,"Attributes":[]}}"#,
            ),
        ),
        ("SetUserPoolMfaConfig".to_owned(), Behaviour::ok("{}")),
    ])
}

#[derive(Default)]
struct Script {
    /// Per operation: one-shot behaviours, used first, in order.
    queued: HashMap<String, VecDeque<Behaviour>>,
    /// Per operation: what to do once the queue is empty.
    standing: HashMap<String, Behaviour>,
}

impl Script {
    fn next(&mut self, operation: &str) -> Behaviour {
        if let Some(b) = self.queued.get_mut(operation).and_then(VecDeque::pop_front) {
            return b;
        }
        self.standing.get(operation).cloned().unwrap_or_else(|| {
            Behaviour::error(
                400,
                "UnknownOperationException",
                &format!("the capture server has no answer for {operation:?}"),
            )
        })
    }
}

#[derive(Default)]
struct Shared {
    requests: Mutex<Vec<Recorded>>,
    script: Mutex<Script>,
}

/// A local HTTP server that records what the SDK sends. Runs on its own thread
/// (with its own runtime), so it serves sync and async tests alike; dropping it
/// stops it and closes every connection, hanging ones included.
pub struct CaptureServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl CaptureServer {
    /// Answers with [`default_behaviours`].
    pub fn start() -> Self {
        Self::with_behaviours(default_behaviours())
    }

    /// Answers each operation as given (unknown ones get a 400).
    pub fn with_behaviours(behaviours: HashMap<String, Behaviour>) -> Self {
        let shared = Arc::new(Shared::default());
        shared.script.lock().unwrap().standing = behaviours;
        let std_listener =
            std::net::TcpListener::bind("127.0.0.1:0").expect("binds a loopback port");
        std_listener.set_nonblocking(true).unwrap();
        let addr = std_listener.local_addr().unwrap();
        let (shutdown, mut stop) = tokio::sync::oneshot::channel::<()>();
        let server_shared = shared.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the capture server");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(std_listener).unwrap();
                loop {
                    tokio::select! {
                        _ = &mut stop => break,
                        accepted = listener.accept() => {
                            let Ok((stream, _)) = accepted else { continue };
                            tokio::spawn(serve(stream, server_shared.clone()));
                        }
                    }
                }
            });
            // Dropping the runtime cancels the connection tasks (hanging ones too).
        });
        Self {
            addr,
            shared,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// From now on, answer `operation` like this.
    pub fn set(&self, operation: &str, behaviour: Behaviour) {
        self.shared
            .script
            .lock()
            .unwrap()
            .standing
            .insert(operation.to_owned(), behaviour);
    }

    /// Answer the next request of `operation` like this (queued in order,
    /// before the standing behaviour).
    pub fn push(&self, operation: &str, behaviour: Behaviour) {
        self.shared
            .script
            .lock()
            .unwrap()
            .queued
            .entry(operation.to_owned())
            .or_default()
            .push_back(behaviour);
    }

    /// Every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// The requests of one operation.
    pub fn requests_for(&self, operation: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.operation() == Some(operation))
            .collect()
    }

    /// The only request of `operation`; panics unless there was exactly one.
    pub fn single(&self, operation: &str) -> Recorded {
        let mut found = self.requests_for(operation);
        assert_eq!(
            found.len(),
            1,
            "expected one {operation} request, got {:#?}",
            self.requests()
        );
        found.remove(0)
    }
}

impl Drop for CaptureServer {
    fn drop(&mut self) {
        if let Some(stop) = self.shutdown.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Serves one connection: requests in turn until the client closes, or a
/// behaviour ends the connection.
async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        let operation = request.operation().unwrap_or_default().to_owned();
        let scripted = shared.script.lock().unwrap().next(&operation);
        let behaviour = scripted.resolve(&request);
        shared.requests.lock().unwrap().push(request);
        if !respond(&mut stream, behaviour).await {
            return;
        }
    }
}

/// Reads one request (head, then a `Content-Length` body). `None` when the
/// connection closes first or the request is not HTTP/1.1 as expected.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Recorded> {
    let head_end = loop {
        if let Some(i) = find(buffer, b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Some(Recorded {
        method,
        path,
        headers,
        body,
    })
}

/// Acts out a behaviour; `false` when the connection must not be used again.
async fn respond(stream: &mut TcpStream, mut behaviour: Behaviour) -> bool {
    static REQUEST_ID: AtomicU64 = AtomicU64::new(0);
    while let Behaviour::Delayed(delay, inner) = behaviour {
        tokio::time::sleep(delay).await;
        behaviour = *inner;
    }
    match behaviour {
        Behaviour::Reply {
            status,
            content_type,
            body,
        } => {
            let id = REQUEST_ID.fetch_add(1, Ordering::Relaxed);
            let head = format!(
                "HTTP/1.1 {status} {}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nx-amzn-requestid: capture-{id}\r\nconnection: keep-alive\r\n\r\n",
                reason(status),
                body.len()
            );
            let mut bytes = head.into_bytes();
            bytes.extend_from_slice(body.as_bytes());
            stream.write_all(&bytes).await.is_ok() && stream.flush().await.is_ok()
        }
        Behaviour::NeverAnswer => {
            // Keep the socket open until the server (its runtime) is dropped.
            std::future::pending::<()>().await;
            false
        }
        Behaviour::DropConnection => {
            let _ = stream.shutdown().await;
            false
        }
        Behaviour::Computed(_) | Behaviour::Delayed(..) => {
            unreachable!("resolved before answering")
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Short timeouts and a single attempt, for tests that expect failures.
pub fn quick_policy() -> CallPolicy {
    CallPolicy {
        operation_timeout: Duration::from_millis(1500),
        attempt_timeout: Duration::from_millis(1000),
        connect_timeout: Duration::from_millis(1000),
        max_attempts: 1,
    }
}

/// An [`SdkApi`] pointed at a capture server, with fixed test credentials
/// (passes under plain `cargo test`, with no AWS setup at all).
pub async fn capture_api(server: &CaptureServer, policy: CallPolicy) -> SdkApi {
    let target = Target {
        endpoint_url: Some(server.url()),
        region: Some(REGION.into()),
        ..Default::default()
    };
    SdkApi::connect_with_static_credentials(&target, policy, "AKIDCAPTURETEST", "capture-secret")
        .await
        .expect("connects to the capture server")
}

/// Makes a named pipe at `path` (a journal, report or CSV that is not a file).
pub fn mkfifo(path: &std::path::Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}
