//! Benchmark (not a test) of live coverage's push, against a running node
//! (`scripts/bench-live` starts one on the demo newsroom):
//!
//!   cargo run --release -p server --features app/ssr --example streams -- \
//!       ADDRESS NODE_PID STREAMS UPDATES
//!
//! Opens STREAMS event streams on the demo live story, reports what they
//! added to the node's memory (VmRSS), then posts UPDATES updates through
//! the workspace (signed in as `editor`) and reports the time from sending
//! each update to its arrival on every stream: p50, p99 and the slowest.

use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

fn rss_kib(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// One HTTP/1.1 request on its own connection; the whole answer.
async fn request(address: &str, head: &str, body: &str) -> String {
    let mut socket = TcpStream::connect(address).await.expect("connect");
    let request = format!(
        "{head}Host: bench.test\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    socket.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    socket.read_to_end(&mut answer).await.expect("read");
    String::from_utf8_lossy(&answer).into_owned()
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let address = args
        .first()
        .cloned()
        .unwrap_or_else(|| "127.0.0.1:3400".into());
    let pid = args.get(1).cloned().unwrap_or_default();
    let streams: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let updates: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(20);
    let origin = format!("http://{address}");

    // Signed in as the editor; the live story found from its page.
    let signed_in = request(
        &address,
        &format!("POST /admin/login HTTP/1.1\r\nOrigin: {origin}\r\nContent-Type: application/x-www-form-urlencoded\r\n"),
        &format!("login=editor&password={}", encode("пароль редактора")),
    )
    .await;
    let session = signed_in
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: qalam_session="))
        .and_then(|v| v.split(';').next())
        .expect("signed in")
        .to_string();
    let page = request(
        &address,
        "GET /news/den-vyborov-v-maslikhaty-pryamaya-translyatsiya HTTP/1.1\r\n",
        "",
    )
    .await;
    let story: i64 = page
        .split("data-live-story=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|id| id.parse().ok())
        .expect("the demo live story");

    let before = rss_kib(&pid);
    // Arrival times of each update's marker, per stream.
    let arrivals: Arc<Mutex<Vec<(usize, Instant)>>> = Arc::default();
    let mut ready = Vec::new();
    for _ in 0..streams {
        let socket = TcpStream::connect(&address)
            .await
            .expect("connect a stream");
        let arrivals = arrivals.clone();
        let (sender, receiver) = tokio::sync::oneshot::channel::<()>();
        ready.push(receiver);
        tokio::spawn(async move {
            let (read, mut write) = socket.into_split();
            let head = format!("GET /events?live={story} HTTP/1.1\r\nHost: bench.test\r\nAccept: text/event-stream\r\n\r\n");
            write.write_all(head.as_bytes()).await.expect("write");
            let mut lines = BufReader::new(read).lines();
            let mut sender = Some(sender);
            while let Ok(Some(line)) = lines.next_line().await {
                if line.starts_with(": ready") {
                    if let Some(sender) = sender.take() {
                        let _ = sender.send(());
                    }
                }
                if let Some(rest) = line.split("bench-update-").nth(1) {
                    let n: usize = rest
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                        .parse()
                        .unwrap_or(0);
                    arrivals.lock().await.push((n, Instant::now()));
                }
            }
            drop(write);
        });
    }
    for receiver in ready {
        receiver.await.expect("a stream opened");
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = rss_kib(&pid);
    println!(
        "{streams} open streams: node memory {:.1} MB → {:.1} MB (+{:.1} MB, {:.1} KB a stream)",
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        (after.saturating_sub(before)) as f64 / 1024.0,
        (after.saturating_sub(before)) as f64 / streams as f64
    );

    let mut sent = Vec::new();
    for n in 0..updates {
        let body = format!(
            "headline={}&body={}",
            encode(&format!("bench-update-{n}")),
            encode("Запись для замера: сколько она идёт до каждого открытого потока.")
        );
        let at = Instant::now();
        let answer = request(
            &address,
            &format!(
                "POST /admin/articles/{story}/updates HTTP/1.1\r\nOrigin: {origin}\r\nCookie: qalam_session={session}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            ),
            &body,
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
        sent.push(at);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let arrivals = arrivals.lock().await;
    let mut latencies: Vec<f64> = arrivals
        .iter()
        .filter(|(n, _)| *n < sent.len())
        .map(|(n, at)| at.duration_since(sent[*n]).as_secs_f64() * 1000.0)
        .collect();
    latencies.sort_by(f64::total_cmp);
    let expected = streams * updates;
    let pick = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(f64::NAN)
    };
    println!(
        "{updates} updates × {streams} streams: {} of {expected} arrived; save → arrival p50 {:.0} ms, p99 {:.0} ms, slowest {:.0} ms",
        latencies.len(),
        pick(0.50),
        pick(0.99),
        latencies.last().copied().unwrap_or(f64::NAN)
    );
}
