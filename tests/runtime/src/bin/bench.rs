//! Scale and cost benchmark, on the program's bytecode: a loss event and a settlement cost the
//! same compute units with 10, 1,000 or 100,000 open positions, against a naive clawback that
//! must write every profitable position. Also reports account sizes and rent, and the size of
//! the one-transaction waterfall.
//!
//! `./scripts/bench.sh` (runs this, then draws results/bench.png).
//!
//! Deterministic: the positions share the same totals at every size (written straight into the
//! bank with `TestEnv::seed_positions`: creating 100,000 by transaction would take too long), the
//! clock is fixed, and compute units are what the runtime metered. The loss events and
//! settlements are real transactions. The naive baseline is counted, not run: the transactions
//! and account writes it needs, as many accounts per transaction as fit in a packet.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::Space;
use lm_runtime_tests::*;
use loss_mutualization::state::*;
use solana_transaction::Transaction;

const SIZES: [u64; 3] = [10, 1_000, 100_000];
const REPS: usize = 5;
const PACKET: usize = 1_232;

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v[v.len() / 2]
}

#[derive(serde::Serialize, Clone)]
struct SizeResult {
    positions: u64,
    seed_secs: f64,
    resolve_cu: Vec<u64>,
    settle_cu: Vec<u64>,
    resolve_median_cu: u64,
    settle_median_cu: u64,
    naive_accounts_per_tx: usize,
    naive_transactions: usize,
    naive_account_writes: u64,
}

#[derive(serde::Serialize)]
struct AccountSize {
    account: &'static str,
    bytes: usize,
    rent_exempt_sol: f64,
}

#[derive(serde::Serialize)]
struct Report {
    sizes: Vec<SizeResult>,
    resolve_ratio_largest_to_smallest: f64,
    settle_ratio_largest_to_smallest: f64,
    accounts: Vec<AccountSize>,
    waterfall_tx_bytes_separate_payer: usize,
    waterfall_tx_bytes_keeper_pays: usize,
    packet_limit: usize,
}

fn tx_bytes(instructions: &[Instruction], payer: &Pubkey, signers: usize) -> usize {
    let message = solana_message::Message::new(instructions, Some(payer));
    let tx = Transaction { signatures: vec![Default::default(); signers.max(message.header.num_required_signatures as usize)], message };
    bincode::serialized_size(&tx).unwrap() as usize
}

/// How many positions one naive clawback transaction can write (a packet's worth of accounts).
fn naive_accounts_per_tx(payer: &Pubkey) -> usize {
    let naive = |n: usize| Instruction {
        program_id: Pubkey::new_unique(),
        accounts: (0..n).map(|_| AccountMeta::new(Pubkey::new_unique(), false)).collect(),
        data: vec![0; 16],
    };
    let mut n = 1;
    while tx_bytes(&[naive(n + 1)], payer, 1) <= PACKET {
        n += 1;
    }
    n
}

