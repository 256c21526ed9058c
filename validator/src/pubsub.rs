//! PubSub subscriptions: signature, account and logs, each held by the connection that made it
//! (the connection itself, with its limits, is `ws`).
use super::*;
use std::collections::HashSet;

/// Subscriptions one connection may hold at once; the next one is refused. A dashboard holds a
/// handful, a keeper one per transaction it waits for.
pub(crate) const MAX_SUBSCRIPTIONS_PER_CONNECTION: usize = 1_000;
/// Subscriptions the node holds at once, over all connections (agave's default for a full node is
/// 1,000,000; with `MAX_PUBSUB_CONNECTIONS` connections of 1,000 this is the tighter bound).
pub(crate) const MAX_SUBSCRIPTIONS_PER_NODE: usize = 100_000;
/// Signature subscriptions a connection saw finish that its unsubscribe still answers `true` for
/// (a client's unsubscribe can cross the notification; web3.js retries an unsubscribe that fails).
const FINISHED_REMEMBERED: usize = 64;
/// The longest base58 text of a 64-byte signature.
const MAX_BASE58_SIGNATURE_LEN: usize = 88;

pub(crate) enum Subscription {
    Signature(String),
    Account(Pubkey, UiAccountEncoding),
    Logs(Option<Pubkey>),
}

/// One connection's subscriptions.
#[derive(Default)]
struct Held {
    live: HashSet<u64>,
    finished: VecDeque<u64>,
}

impl Held {
    fn finish(&mut self, id: u64) {
        self.live.remove(&id);
        if self.finished.len() == FINISHED_REMEMBERED {
            self.finished.pop_front();
        }
        self.finished.push_back(id);
    }
}

/// Every live subscription, and which connection holds it.
#[derive(Default)]
pub(crate) struct Subscriptions {
    next_id: u64,
    live: HashMap<u64, (Subscription, Arc<Outbox>)>,
    held: HashMap<u64, Held>,
}

/// agave's answer to an unsubscribe whose id is not one of the connection's own.
fn invalid_subscription_id() -> RpcError {
    RpcError::invalid_params_text("Invalid subscription id.")
}

/// agave's answer to a parameter that does not parse as the `thing` it should be.
fn invalid(thing: &str) -> RpcError {
    RpcError::invalid_params_text(format!("Invalid Request: Invalid {thing} provided"))
}

/// A signature as text: base58 of exactly 64 bytes, as agave's `Signature::from_str` takes it
/// (its canonical text: what the node keys processed transactions by).
pub(crate) fn parse_signature(value: Option<&Value>) -> Result<String, RpcError> {
    let Some(Value::String(text)) = value else {
        return Err(RpcError::invalid_params("expected a base58 signature as the first parameter"));
    };
    if text.len() > MAX_BASE58_SIGNATURE_LEN {
        return Err(invalid("signature"));
    }
    match bs58::decode(text).into_vec() {
        Ok(bytes) if bytes.len() == 64 => Ok(bs58::encode(bytes).into_string()),
        _ => Err(invalid("signature")),
    }
}

fn parse_key(value: Option<&Value>, thing: &str) -> Result<Pubkey, RpcError> {
    value.and_then(Value::as_str).and_then(|s| Pubkey::from_str(s).ok()).ok_or_else(|| invalid(thing))
}

