//! The command line (clap), and ledger seeding from it: account dumps and funded keypairs.
use super::*;
use clap::Parser;

/// Local validator: the loss_mutualization program's SBF bytecode in agave 4.3's runtime (or,
/// with --native, the host build in agave 3.1's bank), serving the standard JSON-RPC and PubSub.
#[derive(Parser, Debug)]
#[command(name = "lm-local-validator", version)]
pub(crate) struct Args {
    /// JSON-RPC port.
    #[arg(long, default_value_t = 8899)]
    pub(crate) rpc_port: u16,
    /// PubSub (WebSocket) port [default: the RPC port + 1].
    #[arg(long)]
    pub(crate) ws_port: Option<u16>,
    /// Milliseconds per slot.
    #[arg(long, default_value_t = 400)]
    pub(crate) slot_ms: u64,
    /// Give 1,000 SOL to this wallet (a keypair file or a public key); repeatable.
    #[arg(long, value_name = "KEYPAIR_OR_PUBKEY")]
    pub(crate) fund: Vec<String>,
    /// Seed the ledger with an account dumped by `solana account --output json`; repeatable.
    #[arg(long, num_args = 2, value_names = ["ADDRESS", "FILE"])]
    pub(crate) account: Vec<String>,
    /// The program's SBF build to serve [default: target/deploy/loss_mutualization.so].
    #[arg(long, value_name = "FILE", conflicts_with = "native")]
    pub(crate) program: Option<std::path::PathBuf>,
    /// Run the program compiled for the host instead of its bytecode (no compute-unit metering;
    /// the bank honours a blockhash for about 1 s).
    #[arg(long)]
    pub(crate) native: bool,
}

impl Args {
    /// The wallets to fund and the accounts to seed, read and checked.
    pub(crate) fn ledger(&self) -> (Vec<Pubkey>, Vec<(Pubkey, Account)>) {
        let fund = self.fund.iter().map(|f| fund_target(f)).collect();
        let seeded = self
            .account
            .chunks(2)
            .map(|pair| (Pubkey::from_str(&pair[0]).expect("--account address"), account_from_file(&pair[1])))
            .collect();
        (fund, seeded)
    }
}

/// An account file in the format `solana account --output json` writes.
pub(crate) fn account_from_file(path: &str) -> Account {
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

pub(crate) fn fund_target(arg: &str) -> Pubkey {
    if let Ok(key) = Pubkey::from_str(arg) {
        return key;
    }
    let path = arg.replacen('~', &std::env::var("HOME").unwrap_or_default(), 1);
    let bytes: Vec<u8> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap();
    Keypair::try_from(bytes.as_slice()).expect("keypair file").pubkey()
}
