//! A PubSub connection: its requests, and its outgoing queue, bounded so that a client that stops
//! reading is disconnected instead of making the node hold its notifications without end (the
//! prior probe: 20,000 subscriptions of a client that stopped reading slowed airdrops to ~550 ms
//! each; 200 transactions with 1,000 logs subscriptions grew the node by 100 MiB).
use super::*;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use tokio::sync::Notify;

/// PubSub connections open at once; the next handshake is answered 503.
pub(crate) const MAX_PUBSUB_CONNECTIONS: usize = 128;
/// Largest message a client may send (agave's PubSub: 4,096 bytes); a larger one closes the
/// connection, as agave's does. A subscribe request is well under 1 KiB.
pub(crate) const MAX_MESSAGE_SIZE: usize = 4_096;
/// Messages waiting for a connection's socket, at most; beyond this the connection is closed.
pub(crate) const MAX_QUEUED_MESSAGES: usize = 4_096;
/// Bytes waiting for a connection's socket, at most (with `MAX_PUBSUB_CONNECTIONS` connections,
/// 256 MiB in all: agave's default queue capacity).
pub(crate) const MAX_QUEUED_BYTES: usize = 2 * 1024 * 1024;

/// What a connection has to send, and the switch that closes it when it falls behind.
pub(crate) struct Outbox {
    pub(crate) connection: u64,
    sender: mpsc::Sender<String>,
    queued_bytes: AtomicUsize,
    behind: AtomicBool,
    close: Notify,
}

impl Outbox {
    /// Queue a message. A client too far behind (the queue full in messages or bytes) is
    /// disconnected and the message dropped.
    pub(crate) fn push(&self, text: String) {
        if self.behind.load(Ordering::Relaxed) {
            return;
        }
        let bytes = text.len();
        let queued = self.queued_bytes.fetch_add(bytes, Ordering::Relaxed).saturating_add(bytes);
        if queued > MAX_QUEUED_BYTES || self.sender.try_send(text).is_err() {
            self.behind.store(true, Ordering::Relaxed);
            self.close.notify_one();
        }
    }
}

/// A PubSub connection's place, given back when it closes.
struct Place(Arc<Shared>);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.pubsub_connections.fetch_sub(1, Ordering::Relaxed);
    }
}

pub(crate) async fn pubsub(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> axum::response::Response {
    use axum::response::IntoResponse;
    if shared.pubsub_connections.fetch_add(1, Ordering::Relaxed) >= MAX_PUBSUB_CONNECTIONS {
        shared.pubsub_connections.fetch_sub(1, Ordering::Relaxed);
        let message = format!("the node serves at most {MAX_PUBSUB_CONNECTIONS} PubSub connections at once");
        return (axum::http::StatusCode::SERVICE_UNAVAILABLE, message).into_response();
    }
    let place = Place(shared.clone());
    ws.max_message_size(MAX_MESSAGE_SIZE).max_frame_size(MAX_MESSAGE_SIZE).on_upgrade(move |socket| async move {
        serve_socket(socket, shared).await;
        drop(place);
    })
}

fn response(id: &Value, result: RpcResult) -> String {
    match result {
        Ok(result) => json!({ "jsonrpc": "2.0", "result": result, "id": id }).to_string(),
        Err(error) => error_value(id, error).to_string(),
    }
}

pub(crate) async fn serve_socket(mut socket: WebSocket, shared: Arc<Shared>) {
    let (sender, mut receiver) = mpsc::channel::<String>(MAX_QUEUED_MESSAGES);
    let outbox = Arc::new(Outbox {
        connection: shared.next_connection.fetch_add(1, Ordering::Relaxed),
        sender,
        queued_bytes: AtomicUsize::new(0),
        behind: AtomicBool::new(false),
        close: Notify::new(),
    });
    loop {
        tokio::select! {
            biased;
            _ = outbox.close.notified() => break,
            outgoing = receiver.recv() => {
                let Some(text) = outgoing else { break };
                outbox.queued_bytes.fetch_sub(text.len(), Ordering::Relaxed);
                // A client that stops reading stalls this send; the queue then fills and closes it.
                let sent = tokio::select! {
                    sent = socket.send(WsMessage::Text(text.into())) => sent.is_ok(),
                    _ = outbox.close.notified() => false,
                };
                if !sent { break }
            }
            incoming = socket.recv() => {
                // None, an error (a message over MAX_MESSAGE_SIZE among them) or a close: done.
                let Some(Ok(message)) = incoming else { break };
                let text = match message {
                    WsMessage::Text(text) => text,
                    WsMessage::Close(_) => break,
                    _ => continue,
                };
                let Ok(request) = serde_json::from_str::<Value>(text.as_str()) else {
                    outbox.push(error_value(&Value::Null, RpcError { code: -32700, message: "Parse error".into(), data: None }).to_string());
                    continue;
                };
                let id = request.get("id").cloned().unwrap_or(Value::Null);
                let method = request.get("method").and_then(Value::as_str).unwrap_or_default();
                let params = match request.get("params") {
                    None | Some(Value::Null) => vec![],
                    Some(Value::Array(params)) => params.clone(),
                    Some(_) => {
                        outbox.push(response(&id, Err(RpcError::invalid_params("params must be an array"))));
                        continue;
                    }
                };
                if method.ends_with("Unsubscribe") {
                    let result = match params.first().and_then(Value::as_u64) {
                        Some(sub) => shared.subscriptions.lock().await.unsubscribe(outbox.connection, sub),
                        None => Err(RpcError::invalid_params("expected a subscription id")),
                    };
                    outbox.push(response(&id, result));
                } else {
                    match shared.subscribe(method, &params, &outbox).await {
                        Ok((sub, now)) => {
                            outbox.push(response(&id, Ok(json!(sub))));
                            if let Some(notification) = now {
                                outbox.push(notification);
                            }
                        }
                        Err(error) => outbox.push(response(&id, Err(error))),
                    }
                }
            }
        }
    }
    shared.subscriptions.lock().await.disconnect(outbox.connection);
}
