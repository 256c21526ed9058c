//! `lm-surfpool`: an OFFLINE Surfpool surfnet (surfpool-core 1.7) that serves the workspace's
//! programs at their ids, JSON-RPC on `--rpc-port` and PubSub on `--ws-port` (default: RPC + 1),
//! producing a block every 400 ms (clock mode) until SIGTERM or SIGINT.
//!
//! Also answers to `surfpool start ...`, as Anchor 1.x spawns it: a copy or link of this binary
//! named `surfpool` on PATH takes Surfpool's flags; those that do not apply to an offline surfnet
//! (`--no-tui`, `--no-deploy`, `--studio-port`, ...) are accepted and ignored, with a note on
//! stderr. No mainnet datasource is ever contacted: `--rpc-url`/`--network` are refused.
use std::{
    path::{Path, PathBuf},
    process::ExitCode,
    str::FromStr,
    time::{Duration, Instant},
};

use crossbeam_channel::unbounded;
use solana_pubkey::Pubkey;
use surfpool_core::{
    solana_account::Account,
    runloops::start_local_surfnet_runloop,
    surfnet::{
        locker::SurfnetSvmLocker,
        svm::{SurfnetSvm, SurfnetSvmConfig},
    },
};
use surfpool_types::{BlockProductionMode, RpcConfig, SimnetCommand, SimnetConfig, SimnetEvent, SurfpoolConfig};

const USAGE: &str = "\
lm-surfpool [start] [OPTIONS]
  --rpc-port, --port, -p PORT     JSON-RPC port [8899]
  --ws-port, -w PORT              PubSub port [RPC port + 1]
  --host, -o HOST                 bind address [127.0.0.1]
  --slot-time, -t, --slot-ms MS   milliseconds per slot [400]
  --block-production-mode, -b M   clock | transaction | manual [clock]
  --program ID=FILE               serve FILE at ID (repeatable; replaces the Anchor.toml list)
  --anchor-toml FILE              programs from [programs.localnet] [./Anchor.toml, or a parent's]
  --programs-dir DIR              where NAME.so is for Anchor.toml's NAME [<Anchor.toml's dir>/target/deploy]
  --airdrop, -a PUBKEY            fund PUBKEY (repeatable)
  --airdrop-keypair-path, -k FILE fund the keypair in FILE (repeatable)
  --airdrop-amount, -q LAMPORTS   how much each is funded [10000000000000]
                                  (with no --airdrop/-k: ~/.config/solana/id.json, when it exists, as Anchor's wallet)
  --account ADDRESS FILE          seed the ledger with an account dumped by `solana account --output json` (repeatable)
  --fund KEYPAIR_OR_PUBKEY        give 1,000 SOL to this wallet (repeatable)
  --instruction-profiling         re-run each transaction's instruction prefixes for profiles (Surfpool's default; off here)
  --skip-blockhash-check          accept any blockhash
LM_PROGRAM_SO=FILE serves FILE as loss_mutualization. Offline only; Surfpool flags that do not apply are ignored.";

/// Surfpool flags taking no value that mean nothing here (always offline, no TUI, no studio, no
/// runbooks: the programs are written at start).
const IGNORED_SWITCHES: &[&str] = &[
    "--offline", "--no-tui", "--no-deploy", "--no-studio", "--yes", "-y", "--ci", "--daemon", "--watch",
    "--legacy-anchor-compatibility", "--disable-instruction-profiling", "--debug", "--no-explorer",
];
/// Surfpool flags taking a value that mean nothing here.
const IGNORED_WITH_VALUE: &[&str] = &[
    "--studio-port", "-s", "--log-level", "-l", "--log-path", "--max-profiles", "-c", "--manifest-file-path", "-m",
    "--runbook", "-r", "--runbook-input", "-i", "--subgraph-database-path", "-d", "--db", "--surfnet-id", "--gossip-port",
    "--tpu-port", "--tpu-quic-port", "--expiry", "--snapshot", "--feature", "-f", "--disable-feature", "--features-all",
    "--plugin-config-path", "--genesis-hash", "--log-bytes-limit", "--anchor-test-config-path",
];

