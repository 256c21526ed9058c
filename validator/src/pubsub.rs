//! PubSub over WebSocket: signature, account and logs subscriptions.
use super::*;

pub(crate) enum Subscription {
    Signature(String),
    Account(Pubkey, UiAccountEncoding),
    Logs(Option<Pubkey>),
}

impl Shared {
    /// Tell subscribers about a processed transaction.
    pub(crate) async fn notify(&self, signature: &str, view: &StoredTxView) {
        let node = self.node.lock().await;
        let mut accounts = HashMap::new();
        for key in &view.keys {
            accounts.insert(*key, node.account(key).await);
        }
        drop(node);
        let context = RpcResponseContext::new(view.slot);
        let mut subscriptions = self.subscriptions.lock().await;
        let mut finished = Vec::new();
        for (id, (subscription, sender)) in subscriptions.iter() {
            let notification = match subscription {
                Subscription::Signature(wanted) if wanted == signature => {
                    finished.push(*id);
                    let value = json!({ "err": view.err.clone().map(solana_transaction_status_client_types::UiTransactionError::from) });
                    Some(("signatureNotification", json!({ "context": context, "value": value })))
                }
                Subscription::Account(key, encoding) => accounts.get(key).map(|account| {
                    let value = account.as_ref().map(|a| encode_account(a, *encoding));
                    ("accountNotification", json!({ "context": context, "value": value }))
                }),
                Subscription::Logs(filter) if filter.is_none_or(|k| view.keys.contains(&k)) => {
                    let value = RpcLogsResponse {
                        signature: signature.to_string(),
                        err: view.err.clone().map(Into::into),
                        logs: view.logs.clone(),
                    };
                    Some(("logsNotification", json!({ "context": context, "value": value })))
                }
                _ => None,
            };
            if let Some((method, result)) = notification {
                let message = json!({ "jsonrpc": "2.0", "method": method, "params": { "result": result, "subscription": id } });
                let _ = sender.send(message.to_string());
            }
        }
        for id in finished {
            subscriptions.remove(&id);
        }
    }

    pub(crate) async fn subscribe(self: &Arc<Self>, method: &str, params: &[Value], sender: &mpsc::UnboundedSender<String>) -> RpcResult {
        let id = self.next_subscription.fetch_add(1, Ordering::Relaxed);
        let subscription = match method {
            "signatureSubscribe" => {
                let signature: String = param(params, 0)?;
                // Already processed: notify at once (our transactions finish before sendTransaction returns).
                let node = self.node.lock().await;
                if let Some(tx) = node.txs.get(&signature) {
                    let value = json!({ "err": tx.err.clone().map(solana_transaction_status_client_types::UiTransactionError::from) });
                    let result = json!({ "context": RpcResponseContext::new(tx.slot), "value": value });
                    let message = json!({ "jsonrpc": "2.0", "method": "signatureNotification", "params": { "result": result, "subscription": id } });
                    let sender = sender.clone();
                    tokio::spawn(async move {
                        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                        let _ = sender.send(message.to_string());
                    });
                    return Ok(json!(id));
                }
                Subscription::Signature(signature)
            }
            "accountSubscribe" => {
                let key = parse_pubkey(params.first().unwrap_or(&Value::Null))?;
                let config: RpcAccountInfoConfig = param(params, 1)?;
                Subscription::Account(key, config.encoding.unwrap_or(UiAccountEncoding::Base64))
            }
            "logsSubscribe" => match params.first() {
                Some(Value::String(s)) if s == "all" || s == "allWithVotes" => Subscription::Logs(None),
                Some(Value::Object(filter)) => {
                    let mentions = filter.get("mentions").and_then(Value::as_array).and_then(|a| a.first()).ok_or_else(|| RpcError::invalid_params("mentions"))?;
                    Subscription::Logs(Some(parse_pubkey(mentions)?))
                }
                _ => return Err(RpcError::invalid_params("expected \"all\" or {\"mentions\": [key]}")),
            },
            _ => return Err(RpcError { code: -32601, message: "Method not found".into(), data: None }),
        };
        self.subscriptions.lock().await.insert(id, (subscription, sender.clone()));
        Ok(json!(id))
    }
}

pub(crate) async fn pubsub(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> axum::response::Response {
    ws.on_upgrade(move |socket| serve_socket(socket, shared))
}

pub(crate) async fn serve_socket(mut socket: WebSocket, shared: Arc<Shared>) {
    let (sender, mut receiver) = mpsc::unbounded_channel::<String>();
    let mut mine = Vec::new();
    loop {
        tokio::select! {
            outgoing = receiver.recv() => {
                let Some(text) = outgoing else { break };
                if socket.send(WsMessage::Text(text.into())).await.is_err() { break }
            }
            incoming = socket.recv() => {
                let Some(Ok(message)) = incoming else { break };
                let WsMessage::Text(text) = message else { continue };
                let Ok(request) = serde_json::from_str::<Value>(&text) else {
                    let _ = sender.send(error_value(&Value::Null, RpcError { code: -32700, message: "Parse error".into(), data: None }).to_string());
                    continue;
                };
                let id = request.get("id").cloned().unwrap_or(Value::Null);
                let method = request.get("method").and_then(Value::as_str).unwrap_or_default().to_string();
                let params = request.get("params").and_then(Value::as_array).cloned().unwrap_or_default();
                let response = if method.ends_with("Unsubscribe") {
                    let sub = params.first().and_then(Value::as_u64).unwrap_or(u64::MAX);
                    let removed = shared.subscriptions.lock().await.remove(&sub).is_some();
                    json!({ "jsonrpc": "2.0", "result": removed || mine.contains(&sub), "id": id })
                } else {
                    match shared.subscribe(&method, &params, &sender).await {
                        Ok(result) => {
                            mine.extend(result.as_u64());
                            json!({ "jsonrpc": "2.0", "result": result, "id": id })
                        }
                        Err(error) => error_value(&id, error),
                    }
                };
                let _ = sender.send(response.to_string());
            }
        }
    }
    let mut subscriptions = shared.subscriptions.lock().await;
    for id in mine {
        subscriptions.remove(&id);
    }
}
