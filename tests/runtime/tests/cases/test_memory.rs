//! Stack and heap use of the bytecode, per instruction, measured from the VM's traces
//! (`lm_runtime_tests::memory`), against SBPF v3's limits: 4 KiB per stack frame, 64 frames,
//! a 32 KiB heap.

use lm_runtime_tests::chain::{program_so, BytecodeChain};
use lm_runtime_tests::memory::{MemoryUse, HEAP_BYTES, MAX_CALL_DEPTH, STACK_FRAME_BYTES};
use lm_runtime_tests::*;
use loss_mutualization::state::MarketParams;
use anchor_lang::solana_program::instruction::Instruction;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Largest share of a limit an instruction may use: the margin left for data the tests do not
/// reach (longer account lists, bigger amounts) and for toolchain differences.
const MAX_SHARE_PERCENT: u64 = 75;

struct Measured {
    seen: Arc<Mutex<Vec<MemoryUse>>>,
    by_instruction: BTreeMap<&'static str, MemoryUse>,
}

impl Measured {
    /// Attribute what the program used since the last call to `name`.
    fn record(&mut self, name: &'static str) {
        let used: Vec<MemoryUse> = self.seen.lock().unwrap().drain(..).collect();
        assert!(!used.is_empty(), "{name}: the program did not run");
        let entry = self.by_instruction.entry(name).or_default();
        *entry = used.into_iter().fold(*entry, MemoryUse::max);
    }
}

async fn run(env: &mut TestEnv, instructions: &[Instruction], signers: &[&Keypair]) {
    env.send(instructions, signers).await.expect("instruction");
}

#[tokio::test]
async fn stack_and_heap_stay_within_the_vm_limits_with_margin() {
    if Runtime::from_env() == Runtime::Native {
        println!("memory is measured on the bytecode only (LM_RUNTIME=native)");
        return;
    }
    let (chain, seen) = BytecodeChain::measured(&program_so());
    // A small per-event cap: the loss below is split between the fund and a clawback, and the
    // fund keeps value for the unstake at the end.
    let params = MarketParams { max_draw_per_event: 5_000, ..default_params() };
    let mut env = TestEnv::start_on(Chain::Bytecode(Box::new(chain)), TokenKind::SplToken, params).await;
    let mut m = Measured { seen, by_instruction: BTreeMap::new() };
    m.record("initialize_market");
    let k = env.keys;

    let [winner, loser] = [env.wallet(1_000_000).await, env.wallet(100_000).await];
    for w in [&winner, &loser] {
        run(&mut env, &[ix::open_position(&k, &w.pubkey())], &[&w.keypair]).await;
        m.record("open_position");
        run(&mut env, &[ix::deposit(&k, &w.pubkey(), &w.token_account, 100_000)], &[&w.keypair]).await;
        m.record("deposit");
    }
    let staker = env.wallet(1_000_000).await;
    run(&mut env, &[ix::stake(&k, &staker.pubkey(), &staker.token_account, 50_000)], &[&staker.keypair]).await;
    m.record("stake");
    run(&mut env, &[ix::fund_insurance(&k, &staker.pubkey(), &staker.token_account, 1_000)], &[&staker.keypair]).await;
    m.record("fund_insurance");
    let clearing = env.clearing.insecure_clone();
    run(&mut env, &[ix::set_margin(&k, &clearing.pubkey(), &winner.pubkey(), 1)], &[&clearing]).await;
    m.record("set_margin");
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 10_000).await.unwrap();
    m.record("apply_pnl");
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 200_000).await.unwrap();
    m.record("apply_pnl");
    env.resolve_shortfall(&loser.pubkey()).await.1.unwrap();
    m.record("resolve_shortfall");
    run(&mut env, &[ix::settle(&k, &winner.pubkey())], &[&winner.keypair]).await;
    m.record("settle");
    env.warp(MATURED_AFTER).await;
    run(&mut env, &[ix::release_profit(&k, &winner.pubkey())], &[&winner.keypair]).await;
    m.record("release_profit");
    run(&mut env, &[ix::withdraw(&k, &winner.pubkey(), &winner.token_account, 50_000)], &[&winner.keypair]).await;
    m.record("withdraw");
    let shares = env.stake_account(&staker.pubkey()).await.shares;
    run(&mut env, &[ix::request_unstake(&k, &staker.pubkey(), shares / 2)], &[&staker.keypair]).await;
    m.record("request_unstake");
    run(&mut env, &[ix::cancel_unstake(&k, &staker.pubkey())], &[&staker.keypair]).await;
    m.record("cancel_unstake");
    run(&mut env, &[ix::request_unstake(&k, &staker.pubkey(), shares / 2)], &[&staker.keypair]).await;
    m.record("request_unstake");
    env.warp(8 * 86_400).await;
    run(&mut env, &[ix::unstake(&k, &staker.pubkey(), &staker.token_account)], &[&staker.keypair]).await;
    m.record("unstake");
    let admin = env.admin.insecure_clone();
    run(&mut env, &[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin]).await;
    m.record("set_pause");

    println!("| instruction | deepest stack frame (bytes of {STACK_FRAME_BYTES}) | stack arguments (bytes) | call depth (of {MAX_CALL_DEPTH}) | heap (bytes of {HEAP_BYTES}) |");
    println!("|---|---:|---:|---:|---:|");
    for (name, used) in &m.by_instruction {
        println!("| {name} | {} | {} | {} | {} |", used.frame_bytes, used.argument_bytes, used.call_depth, used.heap_bytes);
    }
    for (name, used) in &m.by_instruction {
        assert!(used.frame_bytes > 0 && used.heap_bytes > 0 && used.call_depth > 0, "{name}: nothing measured: {used:?}");
        // A frame holds the function's locals and, at its bottom, the arguments its caller
        // passed on the stack.
        let frame = used.frame_bytes + used.argument_bytes;
        assert!(frame * 100 <= STACK_FRAME_BYTES * MAX_SHARE_PERCENT, "{name}: stack frame {used:?}");
        assert!(used.call_depth * 100 <= MAX_CALL_DEPTH * MAX_SHARE_PERCENT, "{name}: call depth {used:?}");
        assert!(used.heap_bytes * 100 <= HEAP_BYTES * MAX_SHARE_PERCENT, "{name}: heap {used:?}");
    }
}
