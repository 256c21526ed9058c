//! Local validator: the loss_mutualization program's SBF bytecode running in agave 4.3's
//! runtime (LiteSVM: loader, syscalls, compute metering), with SPL Token / Token-2022 / ATA as
//! BPF, serving the standard JSON-RPC over HTTP and PubSub over WebSocket, so that
//! `@solana/web3.js`, `@anchor-lang/core` and the project's CLI work against it unchanged.
//! `--native` runs the host build inside solana-program-test's agave 3.1 bank instead.
//!
//! ```text
//! lm-local-validator [--rpc-port 8899] [--ws-port 8900] [--fund <keypair.json|pubkey>]...
//!                    [--account <address> <account.json>]... [--slot-ms 400]
//!                    [--program <file.so> | --native]   (--help)
//! ```
//!
//! Modules: `node` (the chain, slots, blockhashes, processed transactions), `rpc` (the methods),
//! `token` (token account and mint data, checked), `http` (the endpoint, batches, HTTP-level
//! errors), `serve` (the accept loop: header read timeout, connection cap), `pubsub`
//! (subscriptions, each its connection's), `ws` (a PubSub connection and its limits), `error`
//! (JSON-RPC errors, signature verification), `args` (the command line, ledger seeding).
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
use lm_runtime_tests::chain::{program_so_path, BytecodeChain, Chain, Processed, Runtime};
use serde_json::{json, Value};
use solana_account::Account;
use solana_account_decoder_client_types::token::UiTokenAmount;
use solana_account_decoder_client_types::{UiAccount, UiAccountData, UiAccountEncoding};
use solana_keypair::Keypair;
use solana_message::VersionedMessage;
use solana_rpc_client_types::config::{RpcAccountInfoConfig, RpcProgramAccountsConfig, RpcSignatureSubscribeConfig, RpcSignaturesForAddressConfig};
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

/// The agave versions behind each chain (getVersion).
const AGAVE_BYTECODE_VERSION: &str = "4.3.2";
const AGAVE_NATIVE_VERSION: &str = "3.1.12";

mod args;
mod error;
mod http;
mod node;
mod pubsub;
mod rpc;
mod serve;
mod token;
mod ws;

use args::*;
use error::*;
use http::*;
use node::*;
use pubsub::*;
use rpc::*;
use token::*;
use ws::*;

#[tokio::main]
async fn main() {
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "error");
    }
    let args = <Args as clap::Parser>::parse();
    let (fund, seeded) = args.ledger();
    let (rpc_port, slot_ms) = (args.rpc_port, args.slot_ms);
    let ws_port = args.ws_port.unwrap_or(rpc_port + 1);

    let (mut chain, runtime_label) = if args.native {
        (Chain::start_native(|_| {}).await, format!("native, agave bank {AGAVE_NATIVE_VERSION}"))
    } else {
        let path = args.program.clone().unwrap_or_else(program_so_path);
        let program = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e}. Build it with scripts/build-sbf.sh, or pass --native", path.display()));
        let label = format!("bytecode {}, agave {AGAVE_BYTECODE_VERSION}", path.display());
        (Chain::Bytecode(Box::new(BytecodeChain::for_node(&program))), label)
    };
    for key in &fund {
        chain.set_account(key, Account { lamports: 1_000_000_000_000, ..Account::default() });
    }
    for (key, account) in &seeded {
        chain.set_account(key, account.clone());
    }
    let mut node = Node { chain, slot: 0, height: 0, known: BTreeSet::new(), txs: HashMap::new(), blockhashes: VecDeque::new(), clock_ahead: 0 };
    node.known.extend(fund.iter().copied());
    node.known.extend(seeded.iter().map(|(key, _)| *key));
    node.tick().await;
    let shared = Arc::new(Shared {
        node: Mutex::new(node),
        subscriptions: Mutex::new(Subscriptions::default()),
        next_connection: AtomicU64::new(0),
        pubsub_connections: std::sync::atomic::AtomicUsize::new(0),
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
        "lm-local-validator: JSON-RPC http://{rpc_addr}  PubSub ws://{ws_addr}  program {}  ({runtime_label})",
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
    let rpc_server = serve::serve(rpc_listener, rpc_app, stop_tx.subscribe());
    let ws_server = serve::serve(ws_listener, ws_app, stop_tx.subscribe());
    let servers = tokio::spawn(async move {
        let _ = tokio::join!(rpc_server, ws_server);
    });
    shutdown.await;
    let _ = stop_tx.send(());
    let _ = tokio::time::timeout(std::time::Duration::from_secs(3), servers).await;
}