struct Options {
    rpc_port: u16,
    ws_port: Option<u16>,
    host: String,
    slot_ms: u64,
    mode: BlockProductionMode,
    programs: Vec<(Pubkey, PathBuf)>,
    anchor_toml: Option<PathBuf>,
    programs_dir: Option<PathBuf>,
    airdrop: Vec<Pubkey>,
    airdrop_lamports: u64,
    accounts: Vec<(Pubkey, Account)>,
    profiling: bool,
    skip_blockhash_check: bool,
}

fn parse(args: Vec<String>) -> Result<Options, String> {
    let mut o = Options {
        rpc_port: 8899,
        ws_port: None,
        host: "127.0.0.1".into(),
        slot_ms: 400,
        mode: BlockProductionMode::Clock,
        programs: vec![],
        anchor_toml: None,
        programs_dir: None,
        airdrop: vec![],
        airdrop_lamports: 10_000 * 1_000_000_000,
        accounts: vec![],
        profiling: false,
        skip_blockhash_check: false,
    };
    let mut args = args.into_iter().peekable();
    if args.peek().map(String::as_str) == Some("start") {
        args.next();
    }
    while let Some(raw) = args.next() {
        // `--flag=value` as well as `--flag value`.
        let (flag, inline) = match raw.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (raw.clone(), None),
        };
        let mut value = || inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "-h" | "--help" => return Err(USAGE.into()),
            "--rpc-port" | "--port" | "-p" => o.rpc_port = num(&flag, &value()?)?,
            "--ws-port" | "-w" => o.ws_port = Some(num(&flag, &value()?)?),
            "--host" | "-o" => o.host = value()?,
            "--slot-time" | "-t" | "--slot-ms" => o.slot_ms = num(&flag, &value()?)?,
            "--block-production-mode" | "-b" => {
                o.mode = match value()?.to_lowercase().as_str() {
                    "clock" => BlockProductionMode::Clock,
                    "transaction" => BlockProductionMode::Transaction,
                    "manual" => BlockProductionMode::Manual,
                    other => return Err(format!("--block-production-mode: clock, transaction or manual, not {other}")),
                }
            }
            "--program" => {
                let v = value()?;
                let (id, file) = v.split_once('=').ok_or("--program takes ID=FILE")?;
                o.programs.push((pubkey(id)?, PathBuf::from(file)));
            }
            "--anchor-toml" => o.anchor_toml = Some(value()?.into()),
            "--programs-dir" => o.programs_dir = Some(value()?.into()),
            "--airdrop" | "-a" => o.airdrop.push(pubkey(&value()?)?),
            "--airdrop-keypair-path" | "-k" => o.airdrop.push(keypair_file_pubkey(&value()?)?),
            "--airdrop-amount" | "-q" => o.airdrop_lamports = num(&flag, &value()?)?,
            "--account" => {
                let address = pubkey(&value()?)?;
                let file = args.next().ok_or("--account takes ADDRESS FILE")?;
                o.accounts.push((address, account_from_file(&file)?));
            }
            "--fund" => {
                let v = value()?;
                let wallet = pubkey(&v).or_else(|_| keypair_file_pubkey(&v))?;
                o.accounts.push((wallet, Account { lamports: 1_000 * 1_000_000_000, data: vec![], owner: Pubkey::default(), executable: false, rent_epoch: 0 }));
            }
            "--instruction-profiling" => o.profiling = true,
            "--skip-blockhash-check" => o.skip_blockhash_check = true,
            "--rpc-url" | "-u" | "--network" | "-n" => {
                return Err(format!("{flag}: this surfnet is offline only (no datasource is contacted)"))
            }
            f if IGNORED_SWITCHES.contains(&f) => eprintln!("lm-surfpool: ignoring {f}"),
            f if IGNORED_WITH_VALUE.contains(&f) => {
                let v = value()?;
                eprintln!("lm-surfpool: ignoring {f} {v}");
            }
            f if f.starts_with('-') => {
                // An unknown flag: its value, if it has one, is the next word not starting with '-'.
                let v = inline.clone().or_else(|| args.next_if(|next| !next.starts_with('-')));
                eprintln!("lm-surfpool: ignoring unknown flag {f} {}", v.unwrap_or_default());
            }
            other => return Err(format!("unexpected argument {other}\n{USAGE}")),
        }
    }
    Ok(o)
}

