//! `lm-surfpool`'s command line: its flags and Surfpool's (as Anchor 1.x passes them), and the
//! programs to serve (`--program`s, else Anchor.toml's `[programs.localnet]` from target/deploy).
use std::{
    path::{Path, PathBuf},
    str::FromStr,
};

use solana_pubkey::Pubkey;
use surfpool_core::solana_account::Account;
use surfpool_types::BlockProductionMode;

pub(crate) const USAGE: &str = "\
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
pub(crate) const IGNORED_SWITCHES: &[&str] = &[
    "--offline", "--no-tui", "--no-deploy", "--no-studio", "--yes", "-y", "--ci", "--daemon", "--watch",
    "--legacy-anchor-compatibility", "--disable-instruction-profiling", "--debug", "--no-explorer",
];
/// Surfpool flags taking a value that mean nothing here.
pub(crate) const IGNORED_WITH_VALUE: &[&str] = &[
    "--studio-port", "-s", "--log-level", "-l", "--log-path", "--max-profiles", "-c", "--manifest-file-path", "-m",
    "--runbook", "-r", "--runbook-input", "-i", "--subgraph-database-path", "-d", "--db", "--surfnet-id", "--gossip-port",
    "--tpu-port", "--tpu-quic-port", "--expiry", "--snapshot", "--feature", "-f", "--disable-feature", "--features-all",
    "--plugin-config-path", "--genesis-hash", "--log-bytes-limit", "--anchor-test-config-path",
];

pub(crate) struct Options {
    pub(crate) rpc_port: u16,
    pub(crate) ws_port: Option<u16>,
    pub(crate) host: String,
    pub(crate) slot_ms: u64,
    pub(crate) mode: BlockProductionMode,
    pub(crate) programs: Vec<(Pubkey, PathBuf)>,
    pub(crate) anchor_toml: Option<PathBuf>,
    pub(crate) programs_dir: Option<PathBuf>,
    pub(crate) airdrop: Vec<Pubkey>,
    pub(crate) airdrop_lamports: u64,
    pub(crate) accounts: Vec<(Pubkey, Account)>,
    pub(crate) profiling: bool,
    pub(crate) skip_blockhash_check: bool,
}

pub(crate) fn parse(args: Vec<String>) -> Result<Options, String> {
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

pub(crate) fn num<T: FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse().map_err(|_| format!("{flag}: not a number: {v}"))
}

pub(crate) fn pubkey(v: &str) -> Result<Pubkey, String> {
    Pubkey::from_str(v).map_err(|_| format!("not a public key: {v}"))
}

/// The public key of a keypair file (a JSON array of 64 bytes, the last 32 the public key).
pub(crate) fn keypair_file_pubkey(path: &str) -> Result<Pubkey, String> {
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
pub(crate) fn account_from_file(path: &str) -> Result<Account, String> {
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
pub(crate) fn find_anchor_toml() -> Option<PathBuf> {
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
pub(crate) fn anchor_programs(toml: &Path) -> Result<Vec<(String, Pubkey)>, String> {
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
pub(crate) fn programs(o: &Options) -> Result<Vec<(Pubkey, PathBuf)>, String> {
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
