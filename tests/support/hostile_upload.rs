//! An upload endpoint that misbehaves, for the import file's PUT: it answers
//! 403 with an endless chunked body, or with a huge declared length of which
//! it sends a few bytes and then nothing, or reads the request and never
//! answers. A plain thread on its own 127.0.0.1 port (the capture server
//! answers whole bodies only); it counts the bytes it managed to send.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hostile {
    /// 403, `transfer-encoding: chunked`, chunks of 64 kB for as long as the
    /// client reads them.
    EndlessBody,
    /// 403 with `content-length: 100000000`, a few bytes, then silence.
    StalledBody,
    /// Reads the request, then holds the connection open without a byte.
    NeverAnswer,
}

pub struct HostileUpload {
    url: String,
    sent: Arc<AtomicU64>,
}

impl HostileUpload {
    pub fn start(kind: Hostile) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binds a port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let sent = Arc::new(AtomicU64::new(0));
        let counter = sent.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let counter = counter.clone();
                std::thread::spawn(move || serve(stream, kind, &counter));
            }
        });
        Self { url, sent }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> &str {
        &self.url
    }

    /// A pre-signed-looking URL on this endpoint.
    pub fn url(&self) -> String {
        format!("{}/upload/hostile?X-Amz-Signature=fake", self.url)
    }

    /// Bytes of answer body written so far.
    pub fn body_bytes_sent(&self) -> u64 {
        self.sent.load(Ordering::SeqCst)
    }
}

fn serve(mut stream: TcpStream, kind: Hostile, sent: &AtomicU64) {
    read_request(&mut stream);
    match kind {
        Hostile::EndlessBody => {
            let _ = stream.write_all(
                b"HTTP/1.1 403 Forbidden\r\ncontent-type: application/xml\r\ntransfer-encoding: chunked\r\n\r\n",
            );
            let chunk = vec![b'A'; 64 * 1024];
            let framed = [
                format!("{:x}\r\n", chunk.len()).into_bytes(),
                chunk,
                b"\r\n".to_vec(),
            ]
            .concat();
            // Ends only when the client hangs up.
            while stream.write_all(&framed).is_ok() {
                sent.fetch_add(64 * 1024, Ordering::SeqCst);
            }
        }
        Hostile::StalledBody => {
            let _ = stream.write_all(
                b"HTTP/1.1 403 Forbidden\r\ncontent-type: application/xml\r\ncontent-length: 100000000\r\n\r\n<Error><Code>AccessDenied</Code>",
            );
            sent.fetch_add(32, Ordering::SeqCst);
            hold(&mut stream);
        }
        Hostile::NeverAnswer => hold(&mut stream),
    }
}

/// Reads the head and the declared body of one request.
fn read_request(stream: &mut TcpStream) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let length: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let _ = std::io::copy(&mut stream.take(length), &mut std::io::sink());
}

/// Keeps the connection open until the client closes it.
fn hold(stream: &mut TcpStream) {
    let mut rest = [0u8; 1024];
    while matches!(stream.read(&mut rest), Ok(n) if n > 0) {}
}
