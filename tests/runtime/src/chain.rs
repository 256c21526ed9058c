//! The Solana runtime a test runs the program in: its SBF bytecode (the default, what ships), or
//! the program compiled for the host (a fast inner loop while editing).
//!
//! - **Bytecode**: `target/deploy/loss_mutualization.so` (built by `scripts/build-sbf.sh`)
//!   loaded into LiteSVM 0.17, which embeds agave 4.3's loader, syscalls and builtins
//!   (solana-sbpf 0.23, SBPF v3 enabled), with SPL Token, Token-2022 and the ATA program as BPF.
//!   Compute units are metered and the logs are the program's own. agave 3.1's loader
//!   (solana-program-test 3.1.12) cannot load the ELF this toolchain emits (docs/NATIVE_RUNTIME.md).
//! - **Native**: the program as a builtin of solana-program-test's bank (see `native.rs`).
//!
//! `LM_RUNTIME=native` picks the native runtime; `LM_PROGRAM_SO` points at another `.so`.
//! Both present the same calls with anchor's (solana 3.x) types; LiteSVM's 4.x types are
//! converted here and nowhere else.

use crate::native;
use anchor_lang::prelude::Pubkey;
use solana_account::Account;
use solana_clock::Clock;
use solana_keypair::Keypair;
use solana_program_test::{ProgramTest, ProgramTestContext};
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction_error::TransactionError;
use std::path::PathBuf;

/// Which build of the program runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runtime {
    Bytecode,
    Native,
}

impl Runtime {
    /// `LM_RUNTIME` (`bytecode` or `native`); bytecode unless told otherwise.
    pub fn from_env() -> Self {
        match std::env::var("LM_RUNTIME").as_deref() {
            Ok("native") => Runtime::Native,
            Ok("bytecode") | Ok("") | Err(_) => Runtime::Bytecode,
            Ok(other) => panic!("LM_RUNTIME={other}: expected `bytecode` or `native`"),
        }
    }
}

/// Where the program's SBF build is: `LM_PROGRAM_SO`, else the workspace's `target/deploy`.
pub fn program_so_path() -> PathBuf {
    if let Some(path) = std::env::var_os("LM_PROGRAM_SO") {
        return PathBuf::from(path);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/deploy/loss_mutualization.so")
}

/// The program's SBF bytecode, or a panic that says how to build it.
pub fn program_so() -> Vec<u8> {
    read_so(program_so_path())
}

/// The SBF bytecode of another program of this workspace (`target/deploy/<name>.so`).
pub fn workspace_so(name: &str) -> Vec<u8> {
    read_so(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../target/deploy/{name}.so")))
}

fn read_so(path: PathBuf) -> Vec<u8> {
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}. Build the bytecode with scripts/build-sbf.sh, or run natively with LM_RUNTIME=native",
            path.display()
        )
    })
}

/// What running one transaction produced.
pub struct Processed {
    pub result: Result<(), TransactionError>,
    pub logs: Vec<String>,
    /// Compute units the whole transaction consumed (bytecode only: native code is not metered).
    pub compute_units: Option<u64>,
    /// Lamports charged as fee.
    pub fee: u64,
}

/// A bank with the program deployed and a funded fee payer.
pub enum Chain {
    Bytecode(Box<BytecodeChain>),
    Native(Box<ProgramTestContext>),
}

pub struct BytecodeChain {
    pub svm: litesvm::LiteSVM,
    pub payer: Keypair,
    pub genesis_hash: solana_hash::Hash,
}

fn wall_time() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("wall clock").as_secs() as i64
}

/// The bank charges 5,000 lamports per signature (no priority fee in these tests).
fn native_fee(tx: &VersionedTransaction) -> u64 {
    5_000 * tx.signatures.len() as u64
}

fn native_processed(result: Result<(), TransactionError>, logs: Option<Vec<String>>, fee: u64) -> Processed {
    Processed { result, logs: native::normalize_logs(logs.unwrap_or_default()), compute_units: None, fee }
}

/// LiteSVM's address type.
fn address(key: &Pubkey) -> solana_address_v2::Address {
    solana_address_v2::Address::new_from_array(key.to_bytes())
}

impl Chain {
    pub async fn start(runtime: Runtime) -> Self {
        match runtime {
            Runtime::Bytecode => Chain::Bytecode(Box::new(BytecodeChain::new(&program_so()))),
            Runtime::Native => Self::start_native(|_| {}).await,
        }
    }

