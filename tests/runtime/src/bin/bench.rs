//! Scale and cost benchmark: a loss event and a settlement cost the same with 10, 1,000 or
//! 100,000 open positions, against a naive clawback that must visit every profitable position.
//! Also reports account sizes and rent, and the size of the one-transaction waterfall.
//!
//! `./scripts/bench.sh` (runs this, then draws results/bench.png).
//!
//! Positions are written straight into the bank (creating 100,000 of them by transaction would
//! take too long); the loss events, settlements and the naive baseline are real transactions.
//! Times are wall-clock per transaction through the bank, program built natively (debug), so
//! they measure how cost scales with the number of positions, not on-chain compute units.

#![allow(deprecated)]

use anchor_lang::prelude::{AccountInfo, Pubkey};
use anchor_lang::solana_program::entrypoint::ProgramResult;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::{AccountSerialize, Space};
use lm_runtime_tests::*;
use loss_mutualization::state::*;
use solana_account::Account;
use solana_transaction::Transaction;
use std::time::Instant;

const SIZES: [usize; 3] = [10, 1_000, 100_000];
const REPS: usize = 5;
const PACKET: usize = 1_232;
const NAIVE_ID: Pubkey = Pubkey::new_from_array([7; 32]);

/// The baseline: charge every account it is given `loss * profit / total`, rounded up. This is
/// what a clawback without an index has to do for every profitable position.
fn naive_clawback(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let loss = u64::from_le_bytes(data[0..8].try_into().unwrap()) as u128;
    let total = u64::from_le_bytes(data[8..16].try_into().unwrap()) as u128;
    for account in accounts {
        if account.owner != program_id {
            return Err(anchor_lang::solana_program::program_error::ProgramError::IncorrectProgramId);
        }
        let mut bytes = account.try_borrow_mut_data()?;
        let profit = u64::from_le_bytes(bytes[0..8].try_into().unwrap()) as u128;
        let charge = (loss * profit).div_ceil(total);
        bytes[0..8].copy_from_slice(&((profit - charge) as u64).to_le_bytes());
    }
    Ok(())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

#[derive(serde::Serialize, Clone)]
struct SizeResult {
    positions: usize,
    seed_secs: f64,
    waterfall_ms: Vec<f64>,
    settle_ms: Vec<f64>,
    waterfall_median_ms: f64,
    settle_median_ms: f64,
    naive_accounts_per_tx: usize,
    naive_transactions: usize,
    naive_total_ms: f64,
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
    waterfall_ratio_largest_to_smallest: f64,
    settle_ratio_largest_to_smallest: f64,
    accounts: Vec<AccountSize>,
    waterfall_tx_bytes_separate_payer: usize,
    waterfall_tx_bytes_keeper_pays: usize,
    packet_limit: usize,
}

fn position_bytes(market: &Market, market_key: Pubkey, owner: Pubkey, principal: u64, profit: u64) -> Vec<u8> {
    let mut position = UserPosition::opened(market_key, market, owner, 255);
    position.principal = principal;
    position.realized_pnl = profit as i64;
    let mut data = Vec::with_capacity(8 + UserPosition::INIT_SPACE);
    position.try_serialize(&mut data).unwrap();
    data
}

fn tx_bytes(instructions: &[Instruction], payer: &Pubkey, signers: usize) -> usize {
    let message = solana_message::Message::new(instructions, Some(payer));
    let tx = Transaction { signatures: vec![Default::default(); signers.max(message.header.num_required_signatures as usize)], message };
    bincode::serialized_size(&tx).unwrap() as usize
}

async fn run_size(n: usize) -> SizeResult {
    // The naive baseline is a host-compiled builtin, so this benchmark runs natively.
    let chain = Chain::start_native(|pt| {
        pt.add_program("naive_clawback", NAIVE_ID, solana_program_test::processor!(naive_clawback));
    })
    .await;
    let mut env = TestEnv::start_on(chain, TokenKind::SplToken, default_params()).await;
    let k = env.keys;

    // The wallet whose settlement is timed, a real position with real profit.
    let settler = env.trader(1_000_000).await;
    let feeder = env.trader(1_000_000).await;
    env.apply_pnl(&settler.pubkey(), &feeder.pubkey(), 500_000).await.unwrap();

    // n profitable positions straight into the bank, plus the naive baseline's copies.
    let started = Instant::now();
    let mut market = env.market().await;
    let lamports = env.minimum_balance(8 + UserPosition::INIT_SPACE).await;
    let (mut principal_sum, mut profit_sum) = (0u64, 0u64);
    let mut naive_accounts = Vec::with_capacity(n);
    for i in 0..n {
        let owner = Pubkey::new_unique();
        let (principal, profit) = (1_000_000, 10_000 + (i as u64 % 97) * 1_000);
        let data = position_bytes(&market, k.market, owner, principal, profit);
        let account = Account { lamports, data, owner: loss_mutualization::ID, executable: false, rent_epoch: 0 };
        env.set_account(&k.position(&owner), account);
        let mut naive = vec![0u8; 8 + UserPosition::INIT_SPACE];
        naive[0..8].copy_from_slice(&profit.to_le_bytes());
        let naive_key = Pubkey::new_unique();
        let account = Account { lamports, data: naive, owner: NAIVE_ID, executable: false, rent_epoch: 0 };
        env.set_account(&naive_key, account);
        naive_accounts.push(naive_key);
        principal_sum += principal;
        profit_sum += profit;
    }
    market.principal_pool.add(principal_sum).unwrap();
    market.profit_pool.add(profit_sum).unwrap();
    market.position_count += n as u64;
    let mut market_account = env.account(&k.market).await.unwrap();
    market_account.data.clear();
    market.try_serialize(&mut market_account.data).unwrap();
    env.set_account(&k.market, market_account);
    // Back the seeded claims with real tokens in the vault.
    env.mint_to(&k.collateral_vault, principal_sum + profit_sum).await;
    let seed_secs = started.elapsed().as_secs_f64();
    let staker = env.wallet(10_000_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 10_000_000)], &[&staker.keypair]).await.unwrap();

    let keeper = env.wallet(0).await;
    let (mut waterfall_ms, mut settle_ms) = (Vec::new(), Vec::new());
    for _ in 0..REPS {
        // A bankruptcy (not timed): a loser with 1_000_000 loses 6_000_000.
        let loser = env.trader(1_000_000).await;
        env.apply_pnl(&feeder.pubkey(), &loser.pubkey(), 6_000_000).await.unwrap();
        env.end_liquidation_window().await;
        let ixs = [ix::resolve_shortfall(&k, &keeper.pubkey(), &loser.pubkey(), 0)];
        let t = Instant::now();
        env.send_exact(&ixs, &[&keeper.keypair]).await.expect("waterfall");
        waterfall_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        env.send_exact(&[ix::settle_clawback(&k, &settler.pubkey())], &[&settler.keypair]).await.expect("settle");
        settle_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    env.assert_solvent(&[settler.pubkey(), feeder.pubkey()]).await;

    // The naive clawback: as many accounts per transaction as fit in a packet.
    let payer = env.payer().pubkey();
    let naive_ix = |accounts: &[Pubkey]| Instruction {
        program_id: NAIVE_ID,
        accounts: accounts.iter().map(|key| AccountMeta::new(*key, false)).collect(),
        data: [1_000u64.to_le_bytes(), profit_sum.to_le_bytes()].concat(),
    };
    let mut per_tx = 1;
    while per_tx < naive_accounts.len() && tx_bytes(&[naive_ix(&naive_accounts[..per_tx + 1])], &payer, 1) <= PACKET {
        per_tx += 1;
    }
    let t = Instant::now();
    let mut transactions = 0;
    for chunk in naive_accounts.chunks(per_tx) {
        env.send_exact(&[naive_ix(chunk)], &[]).await.expect("naive clawback");
        transactions += 1;
    }
    let naive_total_ms = t.elapsed().as_secs_f64() * 1e3;

    SizeResult {
        positions: n,
        seed_secs,
        waterfall_median_ms: median(waterfall_ms.clone()),
        settle_median_ms: median(settle_ms.clone()),
        waterfall_ms,
        settle_ms,
        naive_accounts_per_tx: per_tx,
        naive_transactions: transactions,
        naive_total_ms,
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
            "   seeded in {:.1}s; waterfall {:.2} ms, settle {:.2} ms (medians of {REPS}); naive: {} txs of {} accounts, {:.0} ms",
            result.seed_secs, result.waterfall_median_ms, result.settle_median_ms,
            result.naive_transactions, result.naive_accounts_per_tx, result.naive_total_ms
        );
        sizes.push(result);
    }
    let ratio = |f: fn(&SizeResult) -> f64| f(sizes.last().unwrap()) / f(&sizes[0]);

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
        waterfall_ratio_largest_to_smallest: ratio(|r| r.waterfall_median_ms),
        settle_ratio_largest_to_smallest: ratio(|r| r.settle_median_ms),
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
    s += "### Loss event and settlement cost against the number of positions\n\n";
    s += "| positions | resolve_shortfall (record + draw + socialize, 1 instruction), median ms | settle_clawback, median ms | naive clawback: txs | accounts / tx | naive total ms |\n";
    s += "|---:|---:|---:|---:|---:|---:|\n";
    for x in &r.sizes {
        s += &format!(
            "| {} | {:.2} | {:.2} | {} | {} | {:.0} |\n",
            x.positions, x.waterfall_median_ms, x.settle_median_ms, x.naive_transactions, x.naive_accounts_per_tx, x.naive_total_ms
        );
    }
    s += &format!(
        "\nRatio largest / smallest: loss event {:.2}, settlement {:.2}; naive clawback {:.0}.\n",
        r.waterfall_ratio_largest_to_smallest,
        r.settle_ratio_largest_to_smallest,
        r.sizes.last().unwrap().naive_total_ms / r.sizes[0].naive_total_ms
    );
    s += "\nTimes are wall-clock per transaction through the bank with the program run natively (debug build). \
Compute units cannot be measured this way (a native program is not metered); no instruction loops over positions.\n";
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