async fn run_size(n: u64) -> SizeResult {
    let started = std::time::Instant::now();
    let ScaleMarket { mut env, settler, feeder } = ScaleMarket::start(n, 1_000_000_000_000, 100_000_000_000).await;
    let k = env.keys;
    let seed_secs = started.elapsed().as_secs_f64();

    let keeper = env.wallet(0).await;
    let (mut resolve_cu, mut settle_cu) = (Vec::new(), Vec::new());
    for _ in 0..REPS {
        // A bankruptcy: a loser with 1,000,000 loses 6,000,000; the fund is empty, so all of
        // the 5,000,000 is clawed back from at-risk profit.
        let loser = env.trader(1_000_000).await;
        env.apply_pnl(&feeder.pubkey(), &loser.pubkey(), 6_000_000).await.unwrap();
        env.end_liquidation_window().await;
        let resolved = env.send(&[ix::resolve_shortfall(&k, &keeper.pubkey(), &loser.pubkey(), 0)], &[&keeper.keypair]).await.expect("waterfall");
        resolve_cu.push(program_compute_units(&resolved.logs)[0]);
        let settled = env.send(&[ix::settle(&k, &settler.pubkey())], &[&settler.keypair]).await.expect("settle");
        settle_cu.push(program_compute_units(&settled.logs)[0]);
    }
    env.assert_solvent(&[settler.pubkey(), feeder.pubkey()]).await;

    let per_tx = naive_accounts_per_tx(&env.payer().pubkey());
    SizeResult {
        positions: n,
        seed_secs,
        resolve_median_cu: median(resolve_cu.clone()),
        settle_median_cu: median(settle_cu.clone()),
        resolve_cu,
        settle_cu,
        naive_accounts_per_tx: per_tx,
        naive_transactions: (n as usize).div_ceil(per_tx),
        naive_account_writes: n,
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let out_dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "results".into()));
    std::fs::create_dir_all(&out_dir).unwrap();

    let mut sizes = Vec::new();
    for n in SIZES {
        eprintln!("== {n} positions");
        let result = run_size(n).await;
        eprintln!(
            "   market set up and seeded in {:.1}s; resolve {:?} CU, settle {:?} CU; naive: {} txs of {} accounts",
            result.seed_secs, result.resolve_cu, result.settle_cu, result.naive_transactions, result.naive_accounts_per_tx
        );
        sizes.push(result);
    }
    let ratio = |f: fn(&SizeResult) -> u64| f(sizes.last().unwrap()) as f64 / f(&sizes[0]) as f64;

    let rent = solana_rent::Rent::default();
    let sol = |bytes: usize| rent.minimum_balance(bytes) as f64 / 1e9;
    let accounts = [
        ("Market", 8 + Market::INIT_SPACE),
        ("InsuranceFund", 8 + InsuranceFund::INIT_SPACE),
        ("UserPosition", 8 + UserPosition::INIT_SPACE),
        ("ShortfallRecord", 8 + ShortfallRecord::INIT_SPACE),
        ("InsuranceStake", 8 + InsuranceStake::INIT_SPACE),
        ("token account (vaults)", 165),
    ]
    .into_iter()
    .map(|(account, bytes)| AccountSize { account, bytes, rent_exempt_sol: sol(bytes) })
    .collect::<Vec<_>>();

    let k = MarketKeys::new(Pubkey::new_unique(), &Pubkey::new_unique(), 1, anchor_spl::token::ID);
    let (keeper, payer) = (Pubkey::new_unique(), Pubkey::new_unique());
    let waterfall = [ix::resolve_shortfall(&k, &keeper, &Pubkey::new_unique(), 0)];
    let report = Report {
        resolve_ratio_largest_to_smallest: ratio(|r| r.resolve_median_cu),
        settle_ratio_largest_to_smallest: ratio(|r| r.settle_median_cu),
        sizes,
        accounts,
        waterfall_tx_bytes_separate_payer: tx_bytes(&waterfall, &payer, 2),
        waterfall_tx_bytes_keeper_pays: tx_bytes(&waterfall, &keeper, 1),
        packet_limit: PACKET,
    };
    std::fs::write(out_dir.join("bench.json"), serde_json::to_string_pretty(&report).unwrap()).unwrap();
    let markdown = render(&report);
    std::fs::write(out_dir.join("bench.md"), &markdown).unwrap();
    println!("{markdown}");
}

fn render(r: &Report) -> String {
    let mut s = String::new();
    s += "### Loss event and settlement cost against the number of positions (compute units, bytecode)\n\n";
    s += "| positions | resolve_shortfall (record + draw + clawback, 1 instruction), median CU | settle, median CU | naive clawback: account writes | accounts / tx | transactions |\n";
    s += "|---:|---:|---:|---:|---:|---:|\n";
    for x in &r.sizes {
        s += &format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            x.positions, x.resolve_median_cu, x.settle_median_cu, x.naive_account_writes, x.naive_accounts_per_tx, x.naive_transactions
        );
    }
    s += &format!(
        "\nRatio largest / smallest: loss event {:.2}, settlement {:.2}; naive clawback {} (transactions).\n",
        r.resolve_ratio_largest_to_smallest,
        r.settle_ratio_largest_to_smallest,
        r.sizes.last().unwrap().naive_transactions / r.sizes[0].naive_transactions
    );
    s += "\nCompute units as the runtime metered them on the program's bytecode (LiteSVM, agave 4.3), the same positions' totals and a fixed clock at every size, medians of five loss events; \
each event's units are listed in bench.json. The naive baseline is counted, not run.\n";
    s += "\n### Accounts\n\n| account | bytes | rent-exempt minimum (SOL) |\n|---|---:|---:|\n";
    for a in &r.accounts {
        s += &format!("| {} | {} | {:.8} |\n", a.account, a.bytes, a.rent_exempt_sol);
    }
    s += &format!(
        "\n### One-transaction waterfall\n\nresolve_shortfall (the whole waterfall, one instruction): {} bytes with a separate fee payer (2 signatures), {} bytes when the keeper pays; packet limit {}.\n",
        r.waterfall_tx_bytes_separate_payer, r.waterfall_tx_bytes_keeper_pays, r.packet_limit
    );
    s
}