    /// The native runtime, letting the caller add programs or accounts to the bank first.
    pub async fn start_native(configure: impl FnOnce(&mut ProgramTest)) -> Self {
        {
            {
                // The bank logs every transaction at debug level unless told otherwise; tests
                // assert on the transaction logs, not on stderr.
                static QUIET: std::sync::Once = std::sync::Once::new();
                QUIET.call_once(|| {
                    if std::env::var_os("RUST_LOG").is_none() {
                        std::env::set_var("RUST_LOG", "error");
                    }
                });
                let mut program_test = ProgramTest::default();
                native::add_program(&mut program_test);
                configure(&mut program_test);
                let ctx = program_test.start_with_context().await;
                native::install_event_log_stubs();
                Chain::Native(Box::new(ctx))
            }
        }
    }

    pub fn runtime(&self) -> Runtime {
        match self {
            Chain::Bytecode(_) => Runtime::Bytecode,
            Chain::Native(_) => Runtime::Native,
        }
    }

    pub fn payer(&self) -> Keypair {
        match self {
            Chain::Bytecode(chain) => chain.payer.insecure_clone(),
            Chain::Native(ctx) => ctx.payer.insecure_clone(),
        }
    }

    pub async fn latest_blockhash(&self) -> solana_hash::Hash {
        match self {
            Chain::Bytecode(chain) => solana_hash::Hash::new_from_array(chain.svm.latest_blockhash().to_bytes()),
            Chain::Native(ctx) => ctx.banks_client.get_latest_blockhash().await.expect("blockhash"),
        }
    }

    pub async fn process(&mut self, tx: VersionedTransaction) -> Processed {
        match self {
            Chain::Bytecode(chain) => chain.process(&tx, false),
            Chain::Native(ctx) => {
                let fee = native_fee(&tx);
                let outcome = ctx.banks_client.process_transaction_with_metadata(tx).await.expect("banks client");
                native_processed(outcome.result, outcome.metadata.map(|m| m.log_messages), fee)
            }
        }
    }

    /// Run a transaction without committing it.
    pub async fn simulate(&mut self, tx: VersionedTransaction) -> Processed {
        match self {
            Chain::Bytecode(chain) => chain.process(&tx, true),
            Chain::Native(ctx) => {
                let fee = native_fee(&tx);
                let simulation = ctx.banks_client.simulate_transaction(tx).await.expect("banks client");
                let result = simulation.result.unwrap_or(Ok(()));
                native_processed(result, simulation.simulation_details.map(|d| d.logs), fee)
            }
        }
    }

    /// Move to `slot` with a new blockhash; returns the blockhash and the block height, or None
    /// if the bank cannot take that slot.
    pub async fn advance_to_slot(&mut self, slot: u64) -> Option<(solana_hash::Hash, u64)> {
        match self {
            Chain::Bytecode(chain) => {
                chain.svm.warp_to_slot(slot);
                chain.svm.expire_blockhash();
                // A cluster's clock follows wall time (never backwards).
                let mut clock = chain.svm.get_sysvar::<Clock>();
                clock.unix_timestamp = clock.unix_timestamp.max(wall_time());
                chain.svm.set_sysvar(&clock);
                // Every slot holds a block here, so block height = slot.
                Some((self.latest_blockhash().await, slot))
            }
            Chain::Native(ctx) => {
                ctx.warp_to_slot(slot).ok()?;
                let hash = ctx.banks_client.get_latest_blockhash().await.ok()?;
                let height = ctx.banks_client.get_root_block_height().await.ok()?;
                Some((hash, height))
            }
        }
    }

    /// The hash that names this chain (getGenesisHash).
    pub fn genesis_hash(&self) -> solana_hash::Hash {
        match self {
            Chain::Bytecode(chain) => chain.genesis_hash,
            Chain::Native(ctx) => ctx.genesis_config().hash(),
        }
    }

    pub fn epoch_schedule(&self) -> solana_epoch_schedule::EpochSchedule {
        match self {
            Chain::Bytecode(chain) => chain.svm.get_sysvar(),
            Chain::Native(ctx) => ctx.genesis_config().epoch_schedule.clone(),
        }
    }

    pub async fn account(&self, key: &Pubkey) -> Option<Account> {
        match self {
            Chain::Bytecode(chain) => chain.svm.get_account(&address(key)).map(|a| Account {
                lamports: a.lamports,
                data: a.data,
                owner: Pubkey::new_from_array(a.owner.to_bytes()),
                executable: a.executable,
                rent_epoch: a.rent_epoch,
            }),
            Chain::Native(ctx) => ctx.banks_client.get_account(*key).await.expect("get_account"),
        }
    }

    /// Overwrite an account in the bank (test setup only).
    pub fn set_account(&mut self, key: &Pubkey, account: Account) {
        match self {
            Chain::Bytecode(chain) => {
                let converted = solana_account_v4::Account {
                    lamports: account.lamports,
                    data: account.data,
                    owner: address(&account.owner),
                    executable: account.executable,
                    rent_epoch: account.rent_epoch,
                };
                chain.svm.set_account(address(key), converted).expect("set_account");
            }
            Chain::Native(ctx) => ctx.set_account(key, &account.into()),
        }
    }

