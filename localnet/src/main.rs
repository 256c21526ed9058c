//! `lm-surfpool`: an OFFLINE Surfpool surfnet (surfpool-core 1.7) that serves the workspace's
//! programs at their ids, JSON-RPC on `--rpc-port` and PubSub on `--ws-port` (default: RPC + 1),
//! producing a block every 400 ms (clock mode) until SIGTERM or SIGINT.
//!
//! Also answers to `surfpool start ...`, as Anchor 1.x spawns it: a copy or link of this binary
//! named `surfpool` on PATH takes Surfpool's flags; those that do not apply to an offline surfnet
//! (`--no-tui`, `--no-deploy`, `--studio-port`, ...) are accepted and ignored, with a note on
//! stderr. No mainnet datasource is ever contacted: `--rpc-url`/`--network` are refused.
use std::{
    process::ExitCode,
    time::{Duration, Instant},
};

mod options;

use crossbeam_channel::unbounded;
use options::*;
use surfpool_core::{
    runloops::start_local_surfnet_runloop,
    surfnet::{
        locker::SurfnetSvmLocker,
        svm::{SurfnetSvm, SurfnetSvmConfig},
    },
};
use surfpool_types::{RpcConfig, SimnetCommand, SimnetConfig, SimnetEvent, SurfpoolConfig};

fn main() -> ExitCode {
    let started = Instant::now();
    let o = match parse(std::env::args().skip(1).collect()) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let programs = match programs(&o) {
        Ok(p) => p,
        Err(message) => {
            eprintln!("lm-surfpool: {message}");
            return ExitCode::from(2);
        }
    };
    let mut bytecode = vec![];
    for (id, file) in &programs {
        match std::fs::read(file) {
            Ok(bytes) => bytecode.push((*id, file.clone(), bytes)),
            Err(e) => {
                eprintln!("lm-surfpool: {}: {e} (build the programs first: scripts/build-sbf.sh)", file.display());
                return ExitCode::from(2);
            }
        }
    }
    let ws_port = o.ws_port.unwrap_or(o.rpc_port.wrapping_add(1));
    let mut o = o;
    if o.airdrop.is_empty() {
        // Anchor's provider wallet pays for `anchor test`'s transactions: fund it as Surfpool does.
        if let Ok(wallet) = keypair_file_pubkey("~/.config/solana/id.json") {
            o.airdrop.push(wallet);
        }
    }

    let svm_config = SurfnetSvmConfig {
        slot_time: o.slot_ms,
        instruction_profiling_enabled: o.profiling,
        skip_blockhash_check: o.skip_blockhash_check,
        ..SurfnetSvmConfig::default()
    };
    let (svm, simnet_events_rx, geyser_events_rx) = match SurfnetSvm::new(svm_config) {
        Ok(created) => created,
        Err(e) => {
            eprintln!("lm-surfpool: {e}");
            return ExitCode::FAILURE;
        }
    };
    let locker = SurfnetSvmLocker::new(svm);
    let config = SurfpoolConfig {
        simnets: vec![SimnetConfig {
            // SimnetConfig::default() forks mainnet: never here.
            offline_mode: true,
            remote_rpc_url: None,
            slot_time: o.slot_ms,
            block_production_mode: o.mode.clone(),
            airdrop_addresses: o.airdrop.clone(),
            airdrop_token_amount: o.airdrop_lamports,
            instruction_profiling_enabled: o.profiling,
            skip_blockhash_check: o.skip_blockhash_check,
            ..SimnetConfig::default()
        }],
        rpc: RpcConfig { bind_host: o.host.clone(), bind_port: o.rpc_port, ws_port, ..RpcConfig::default() },
        ..SurfpoolConfig::default()
    };
    let (commands_tx, commands_rx) = unbounded::<SimnetCommand>();

    // Lifecycle events block the surfnet when nobody reads them: read them all, show the
    // ones a person starting it needs.
    let (ready_tx, ready_rx) = crossbeam_channel::bounded::<()>(1);
    std::thread::spawn(move || {
        for event in simnet_events_rx {
            match event {
                SimnetEvent::CoreStarted(_) => {
                    let _ = ready_tx.try_send(());
                }
                SimnetEvent::ErrorLog(_, message) => eprintln!("lm-surfpool: error: {message}"),
                SimnetEvent::WarnLog(_, message) => eprintln!("lm-surfpool: warning: {message}"),
                SimnetEvent::Aborted(message) => eprintln!("lm-surfpool: aborted: {message}"),
                _ => {}
            }
        }
    });

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    // The bytecode goes in before the RPC server binds, so the first answer already serves it.
    for (id, file, bytes) in &bytecode {
        if let Err(e) = runtime.block_on(locker.write_program(*id, None, 0, bytes, &None)) {
            eprintln!("lm-surfpool: {}: {e}", file.display());
            return ExitCode::FAILURE;
        }
    }

    for (address, account) in &o.accounts {
        if let Err(e) = locker.with_svm_writer(|svm| svm.set_account(address, account.clone())) {
            eprintln!("lm-surfpool: {address}: {e}");
            return ExitCode::FAILURE;
        }
    }

    let runloop_commands_tx = commands_tx.clone();
    let runloop = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
        runtime
            .block_on(start_local_surfnet_runloop(locker, config, runloop_commands_tx, commands_rx, geyser_events_rx))
            .map_err(|e| e.to_string())
    });
    match ready_rx.recv_timeout(Duration::from_secs(60)) {
        Ok(()) => {
            eprintln!(
                "lm-surfpool: surfpool-core 1.7.0 offline, {} ms slots ({:?} mode), RPC http://{}:{} PubSub ws://{}:{}, ready in {} ms",
                o.slot_ms,
                o.mode,
                o.host,
                o.rpc_port,
                o.host,
                ws_port,
                started.elapsed().as_millis()
            );
            for (id, file, bytes) in &bytecode {
                eprintln!("lm-surfpool: {id} <- {} ({} bytes)", file.display(), bytes.len());
            }
        }
        Err(_) => {
            let outcome = if runloop.is_finished() { runloop.join().ok().and_then(Result::err) } else { None };
            eprintln!("lm-surfpool: did not start{}", outcome.map(|e| format!(": {e}")).unwrap_or_default());
            return ExitCode::FAILURE;
        }
    }

    let stopped = runtime.block_on(async {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
        let mut int = signal(SignalKind::interrupt()).expect("SIGINT handler");
        let mut poll = tokio::time::interval(Duration::from_millis(200));
        loop {
            tokio::select! {
                _ = term.recv() => return "SIGTERM",
                _ = int.recv() => return "SIGINT",
                _ = poll.tick() => if runloop.is_finished() { return "the runloop's end" },
            }
        }
    });
    eprintln!("lm-surfpool: stopping on {stopped}");
    let _ = commands_tx.send(SimnetCommand::Terminate(None));
    // The RPC servers close on a thread of their own: give them a moment, not forever.
    let deadline = Instant::now() + Duration::from_secs(3);
    while !runloop.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let code = match runloop.is_finished().then(|| runloop.join()) {
        Some(Ok(Err(e))) => {
            eprintln!("lm-surfpool: {e}");
            1
        }
        _ => 0,
    };
    // Exit now: dropping the tokio runtime would wait for its tasks, and a PubSub client that
    // keeps its connection open (a keeper) would hold the process up indefinitely.
    std::process::exit(code)
}
