//! Native local validator: the real Solana bank (solana-program-test's agave bank) with the
//! loss_mutualization program built in natively and SPL Token / Token-2022 / ATA preloaded,
//! serving the standard JSON-RPC over HTTP and PubSub over WebSocket, so that
//! `@solana/web3.js`, `@anchor-lang/core` and the project's CLI work against it unchanged.
//!
//! ```text
//! lm-local-validator [--rpc-port 8899] [--ws-port 8900] [--fund <keypair.json|pubkey>]...
//!                    [--account <address> <account.json>]... [--slot-ms 400]
//! ```
//!
//! Responses are built from the Solana crates' own RPC types (solana-rpc-client-types,
//! solana-account-decoder-client-types, solana-transaction-status-client-types).
#![allow(deprecated)]

use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use lm_runtime_tests::native;
use serde_json::{json, Value};
use solana_account::Account;
use solana_account_decoder_client_types::token::UiTokenAmount;
use solana_account_decoder_client_types::{UiAccount, UiAccountData, UiAccountEncoding};
use solana_keypair::Keypair;
use solana_message::VersionedMessage;
use solana_program_test::{ProgramTest, ProgramTestContext};
use solana_rpc_client_types::config::{RpcAccountInfoConfig, RpcProgramAccountsConfig, RpcSignaturesForAddressConfig};
use solana_rpc_client_types::filter::RpcFilterType;
use solana_rpc_client_types::response::{
    Response, RpcBlockhash, RpcConfirmedTransactionStatusWithSignature, RpcKeyedAccount, RpcLogsResponse, RpcResponseContext, RpcSimulateTransactionResult,
    RpcVersionInfo,
};
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction::Transaction;
use solana_transaction_status_client_types::option_serializer::OptionSerializer;
use solana_transaction_status_client_types::{
    EncodedConfirmedTransactionWithStatusMeta, EncodedTransaction, EncodedTransactionWithStatusMeta,
    TransactionBinaryEncoding, TransactionConfirmationStatus, TransactionStatus, UiCompiledInstruction, UiMessage,
    UiRawMessage, UiTransaction, UiTransactionStatusMeta,
};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, Mutex};

use anchor_lang::prelude::Pubkey;
use solana_hash::Hash;

const BLOCKHASH_VALIDITY: u64 = 150;
/// Largest JSON-RPC request body, as agave's RPC service (50 KiB).
const MAX_REQUEST_BODY_SIZE: usize = 50 * 1024;
/// Most signatures getSignaturesForAddress returns at once (as a cluster's RPC).
const MAX_SIGNATURES: usize = 1_000;

/// A JSON-RPC error.
struct RpcError {
    code: i64,
    message: String,
    data: Option<Value>,
}

impl RpcError {
    fn invalid_params(message: impl std::fmt::Display) -> Self {
        RpcError { code: -32602, message: format!("Invalid params: {message}"), data: None }
    }

    /// What a cluster's RPC answers for a transaction whose signatures do not verify
    /// (`JSON_RPC_SERVER_ERROR_TRANSACTION_SIGNATURE_VERIFICATION_FAILURE`).
    fn signature_verification_failure() -> Self {
        RpcError { code: -32003, message: "Transaction signature verification failure".into(), data: None }
    }
}

/// Verify every signature of a transaction against its message, as a cluster's RPC does
/// before anything else (the bank behind `BanksClient` does not verify signatures).
fn verify_signatures(transaction: &VersionedTransaction) -> Result<(), RpcError> {
    let required = transaction.message.header().num_required_signatures as usize;
    if transaction.signatures.len() != required {
        return Err(RpcError::invalid_params(format!(
            "invalid transaction: {} signatures for {required} required signers",
            transaction.signatures.len()
        )));
    }
    if transaction.verify_with_results().iter().all(|ok| *ok) {
        Ok(())
    } else {
        Err(RpcError::signature_verification_failure())
    }
}

type RpcResult = Result<Value, RpcError>;