fn num<T: FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse().map_err(|_| format!("{flag}: not a number: {v}"))
}

fn pubkey(v: &str) -> Result<Pubkey, String> {
    Pubkey::from_str(v).map_err(|_| format!("not a public key: {v}"))
}

/// The public key of a keypair file (a JSON array of 64 bytes, the last 32 the public key).
fn keypair_file_pubkey(path: &str) -> Result<Pubkey, String> {
    let path = match path.strip_prefix("~/") {
        Some(rest) => PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(rest),
        None => PathBuf::from(path),
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let bytes: Vec<u8> = text
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|b| b.trim().parse::<u8>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("{}: not a keypair file", path.display()))?;
    let key: [u8; 32] = bytes.get(32..64).and_then(|k| k.try_into().ok()).ok_or_else(|| format!("{}: not a keypair file", path.display()))?;
    Ok(Pubkey::new_from_array(key))
}

/// An account file in the format `solana account --output json` writes (data in base64).
fn account_from_file(path: &str) -> Result<Account, String> {
    use base64::Engine;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let dump: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    let account = &dump["account"];
    let bad = |what: &str| format!("{path}: {what}");
    let data = match account["data"].as_array().map(|d| (d.first().and_then(|v| v.as_str()), d.get(1).and_then(|v| v.as_str()))) {
        Some((Some(data), Some("base64"))) => base64::engine::general_purpose::STANDARD.decode(data).map_err(|_| bad("data is not base64"))?,
        _ => return Err(bad("data must be [\"<base64>\", \"base64\"]")),
    };
    Ok(Account {
        lamports: account["lamports"].as_u64().ok_or_else(|| bad("lamports"))?,
        data,
        owner: pubkey(account["owner"].as_str().ok_or_else(|| bad("owner"))?)?,
        executable: account["executable"].as_bool().unwrap_or(false),
        rent_epoch: account["rentEpoch"].as_u64().unwrap_or(0),
    })
}

/// `./Anchor.toml` or the nearest parent's.
fn find_anchor_toml() -> Option<PathBuf> {
    let mut dir = std::env::current_dir().ok()?;
    loop {
        let candidate = dir.join("Anchor.toml");
        if candidate.is_file() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}

/// `name = "id"` lines of Anchor.toml's `[programs.localnet]` table.
fn anchor_programs(toml: &Path) -> Result<Vec<(String, Pubkey)>, String> {
    let text = std::fs::read_to_string(toml).map_err(|e| format!("{}: {e}", toml.display()))?;
    let mut inside = false;
    let mut programs = vec![];
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == "[programs.localnet]";
        } else if inside && !line.is_empty() && !line.starts_with('#') {
            if let Some((name, id)) = line.split_once('=') {
                programs.push((name.trim().to_string(), pubkey(id.trim().trim_matches('"'))?));
            }
        }
    }
    Ok(programs)
}

/// The (id, file) pairs to serve: `--program`s, else Anchor.toml's localnet programs.
fn programs(o: &Options) -> Result<Vec<(Pubkey, PathBuf)>, String> {
    if !o.programs.is_empty() {
        return Ok(o.programs.clone());
    }
    let toml = o.anchor_toml.clone().or_else(find_anchor_toml).ok_or("no Anchor.toml here or above; pass --program ID=FILE")?;
    let dir = o.programs_dir.clone().unwrap_or_else(|| toml.parent().unwrap_or(Path::new(".")).join("target/deploy"));
    let so_override = std::env::var_os("LM_PROGRAM_SO").map(PathBuf::from);
    Ok(anchor_programs(&toml)?
        .into_iter()
        .map(|(name, id)| match (&so_override, name.as_str()) {
            (Some(file), "loss_mutualization") => (id, file.clone()),
            _ => (id, dir.join(format!("{name}.so"))),
        })
        .collect())
}

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
    match runloop.is_finished().then(|| runloop.join()) {
        Some(Ok(Err(e))) => {
            eprintln!("lm-surfpool: {e}");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}