/// A notification's text: the result is serialized once per transaction and shared by every
/// subscription it goes to.
fn notification(method: &str, result: &str, id: u64) -> String {
    format!(r#"{{"jsonrpc":"2.0","method":"{method}","params":{{"result":{result},"subscription":{id}}}}}"#)
}

fn signature_result(slot: u64, err: &Option<solana_transaction::TransactionError>) -> String {
    let value = json!({ "err": err.clone().map(solana_transaction_status_client_types::UiTransactionError::from) });
    json!({ "context": RpcResponseContext::new(slot), "value": value }).to_string()
}

impl Subscriptions {
    /// Register a subscription for `outbox`'s connection; refused beyond the limits.
    fn add(&mut self, subscription: Subscription, outbox: &Arc<Outbox>) -> Result<u64, RpcError> {
        let held = self.held.entry(outbox.connection).or_default();
        if held.live.len() >= MAX_SUBSCRIPTIONS_PER_CONNECTION {
            return Err(RpcError {
                code: -32603,
                message: format!(
                    "Internal Error: Subscription refused. Connection subscription limit reached ({MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection)"
                ),
                data: None,
            });
        }
        if self.live.len() >= MAX_SUBSCRIPTIONS_PER_NODE {
            return Err(RpcError { code: -32603, message: "Internal Error: Subscription refused. Node subscription limit reached".into(), data: None });
        }
        let id = self.next_id;
        self.next_id += 1;
        held.live.insert(id);
        self.live.insert(id, (subscription, outbox.clone()));
        Ok(id)
    }

    /// Cancel one of `connection`'s own subscriptions. Another connection's id gets the same
    /// error as an id nobody holds (agave's, -32602 "Invalid subscription id.").
    pub(crate) fn unsubscribe(&mut self, connection: u64, id: u64) -> RpcResult {
        let held = self.held.get_mut(&connection).ok_or_else(invalid_subscription_id)?;
        if held.live.remove(&id) {
            self.live.remove(&id);
            return Ok(json!(true));
        }
        match held.finished.iter().position(|f| *f == id) {
            Some(index) => {
                held.finished.remove(index);
                Ok(json!(true))
            }
            None => Err(invalid_subscription_id()),
        }
    }

    /// Forget a closed connection's subscriptions.
    pub(crate) fn disconnect(&mut self, connection: u64) {
        if let Some(held) = self.held.remove(&connection) {
            for id in held.live {
                self.live.remove(&id);
            }
        }
    }
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
        let signature_done = signature_result(view.slot, &view.err);
        let logs = RpcLogsResponse { signature: signature.to_string(), err: view.err.clone().map(Into::into), logs: view.logs.clone() };
        let logs = json!({ "context": context, "value": logs }).to_string();
        let mut subscriptions = self.subscriptions.lock().await;
        let mut finished = Vec::new();
        for (id, (subscription, outbox)) in subscriptions.live.iter() {
            let message = match subscription {
                Subscription::Signature(wanted) if wanted == signature => {
                    finished.push((*id, outbox.connection));
                    notification("signatureNotification", &signature_done, *id)
                }
                Subscription::Account(key, encoding) => match accounts.get(key) {
                    Some(account) => {
                        let value = account.as_ref().map(|a| encode_account(a, *encoding));
                        notification("accountNotification", &json!({ "context": context, "value": value }).to_string(), *id)
                    }
                    None => continue,
                },
                Subscription::Logs(filter) if filter.is_none_or(|k| view.keys.contains(&k)) => notification("logsNotification", &logs, *id),
                _ => continue,
            };
            // A connection whose queue is full is being closed; its subscriptions go with it.
            outbox.push(message);
        }
        for (id, connection) in finished {
            subscriptions.live.remove(&id);
            if let Some(held) = subscriptions.held.get_mut(&connection) {
                held.finish(id);
            }
        }
    }

    /// A subscription for `outbox`'s connection: its id, and a notification to send right after
    /// the answer when there is already something to tell (a signature already processed).
    pub(crate) async fn subscribe(&self, method: &str, params: &[Value], outbox: &Arc<Outbox>) -> Result<(u64, Option<String>), RpcError> {
        let subscription = match method {
            "signatureSubscribe" => {
                let signature = parse_signature(params.first())?;
                let _: RpcSignatureSubscribeConfig = param(params, 1)?;
                // Already processed (our transactions finish before sendTransaction returns):
                // notified at once, and done.
                let node = self.node.lock().await;
                if let Some(tx) = node.txs.get(&signature) {
                    let result = signature_result(tx.slot, &tx.err);
                    drop(node);
                    let mut subscriptions = self.subscriptions.lock().await;
                    let id = subscriptions.add(Subscription::Signature(signature), outbox)?;
                    subscriptions.live.remove(&id);
                    if let Some(held) = subscriptions.held.get_mut(&outbox.connection) {
                        held.finish(id);
                    }
                    return Ok((id, Some(notification("signatureNotification", &result, id))));
                }
                Subscription::Signature(signature)
            }
            "accountSubscribe" => {
                let key = parse_key(params.first(), "pubkey")?;
                let config: RpcAccountInfoConfig = param(params, 1)?;
                Subscription::Account(key, config.encoding.unwrap_or(UiAccountEncoding::Base64))
            }
            "logsSubscribe" => match params.first() {
                Some(Value::String(s)) if s == "all" || s == "allWithVotes" => Subscription::Logs(None),
                Some(Value::Object(filter)) => {
                    let mentions = filter.get("mentions").and_then(Value::as_array).ok_or_else(|| RpcError::invalid_params("expected {\"mentions\": [key]}"))?;
                    if mentions.len() != 1 {
                        return Err(RpcError::invalid_params_text("Invalid Request: Only 1 address supported"));
                    }
                    Subscription::Logs(Some(parse_key(mentions.first(), "mentions")?))
                }
                _ => return Err(RpcError::invalid_params("expected \"all\" or {\"mentions\": [key]}")),
            },
            _ => return Err(RpcError { code: -32601, message: "Method not found".into(), data: None }),
        };
        let id = self.subscriptions.lock().await.add(subscription, outbox)?;
        Ok((id, None))
    }
}