/// A processed transaction, kept for getTransaction / getSignatureStatuses.
struct StoredTx {
    /// Processing order (getSignaturesForAddress lists newest first).
    index: u64,
    slot: u64,
    transaction: VersionedTransaction,
    err: Option<solana_transaction::TransactionError>,
    logs: Vec<String>,
    fee: u64,
    block_time: i64,
    pre_balances: Vec<u64>,
    post_balances: Vec<u64>,
}

struct Node {
    ctx: ProgramTestContext,
    slot: u64,
    /// Every account a transaction or airdrop touched: what getProgramAccounts scans.
    known: BTreeSet<Pubkey>,
    txs: HashMap<String, StoredTx>,
    /// Recent blockhashes and the block height at which each stops being valid.
    blockhashes: VecDeque<(Hash, u64)>,
}

enum Subscription {
    Signature(String),
    Account(Pubkey, UiAccountEncoding),
    Logs(Option<Pubkey>),
}

struct Shared {
    node: Mutex<Node>,
    subscriptions: Mutex<HashMap<u64, (Subscription, mpsc::UnboundedSender<String>)>>,
    next_subscription: AtomicU64,
}

fn parse_pubkey(value: &Value) -> Result<Pubkey, RpcError> {
    value
        .as_str()
        .and_then(|s| Pubkey::from_str(s).ok())
        .ok_or_else(|| RpcError::invalid_params("expected a base58 public key"))
}

fn param<T: serde::de::DeserializeOwned + Default>(params: &[Value], index: usize) -> Result<T, RpcError> {
    match params.get(index) {
        None | Some(Value::Null) => Ok(T::default()),
        Some(value) => serde_json::from_value(value.clone()).map_err(RpcError::invalid_params),
    }
}

fn encode_account(account: &Account, encoding: UiAccountEncoding) -> UiAccount {
    let data = match encoding {
        UiAccountEncoding::Base58 | UiAccountEncoding::Binary => {
            UiAccountData::Binary(bs58::encode(&account.data).into_string(), UiAccountEncoding::Base58)
        }
        // jsonParsed and zstd are not offered; base64 is what clients fall back to.
        _ => UiAccountData::Binary(BASE64.encode(&account.data), UiAccountEncoding::Base64),
    };
    UiAccount {
        lamports: account.lamports,
        data,
        owner: account.owner.to_string(),
        executable: account.executable,
        rent_epoch: account.rent_epoch,
        space: Some(account.data.len() as u64),
    }
}

fn decode_transaction(encoded: &str, encoding: Option<&str>) -> Result<VersionedTransaction, RpcError> {
    let bytes = match encoding {
        Some("base58") => bs58::decode(encoded).into_vec().map_err(RpcError::invalid_params)?,
        _ => BASE64.decode(encoded).map_err(RpcError::invalid_params)?,
    };
    bincode::deserialize(&bytes).map_err(|e| RpcError::invalid_params(format!("failed to deserialize transaction: {e}")))
}

impl Node {
    fn context(&self) -> RpcResponseContext {
        RpcResponseContext::new(self.slot)
    }

    fn respond<T: serde::Serialize>(&self, value: T) -> RpcResult {
        Ok(serde_json::to_value(Response { context: self.context(), value }).unwrap())
    }

    async fn account(&self, key: &Pubkey) -> Option<Account> {
        self.ctx.banks_client.get_account(*key).await.ok().flatten()
    }

    async fn balances(&self, keys: &[Pubkey]) -> Vec<u64> {
        let mut balances = Vec::with_capacity(keys.len());
        for key in keys {
            balances.push(self.account(key).await.map_or(0, |a| a.lamports));
        }
        balances
    }

    async fn block_height(&self) -> u64 {
        self.ctx.banks_client.get_root_block_height().await.unwrap_or(self.slot)
    }

    /// Advance one slot: a new bank, a new blockhash.
    async fn tick(&mut self) {
        // The bank may already be ahead of our count (start-up); find the next slot it takes.
        for next in self.slot + 1..self.slot + 8 {
            if self.ctx.warp_to_slot(next).is_ok() {
                self.slot = next;
                break;
            }
        }
        if let Ok(hash) = self.ctx.banks_client.get_latest_blockhash().await {
            if self.blockhashes.back().map(|(h, _)| *h) != Some(hash) {
                let height = self.block_height().await;
                self.blockhashes.push_back((hash, height + BLOCKHASH_VALIDITY));
                while self.blockhashes.len() > 300 {
                    self.blockhashes.pop_front();
                }
            }
        }
    }