    pub async fn minimum_balance(&self, space: usize) -> u64 {
        match self {
            Chain::Bytecode(chain) => chain.svm.minimum_balance_for_rent_exemption(space),
            Chain::Native(ctx) => ctx.banks_client.get_rent().await.expect("rent").minimum_balance(space),
        }
    }

    pub async fn clock(&self) -> Clock {
        match self {
            Chain::Bytecode(chain) => chain.svm.get_sysvar::<Clock>(),
            Chain::Native(ctx) => ctx.banks_client.get_sysvar::<Clock>().await.expect("clock"),
        }
    }

    /// Deploy another program's bytecode beside this one (bytecode runtime only: the native
    /// bank adds programs through `start_native`'s `configure`).
    pub fn add_program(&mut self, id: &Pubkey, bytecode: &[u8]) {
        match self {
            Chain::Bytecode(chain) => chain.svm.add_program(address(id), bytecode).expect("load the bytecode"),
            Chain::Native(_) => panic!("add_program: bytecode runtime only"),
        }
    }

    pub fn set_clock(&mut self, clock: &Clock) {
        match self {
            Chain::Bytecode(chain) => chain.svm.set_sysvar(clock),
            Chain::Native(ctx) => ctx.set_sysvar(clock),
        }
    }
}

impl BytecodeChain {
    /// A bank with `program` deployed that checks signatures and blockhashes itself (LiteSVM
    /// accepts only its latest blockhash).
    pub fn new(program: &[u8]) -> Self {
        Self::with_checks(program, true)
    }

    /// For a node that verifies signatures and keeps a cluster's 150-block blockhash window
    /// itself, so that it can answer as a cluster's RPC does (and simulate without sigVerify).
    pub fn for_node(program: &[u8]) -> Self {
        Self::with_checks(program, false)
    }

    /// As `new`, with every instruction the program executes traced and measured into the
    /// returned list (`memory.rs`); slow, for the memory measurement only.
    pub fn measured(program: &[u8]) -> (Self, std::sync::Arc<std::sync::Mutex<Vec<crate::memory::MemoryUse>>>) {
        // Tracing is baked into programs when they are loaded, so it is chosen at construction.
        let svm = litesvm::LiteSVM::new_debuggable(true).with_blockhash_check(true).with_sigverify(true);
        let mut chain = Self::with_svm(svm, &crate::memory::with_section_names(program));
        let seen = std::sync::Arc::default();
        let probe = crate::memory::MemoryProbe { program: address(&loss_mutualization::ID), seen: std::sync::Arc::clone(&seen) };
        chain.svm.set_invocation_inspect_callback(probe);
        (chain, seen)
    }

    fn with_checks(program: &[u8], checks: bool) -> Self {
        Self::with_svm(litesvm::LiteSVM::new().with_blockhash_check(checks).with_sigverify(checks), program)
    }

    fn with_svm(mut svm: litesvm::LiteSVM, program: &[u8]) -> Self {
        svm.add_program(address(&loss_mutualization::ID), program).expect("load the program's bytecode");
        // A cluster's clock reads wall time; LiteSVM's starts at 0, which would make every
        // timestamp the program records look unset.
        let mut clock = svm.get_sysvar::<Clock>();
        clock.unix_timestamp = wall_time();
        svm.set_sysvar(&clock);
        let payer = Keypair::new();
        svm.airdrop(&address(&payer.pubkey()), 500_000_000_000_000).expect("fund the payer");
        let genesis_hash = solana_hash::Hash::new_from_array(svm.latest_blockhash().to_bytes());
        BytecodeChain { svm, payer, genesis_hash }
    }

    /// Execute `tx` (committing it unless `simulate`).
    pub fn process(&mut self, tx: &VersionedTransaction, simulate: bool) -> Processed {
        // Same wire format; LiteSVM takes solana-transaction 4.x.
        let tx: solana_transaction_v4::versioned::VersionedTransaction =
            bincode::deserialize(&bincode::serialize(tx).expect("serialize")).expect("convert transaction");
        let outcome = if simulate { self.svm.simulate_transaction(tx).map(|info| info.meta) } else { self.svm.send_transaction(tx) };
        match outcome {
            Ok(meta) => Processed { result: Ok(()), logs: meta.logs, compute_units: Some(meta.compute_units_consumed), fee: meta.fee },
            Err(failed) => Processed {
                result: Err(failed.err),
                logs: failed.meta.logs,
                compute_units: Some(failed.meta.compute_units_consumed),
                fee: failed.meta.fee,
            },
        }
    }
}
