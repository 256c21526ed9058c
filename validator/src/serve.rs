//! The accept loop of both endpoints (JSON-RPC and PubSub), with the two limits `axum::serve`
//! does not set: a header read timeout (hyper has one, but it needs a timer, which axum::serve
//! does not give it: 200 half-open connections were all still open after 45 s) and a cap on the
//! connections served at once.
use super::*;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::time::Duration;
use tokio::sync::{broadcast, Semaphore};

/// A request's headers must arrive within this time of the connection (or of the previous
/// request on a kept-alive connection); otherwise the connection is closed.
pub(crate) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections served at once on each port. Further clients wait in the listen backlog until one
/// closes (a half-open connection frees its place after `HEADER_READ_TIMEOUT`). A PubSub
/// connection gives its place back once upgraded; `MAX_PUBSUB_CONNECTIONS` caps those.
pub(crate) const MAX_HTTP_CONNECTIONS: usize = 512;

/// Serve `app` on `listener` over HTTP/1.1 (with upgrades, for PubSub) until `stop` fires.
pub(crate) async fn serve(listener: tokio::net::TcpListener, app: Router, mut stop: broadcast::Receiver<()>) {
    let places = Arc::new(Semaphore::new(MAX_HTTP_CONNECTIONS));
    loop {
        let place = tokio::select! {
            place = places.clone().acquire_owned() => match place {
                Ok(place) => place,
                Err(_) => return,
            },
            _ = stop.recv() => return,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it was accepted: try again
                // shortly rather than spin or stop serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stop.recv() => return,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let mut stop_connection = stop.resubscribe();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
            let connection = builder.serve_connection(TokioIo::new(stream), service).with_upgrades();
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stop_connection.recv() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(2), connection).await;
                }
            }
            drop(place);
        });
    }
}