    /// Process a transaction; returns its signature and what happened.
    async fn process(&mut self, transaction: VersionedTransaction) -> Result<(String, StoredTxView), RpcError> {
        let signature = transaction.signatures.first().map(|s| s.to_string()).unwrap_or_default();
        let keys: Vec<Pubkey> = transaction.message.static_account_keys().to_vec();
        let pre_balances = self.balances(&keys).await;
        let outcome = self
            .ctx
            .banks_client
            .process_transaction_with_metadata(transaction.clone())
            .await
            .map_err(|e| RpcError { code: -32002, message: format!("Transaction failed: {e}"), data: None })?;
        let logs = native::normalize_logs(outcome.metadata.map(|m| m.log_messages).unwrap_or_default());
        let post_balances = self.balances(&keys).await;
        self.known.extend(keys.iter().copied());
        let fee = 5_000 * transaction.signatures.len() as u64;
        let block_time = self.ctx.banks_client.get_sysvar::<solana_clock::Clock>().await.map(|c| c.unix_timestamp).unwrap_or(0);
        let err = outcome.result.err();
        let index = self.txs.len() as u64;
        self.txs.insert(
            signature.clone(),
            StoredTx { index, slot: self.slot, transaction, err: err.clone(), logs: logs.clone(), fee, block_time, pre_balances, post_balances },
        );
        Ok((signature, StoredTxView { err, logs, keys, slot: self.slot }))
    }
}

struct StoredTxView {
    err: Option<solana_transaction::TransactionError>,
    logs: Vec<String>,
    keys: Vec<Pubkey>,
    slot: u64,
}

