//! The connection side of the server: accepting, bounding slow clients,
//! and shutting down without dropping a request.
//!
//! `axum::serve` has no time limits of its own, and hyper's
//! `header_read_timeout` also counts the idle time between keep-alive
//! requests (so it cannot give "headers in 10 s" and "idle for 60 s"
//! both). Each connection here has a small watchdog instead, like nginx's
//! `client_header_timeout` and `keepalive_timeout`:
//! - a request head must arrive whole within [`Limits::header_read`] of
//!   its first byte;
//! - a connection with no request in flight and no bytes moving for
//!   [`Limits::idle`] is closed (idle keep-alive, or a client that stopped
//!   reading its answer).
//!
//! Request bodies and handlers have their own limits in the router
//! (`http::limits`).
//!
//! On shutdown the listener closes first, then every connection finishes
//! the request it is serving (keep-alive off) within
//! [`Limits::shutdown_grace`].

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

/// How long clients and requests may take.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// From a request's first byte to the end of its head.
    pub header_read: Duration,
    /// A connection with nothing in flight and no bytes moving.
    pub idle: Duration,
    /// How long requests in flight may take to finish after a shutdown
    /// signal; connections still open then are closed.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            idle: Duration::from_secs(60),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then drains.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .keep_alive(true)
        // Our watchdog bounds the head; hyper's timer would also cut idle
        // keep-alive connections at the same limit.
        .header_read_timeout(None);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    // Out of file descriptors and the like: wait, go on.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let activity = Arc::new(Activity::new());
        let io = TokioIo::new(Watched {
            stream,
            activity: activity.clone(),
        });
        let service = {
            let activity = activity.clone();
            let app = app.clone();
            hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                let in_flight = activity.request_started();
                request.extensions_mut().insert(ConnectInfo(peer));
                let app = app.clone();
                async move {
                    let response = app.oneshot(request.map(Body::new)).await;
                    drop(in_flight);
                    response
                }
            })
        };
        let connection = graceful.watch(builder.serve_connection(io, service));
        tokio::spawn(async move {
            tokio::select! {
                result = connection => {
                    if let Err(error) = result {
                        tracing::debug!(%error, %peer, "connection ended with an error");
                    }
                }
                reason = activity.watchdog(limits) => {
                    tracing::debug!(%peer, reason, "connection closed");
                }
            }
        });
    }
    drop(listener);
    tracing::info!("shutting down: finishing requests in flight");
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all connections closed"),
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!(
                "requests still running after {:?}; closing them",
                limits.shutdown_grace
            );
        }
    }
}

/// What a connection's watchdog needs to know, updated by its IO and its
/// requests.
struct Activity {
    started: Instant,
    /// Milliseconds since `started` of the last byte read or written.
    last_io: AtomicU64,
    /// Milliseconds since `started` (plus one) of the first byte of a head
    /// still being read; 0: none.
    head_since: AtomicU64,
    in_flight: AtomicUsize,
}

/// Marks a request as running until dropped (also when it is cancelled).
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Activity {
    fn new() -> Activity {
        Activity {
            started: Instant::now(),
            last_io: AtomicU64::new(0),
            head_since: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
        }
    }

    fn now(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    fn touch(&self) {
        self.last_io.store(self.now(), Ordering::Release);
    }

    /// Bytes arrived: with no request running they begin a new head.
    fn read(&self) {
        let now = self.now();
        self.last_io.store(now, Ordering::Release);
        if self.in_flight.load(Ordering::Acquire) == 0 {
            let _ =
                self.head_since
                    .compare_exchange(0, now + 1, Ordering::AcqRel, Ordering::Acquire);
        }
    }

    /// hyper parsed a head and called the service.
    fn request_started(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        self.head_since.store(0, Ordering::Release);
        self.touch();
        InFlight(self.clone())
    }

    /// Returns, with the reason, once the connection overstays a limit.
    async fn watchdog(&self, limits: Limits) -> &'static str {
        let header_read = limits.header_read.as_millis() as u64;
        let idle = limits.idle.as_millis() as u64;
        loop {
            let now = self.now();
            let head_since = self.head_since.load(Ordering::Acquire);
            let wait = if head_since != 0 {
                let deadline = head_since - 1 + header_read;
                if now >= deadline {
                    return "request head too slow";
                }
                deadline - now
            } else if self.in_flight.load(Ordering::Acquire) == 0 {
                let deadline = self.last_io.load(Ordering::Acquire) + idle;
                if now >= deadline {
                    return "idle";
                }
                deadline - now
            } else {
                // A handler is running: the router's own timeouts bound it.
                idle
            };
            // Looked at again at least every second: a head can begin, or a
            // request end, while it sleeps.
            tokio::time::sleep(Duration::from_millis(wait.clamp(10, 1000))).await;
        }
    }
}

/// A TCP stream that reports its reads and writes to the watchdog.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.read();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// The listening socket: the one systemd passed (socket activation,
/// `LISTEN_FDS`), so that restarts queue connections instead of refusing
/// them; else a new one on `address`.
pub async fn listener(address: SocketAddr) -> std::io::Result<TcpListener> {
    if let Some(listener) = systemd_socket()? {
        tracing::info!("listening on the socket systemd passed");
        return Ok(listener);
    }
    TcpListener::bind(address).await
}

#[cfg(unix)]
fn systemd_socket() -> std::io::Result<Option<TcpListener>> {
    use std::os::fd::FromRawFd;
    // sd_listen_fds(3): the variables are for this process only, and the
    // first passed descriptor is 3.
    let for_us = std::env::var("LISTEN_PID")
        .ok()
        .and_then(|pid| pid.parse::<u32>().ok())
        == Some(std::process::id());
    let count = std::env::var("LISTEN_FDS")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0);
    if !for_us || count == 0 {
        return Ok(None);
    }
    const SD_LISTEN_FDS_START: i32 = 3;
    // SAFETY: systemd passed descriptor 3 to this process (LISTEN_PID is
    // ours) as a listening socket, and nothing else in the process owns it.
    let std_listener = unsafe { std::net::TcpListener::from_raw_fd(SD_LISTEN_FDS_START) };
    std_listener.set_nonblocking(true)?;
    TcpListener::from_std(std_listener).map(Some)
}

#[cfg(not(unix))]
fn systemd_socket() -> std::io::Result<Option<TcpListener>> {
    Ok(None)
}