impl Shared {
    async fn call(self: &Arc<Self>, method: &str, params: &[Value]) -> RpcResult {
        let mut node = self.node.lock().await;
        match method {
            "getVersion" => Ok(serde_json::to_value(RpcVersionInfo { solana_core: "3.1.12".into(), feature_set: Some(0) }).unwrap()),
            "getHealth" => Ok(json!("ok")),
            "getGenesisHash" => Ok(json!(node.ctx.genesis_config().hash().to_string())),
            "getSlot" => Ok(json!(node.slot)),
            "getBlockHeight" => Ok(json!(node.block_height().await)),
            "getEpochInfo" => {
                let height = node.block_height().await;
                let schedule = node.ctx.genesis_config().epoch_schedule.clone();
                let (epoch, slot_index) = schedule.get_epoch_and_slot_index(node.slot);
                Ok(json!({
                    "absoluteSlot": node.slot,
                    "blockHeight": height,
                    "epoch": epoch,
                    "slotIndex": slot_index,
                    "slotsInEpoch": schedule.get_slots_in_epoch(epoch),
                    "transactionCount": node.txs.len(),
                }))
            }
            "getLatestBlockhash" => {
                if node.blockhashes.is_empty() {
                    node.tick().await;
                }
                let (hash, last_valid) = *node.blockhashes.back().unwrap();
                node.respond(RpcBlockhash { blockhash: hash.to_string(), last_valid_block_height: last_valid })
            }
            "isBlockhashValid" => {
                let text: String = param(params, 0)?;
                let height = node.block_height().await;
                let valid = node.blockhashes.iter().any(|(h, last)| h.to_string() == text && height <= *last);
                node.respond(valid)
            }
            "getAccountInfo" => {
                let key = parse_pubkey(params.first().unwrap_or(&Value::Null))?;
                let config: RpcAccountInfoConfig = param(params, 1)?;
                let encoding = config.encoding.unwrap_or(UiAccountEncoding::Base64);
                let account = node.account(&key).await.map(|a| encode_account(&a, encoding));
                node.respond(account)
            }
            "getMultipleAccounts" => {
                let keys = params.first().and_then(Value::as_array).ok_or_else(|| RpcError::invalid_params("expected an array of keys"))?;
                let config: RpcAccountInfoConfig = param(params, 1)?;
                let encoding = config.encoding.unwrap_or(UiAccountEncoding::Base64);
                let mut accounts = Vec::with_capacity(keys.len());
                for key in keys {
                    let key = parse_pubkey(key)?;
                    accounts.push(node.account(&key).await.map(|a| encode_account(&a, encoding)));
                }
                node.respond(accounts)
            }
            "getProgramAccounts" => {
                let program = parse_pubkey(params.first().unwrap_or(&Value::Null))?;
                let config: RpcProgramAccountsConfig = param(params, 1)?;
                let filters = config.filters.unwrap_or_default();
                for filter in &filters {
                    filter.verify().map_err(RpcError::invalid_params)?;
                }
                let encoding = config.account_config.encoding.unwrap_or(UiAccountEncoding::Base64);
                let mut found = Vec::new();
                let keys: Vec<Pubkey> = node.known.iter().copied().collect();
                for key in keys {
                    let Some(account) = node.account(&key).await else { continue };
                    if account.owner != program {
                        continue;
                    }
                    let matches = filters.iter().all(|filter| match filter {
                        RpcFilterType::DataSize(size) => account.data.len() as u64 == *size,
                        RpcFilterType::Memcmp(memcmp) => memcmp.bytes_match(&account.data),
                        RpcFilterType::TokenAccountState => account.data.len() == 165,
                    });
                    if matches {
                        found.push(RpcKeyedAccount { pubkey: key.to_string(), account: encode_account(&account, encoding) });
                    }
                }
                if config.with_context == Some(true) {
                    node.respond(found)
                } else {
                    Ok(serde_json::to_value(found).unwrap())
                }
            }
            "getBalance" => {
                let key = parse_pubkey(params.first().unwrap_or(&Value::Null))?;
                let lamports = node.account(&key).await.map(|a| a.lamports).unwrap_or(0);
                node.respond(lamports)
            }
            "getMinimumBalanceForRentExemption" => {
                let size: usize = param(params, 0)?;
                let rent = node.ctx.banks_client.get_rent().await.map_err(|e| RpcError::invalid_params(e))?;
                Ok(json!(rent.minimum_balance(size)))
            }
            "getFeeForMessage" => {
                let text: String = param(params, 0)?;
                let bytes = BASE64.decode(text).map_err(RpcError::invalid_params)?;
                let message: VersionedMessage = bincode::deserialize(&bytes).map_err(RpcError::invalid_params)?;
                node.respond(Some(5_000 * message.header().num_required_signatures as u64))
            }
            "getTokenAccountBalance" => {
                let key = parse_pubkey(params.first().unwrap_or(&Value::Null))?;
                let account = node.account(&key).await.filter(|a| a.data.len() >= 165).ok_or(RpcError {
                    code: -32602,
                    message: "Invalid param: not a Token account".into(),
                    data: None,
                })?;
                let mint = Pubkey::try_from(&account.data[0..32]).unwrap();
                let amount = u64::from_le_bytes(account.data[64..72].try_into().unwrap());
                let decimals = node.account(&mint).await.map(|m| m.data[44]).unwrap_or(0);
                let ui = amount as f64 / 10f64.powi(decimals as i32);
                let value = UiTokenAmount {
                    ui_amount: Some(ui),
                    decimals,
                    amount: amount.to_string(),
                    ui_amount_string: ui.to_string(),
                };
                node.respond(value)
            }
            "requestAirdrop" => {
                let to = parse_pubkey(params.first().unwrap_or(&Value::Null))?;
                let lamports = params.get(1).and_then(Value::as_u64).filter(|l| *l > 0).ok_or_else(|| {
                    RpcError::invalid_params("lamports must be a positive integer")
                })?;
                let faucet = node.ctx.payer.insecure_clone();
                let blockhash = node.ctx.banks_client.get_latest_blockhash().await.map_err(RpcError::invalid_params)?;
                let transfer = solana_system_interface::instruction::transfer(&faucet.pubkey(), &to, lamports);
                let tx = Transaction::new_signed_with_payer(&[transfer], Some(&faucet.pubkey()), &[&faucet], blockhash);
                let (signature, view) = node.process(tx.into()).await?;
                drop(node);
                self.notify(&signature, &view).await;
                // Never a signature for a transfer that did not happen.
                if let Some(err) = view.err {
                    return Err(RpcError { code: -32603, message: format!("Internal error: airdrop of {lamports} lamports failed: {err}"), data: None });
                }
                Ok(json!(signature))
            }
            "sendTransaction" => {
                let text: String = param(params, 0)?;
                let config: Value = param(params, 1)?;
                let transaction = decode_transaction(&text, config.get("encoding").and_then(Value::as_str))?;
                verify_signatures(&transaction)?;
                let skip_preflight = config.get("skipPreflight").and_then(Value::as_bool).unwrap_or(false);
                if !skip_preflight {
                    let simulation = node.ctx.banks_client.simulate_transaction(transaction.clone()).await.map_err(RpcError::invalid_params)?;
                    if let Some(Err(err)) = simulation.result {
                        let logs = simulation.simulation_details.map(|d| native::normalize_logs(d.logs)).unwrap_or_default();
                        let data = simulated(Some(err.clone()), logs);
                        return Err(RpcError {
                            code: -32002,
                            message: format!("Transaction simulation failed: {err}"),
                            data: Some(serde_json::to_value(data).unwrap()),
                        });
                    }
                }
                let (signature, view) = node.process(transaction).await?;
                drop(node);
                self.notify(&signature, &view).await;
                Ok(json!(signature))
            }
            "simulateTransaction" => {
                let text: String = param(params, 0)?;
                let config: Value = param(params, 1)?;
                let mut transaction = decode_transaction(&text, config.get("encoding").and_then(Value::as_str))?;
                let sig_verify = config.get("sigVerify").and_then(Value::as_bool) == Some(true);
                let replace_blockhash = config.get("replaceRecentBlockhash").and_then(Value::as_bool) == Some(true);
                if sig_verify && replace_blockhash {
                    return Err(RpcError::invalid_params("sigVerify may not be used with replaceRecentBlockhash"));
                }
                if sig_verify {
                    verify_signatures(&transaction)?;
                }
                if replace_blockhash {
                    let hash = node.ctx.banks_client.get_latest_blockhash().await.map_err(RpcError::invalid_params)?;
                    transaction.message.set_recent_blockhash(hash);
                }
                let simulation = node.ctx.banks_client.simulate_transaction(transaction).await.map_err(RpcError::invalid_params)?;
                let (err, logs) = match (simulation.result, simulation.simulation_details) {
                    (Some(result), details) => (result.err(), details.map(|d| native::normalize_logs(d.logs)).unwrap_or_default()),
                    (None, _) => (None, vec![]),
                };
                node.respond(simulated(err, logs))
            }
            "getSignatureStatuses" => {
                let signatures: Vec<String> = param(params, 0)?;
                let statuses: Vec<Option<TransactionStatus>> = signatures
                    .iter()
                    .map(|signature| {
                        node.txs.get(signature).map(|tx| TransactionStatus {
                            slot: tx.slot,
                            confirmations: None,
                            status: tx.err.clone().map_or(Ok(()), Err),
                            err: tx.err.clone(),
                            confirmation_status: Some(TransactionConfirmationStatus::Finalized),
                        })
                    })
                    .collect();
                node.respond(statuses)
            }
            "getTransaction" => {
                let signature: String = param(params, 0)?;
                let config: Value = param(params, 1)?;
                let encoding = config.get("encoding").and_then(Value::as_str).unwrap_or("json");
                let Some(tx) = node.txs.get(&signature) else { return Ok(Value::Null) };
                Ok(serde_json::to_value(encode_stored(tx, encoding)).unwrap())
            }
            "getSignaturesForAddress" => {
                let address = parse_pubkey(params.first().unwrap_or(&Value::Null))?;
                let config: RpcSignaturesForAddressConfig = param(params, 1)?;
                let limit = config.limit.unwrap_or(MAX_SIGNATURES);
                if limit == 0 || limit > MAX_SIGNATURES {
                    return Err(RpcError::invalid_params(format!("Invalid limit; max {MAX_SIGNATURES}")));
                }
                let mut touching: Vec<(&String, &StoredTx)> = node
                    .txs
                    .iter()
                    .filter(|(_, tx)| tx.transaction.message.static_account_keys().contains(&address))
                    .collect();
                touching.sort_by_key(|(_, tx)| std::cmp::Reverse(tx.index));
                let index_of = |signature: &Option<String>| -> Result<Option<u64>, RpcError> {
                    match signature {
                        None => Ok(None),
                        Some(s) => node.txs.get(s).map(|tx| Some(tx.index)).ok_or_else(|| RpcError::invalid_params("unknown signature")),
                    }
                };
                let (before, until) = (index_of(&config.before)?, index_of(&config.until)?);
                let listed: Vec<RpcConfirmedTransactionStatusWithSignature> = touching
                    .into_iter()
                    .filter(|(_, tx)| before.is_none_or(|b| tx.index < b) && until.is_none_or(|u| tx.index > u))
                    .take(limit)
                    .map(|(signature, tx)| RpcConfirmedTransactionStatusWithSignature {
                        signature: signature.clone(),
                        slot: tx.slot,
                        err: tx.err.clone().map(Into::into),
                        memo: None,
                        block_time: Some(tx.block_time),
                        confirmation_status: Some(TransactionConfirmationStatus::Finalized),
                    })
                    .collect();
                Ok(serde_json::to_value(listed).unwrap())
            }
            _ => Err(RpcError { code: -32601, message: "Method not found".into(), data: None }),
        }
    }

    /// Tell subscribers about a processed transaction.
    async fn notify(&self, signature: &str, view: &StoredTxView) {
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

    async fn subscribe(self: &Arc<Self>, method: &str, params: &[Value], sender: &mpsc::UnboundedSender<String>) -> RpcResult {
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

fn simulated(err: Option<solana_transaction::TransactionError>, logs: Vec<String>) -> RpcSimulateTransactionResult {
    RpcSimulateTransactionResult {
        err: err.map(Into::into),
        logs: Some(logs),
        accounts: None,
        units_consumed: Some(0),
        loaded_accounts_data_size: None,
        return_data: None,
        inner_instructions: None,
        replacement_blockhash: None,
        fee: None,
        pre_balances: None,
        post_balances: None,
        pre_token_balances: None,
        post_token_balances: None,
        loaded_addresses: None,
    }
}

fn encode_stored(tx: &StoredTx, encoding: &str) -> EncodedConfirmedTransactionWithStatusMeta {
    let transaction = match encoding {
        "base64" => EncodedTransaction::Binary(BASE64.encode(bincode::serialize(&tx.transaction).unwrap()), TransactionBinaryEncoding::Base64),
        "base58" => EncodedTransaction::Binary(bs58::encode(bincode::serialize(&tx.transaction).unwrap()).into_string(), TransactionBinaryEncoding::Base58),
        _ => {
            let message = &tx.transaction.message;
            EncodedTransaction::Json(UiTransaction {
                signatures: tx.transaction.signatures.iter().map(|s| s.to_string()).collect(),
                message: UiMessage::Raw(UiRawMessage {
                    header: *message.header(),
                    account_keys: message.static_account_keys().iter().map(|k| k.to_string()).collect(),
                    recent_blockhash: message.recent_blockhash().to_string(),
                    instructions: message.instructions().iter().map(|ix| UiCompiledInstruction::from(ix, None)).collect(),
                    address_table_lookups: None,
                }),
            })
        }
    };
    let meta = UiTransactionStatusMeta {
        err: tx.err.clone().map(Into::into),
        status: tx.err.clone().map_or(Ok(()), |e| Err(e.into())),
        fee: tx.fee,
        pre_balances: tx.pre_balances.clone(),
        post_balances: tx.post_balances.clone(),
        inner_instructions: OptionSerializer::None,
        log_messages: OptionSerializer::Some(tx.logs.clone()),
        pre_token_balances: OptionSerializer::None,
        post_token_balances: OptionSerializer::None,
        rewards: OptionSerializer::None,
        loaded_addresses: OptionSerializer::Skip,
        return_data: OptionSerializer::Skip,
        compute_units_consumed: OptionSerializer::Skip,
        cost_units: OptionSerializer::Skip,
    };
    EncodedConfirmedTransactionWithStatusMeta {
        slot: tx.slot,
        transaction: EncodedTransactionWithStatusMeta { transaction, meta: Some(meta), version: None },
        block_time: Some(tx.block_time),
    }
}

fn error_value(id: &Value, error: RpcError) -> Value {
    let mut body = json!({ "code": error.code, "message": error.message });
    if let Some(data) = error.data {
        body["data"] = data;
    }
    json!({ "jsonrpc": "2.0", "error": body, "id": id })
}

async fn handle_one(shared: &Arc<Shared>, request: &Value) -> Value {
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let Some(method) = request.get("method").and_then(Value::as_str) else {
        return error_value(&id, RpcError { code: -32600, message: "Invalid request".into(), data: None });
    };
    let params = match request.get("params") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(params)) => params.clone(),
        Some(_) => return error_value(&id, RpcError::invalid_params("params must be an array")),
    };
    match shared.call(method, &params).await {
        Ok(result) => json!({ "jsonrpc": "2.0", "result": result, "id": id }),
        Err(error) => error_value(&id, error),
    }
}

/// The HTTP endpoint. Every answer is a JSON-RPC object, also for problems at the HTTP level
/// (an oversized, truncated or non-UTF-8 body), as the JSON-RPC spec asks.
async fn rpc(
    State(shared): State<Arc<Shared>>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Json<Value> {
    let parse_error = |message: &str| Json(error_value(&Value::Null, RpcError { code: -32700, message: message.into(), data: None }));
    let Ok(body) = body else { return parse_error("Parse error: the request body could not be read") };
    if body.len() > MAX_REQUEST_BODY_SIZE {
        let message = format!("Invalid request: the body has {} bytes, more than {MAX_REQUEST_BODY_SIZE}", body.len());
        return Json(error_value(&Value::Null, RpcError { code: -32600, message, data: None }));
    }
    let request: Value = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(_) => return parse_error("Parse error"),
    };
    match request {
        Value::Array(batch) if batch.is_empty() => {
            Json(error_value(&Value::Null, RpcError { code: -32600, message: "Invalid request: empty batch".into(), data: None }))
        }
        Value::Array(batch) => {
            let mut responses = Vec::with_capacity(batch.len());
            for request in &batch {
                responses.push(handle_one(&shared, request).await);
            }
            Json(Value::Array(responses))
        }
        request => Json(handle_one(&shared, &request).await),
    }
}

async fn pubsub(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> axum::response::Response {
    ws.on_upgrade(move |socket| serve_socket(socket, shared))
}

async fn serve_socket(mut socket: WebSocket, shared: Arc<Shared>) {
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

/// An account file in the format `solana account --output json` writes.
fn account_from_file(path: &str) -> Account {
    #[derive(serde::Deserialize)]
    struct Dump {
        account: UiAccount,
    }
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let dump: Dump = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let ui = dump.account;
    Account {
        lamports: ui.lamports,
        data: ui.data.decode().unwrap_or_else(|| panic!("{path}: data must be base64 or base58")),
        owner: Pubkey::from_str(&ui.owner).expect("owner"),
        executable: ui.executable,
        rent_epoch: ui.rent_epoch,
    }
}

fn fund_target(arg: &str) -> Pubkey {
    if let Ok(key) = Pubkey::from_str(arg) {
        return key;
    }
    let path = arg.replacen('~', &std::env::var("HOME").unwrap_or_default(), 1);
    let bytes: Vec<u8> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap();
    Keypair::try_from(bytes.as_slice()).expect("keypair file").pubkey()
}

#[tokio::main]
async fn main() {
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "error");
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut rpc_port, mut ws_port, mut slot_ms, mut fund) = (8899u16, None, 400u64, Vec::new());
    let mut seeded: Vec<(Pubkey, Account)> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--rpc-port" => rpc_port = value.parse().expect("--rpc-port"),
            "--ws-port" => ws_port = Some(value.parse().expect("--ws-port")),
            "--slot-ms" => slot_ms = value.parse().expect("--slot-ms"),
            "--fund" => fund.push(fund_target(&value)),
            "--account" => {
                // Seed the ledger with an account dumped as `solana account --output json`.
                let file = args.get(i + 2).cloned().expect("--account <address> <file.json>");
                seeded.push((Pubkey::from_str(&value).expect("--account address"), account_from_file(&file)));
                i += 1;
            }
            "--help" | "-h" => {
                println!("lm-local-validator [--rpc-port 8899] [--ws-port RPC+1] [--fund <keypair.json|pubkey>]... [--account <address> <account.json>]... [--slot-ms 400]");
                return;
            }
            other => panic!("unknown argument {other}"),
        }
        i += 2;
    }
    let ws_port = ws_port.unwrap_or(rpc_port + 1);

    let mut program_test = ProgramTest::default();
    native::add_program(&mut program_test);
    for key in &fund {
        program_test.add_account(*key, Account { lamports: 1_000_000_000_000, ..Account::default() });
    }
    for (key, account) in &seeded {
        program_test.add_account(*key, account.clone());
    }
    let ctx = program_test.start_with_context().await;
    native::install_event_log_stubs();
    let mut node = Node { ctx, slot: 0, known: BTreeSet::new(), txs: HashMap::new(), blockhashes: VecDeque::new() };
    node.known.extend(fund.iter().copied());
    node.known.extend(seeded.iter().map(|(key, _)| *key));
    node.tick().await;
    let shared = Arc::new(Shared {
        node: Mutex::new(node),
        subscriptions: Mutex::new(HashMap::new()),
        next_subscription: AtomicU64::new(0),
    });

    // Slots advance on their own.
    let ticker = shared.clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(std::time::Duration::from_millis(slot_ms));
        loop {
            interval.tick().await;
            ticker.node.lock().await.tick().await;
        }
    });

    // Body size is checked in `rpc` (a JSON-RPC error rather than axum's plain-text 413).
    let rpc_app = Router::new()
        .route("/", post(rpc))
        .layer(axum::extract::DefaultBodyLimit::max(64 * MAX_REQUEST_BODY_SIZE))
        .with_state(shared.clone());
    let ws_app = Router::new().route("/", get(pubsub)).with_state(shared.clone());
    let rpc_addr = SocketAddr::from(([127, 0, 0, 1], rpc_port));
    let ws_addr = SocketAddr::from(([127, 0, 0, 1], ws_port));
    let rpc_listener = tokio::net::TcpListener::bind(rpc_addr).await.expect("bind rpc port");
    let ws_listener = tokio::net::TcpListener::bind(ws_addr).await.expect("bind ws port");
    println!(
        "lm-local-validator: JSON-RPC http://{rpc_addr}  PubSub ws://{ws_addr}  program {}  (native, agave bank 3.1.12)",
        loss_mutualization::ID
    );

    let shutdown = async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).unwrap();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {},
            _ = term.recv() => {},
        }
        println!("lm-local-validator: shutting down");
    };
    let (stop_tx, _) = tokio::sync::broadcast::channel::<()>(1);
    let mut stop_rpc = stop_tx.subscribe();
    let mut stop_ws = stop_tx.subscribe();
    let rpc_server = axum::serve(rpc_listener, rpc_app).with_graceful_shutdown(async move {
        let _ = stop_rpc.recv().await;
    });
    let ws_server = axum::serve(ws_listener, ws_app).with_graceful_shutdown(async move {
        let _ = stop_ws.recv().await;
    });
    let servers = tokio::spawn(async move {
        let _ = tokio::join!(rpc_server, ws_server);
    });
    shutdown.await;
    let _ = stop_tx.send(());
    let _ = tokio::time::timeout(std::time::Duration::from_secs(3), servers).await;
}
