//! Test vectors of the money math, generated here from the program's own functions and checked
//! in at `tests/vectors/math.json`. The TypeScript SDK's port (`app/src/math.ts`) is tested
//! against the same file (`tests/math_vectors.spec.ts`), so the two cannot drift apart: a change
//! here fails this test until the file is regenerated (`LM_WRITE_VECTORS=1 cargo test -p
//! loss_mutualization vectors`), and then fails the TypeScript test until the port follows.
//!
//! Inputs: edge values (0, 1, u64::MAX, whole-pool losses, factors at the rescale threshold,
//! snapshots several scales or epochs behind, empty and wiped-out funds) and seeded random
//! values (splitmix, `check::Rng`), small and huge alike. Amounts are decimal strings.

use super::check::Rng;
use super::insurance_shares::{shares_for_deposit, value_of_shares};
use super::loss_index::{LossIndex, LossPool};
use super::rate_limit::refilled_allowance;
use super::waterfall::*;
use super::constants::*;
use anchor_lang::prelude::Result;

fn error_name(error: anchor_lang::error::Error) -> String {
    match error {
        anchor_lang::error::Error::AnchorError(e) => e.error_name,
        other => format!("{other:?}"),
    }
}

fn index_json(i: &LossIndex) -> String {
    format!(r#"{{"factor":"{}","scale":{},"epoch":{}}}"#, i.factor, i.scale, i.epoch)
}

fn outcome<T>(result: Result<T>, ok: impl FnOnce(T) -> String) -> String {
    match result {
        Ok(value) => format!(r#""out":{}"#, ok(value)),
        Err(e) => format!(r#""error":"{}""#, error_name(e)),
    }
}

/// An index somewhere along its life: after a few losses, maybe rescaled, maybe in a later epoch.
fn random_index(rng: &mut Rng) -> LossIndex {
    let mut index = LossIndex { factor: INDEX_ONE, scale: 0, epoch: rng.below(3) as u32 };
    for _ in 0..rng.below(6) {
        let total = rng.amount(u64::MAX / 4).max(2);
        let loss = rng.below(total);
        index = index.after_loss(total, loss).unwrap();
    }
    index
}

fn vectors() -> String {
    let mut rng = Rng::new(0x1055_0f_5eed);
    let mut sections: Vec<(&str, Vec<String>)> = Vec::new();

    // LossIndex::after_loss
    let mut rows = Vec::new();
    let mut edge = vec![
        (LossIndex::INITIAL, 1, 0),
        (LossIndex::INITIAL, 1, 1),
        (LossIndex::INITIAL, 2, 1),
        (LossIndex::INITIAL, 5, 6),
        (LossIndex::INITIAL, u64::MAX, u64::MAX - 1),
        (LossIndex::INITIAL, u64::MAX, 1),
        (LossIndex { factor: INDEX_RESCALE_THRESHOLD, scale: 4, epoch: 2 }, 3, 1),
        (LossIndex { factor: INDEX_RESCALE_THRESHOLD + 1, scale: 0, epoch: 0 }, 1_000_000_000, 1),
    ];
    for _ in 0..60 {
        let total = rng.amount(u64::MAX);
        let loss = if rng.below(10) == 0 { total } else { rng.below(total.saturating_add(1)) };
        edge.push((random_index(&mut rng), total, loss));
    }
    for (index, total, loss) in edge {
        let result = index.after_loss(total, loss);
        rows.push(format!(
            r#"{{"index":{},"total":"{total}","loss":"{loss}",{}}}"#,
            index_json(&index),
            outcome(result, |i| index_json(&i))
        ));
    }
    sections.push(("after_loss", rows));

    // LossIndex::remaining
    let mut rows = Vec::new();
    let mut cases = vec![
        (LossIndex::INITIAL, 0, LossIndex::INITIAL),
        (LossIndex::INITIAL, u64::MAX, LossIndex::INITIAL),
        (LossIndex { factor: INDEX_ONE, scale: 0, epoch: 1 }, 100, LossIndex::INITIAL),
        (LossIndex::INITIAL, 100, LossIndex { factor: INDEX_ONE, scale: 0, epoch: 1 }),
        (LossIndex { factor: INDEX_ONE / 2, scale: 4, epoch: 0 }, u64::MAX, LossIndex::INITIAL),
        (LossIndex { factor: INDEX_ONE / 2, scale: 3, epoch: 0 }, u64::MAX, LossIndex::INITIAL),
        (LossIndex { factor: INDEX_ONE / 2, scale: 0, epoch: 0 }, 7, LossIndex { factor: INDEX_ONE / 3, scale: 0, epoch: 0 }),
    ];
    for _ in 0..80 {
        let snapshot = random_index(&mut rng);
        let mut now = snapshot;
        for _ in 0..rng.below(5) {
            let total = rng.amount(u64::MAX / 4).max(2);
            now = now.after_loss(total, rng.below(total + 1)).unwrap();
        }
        cases.push((now, rng.amount(u64::MAX), snapshot));
    }
    for (now, amount, snapshot) in cases {
        rows.push(format!(
            r#"{{"now":{},"amount":"{amount}","snapshot":{},{}}}"#,
            index_json(&now),
            index_json(&snapshot),
            outcome(now.remaining(amount, snapshot), |left| format!(r#""{left}""#))
        ));
    }
    sections.push(("remaining", rows));

    // LossPool::absorb then settle of one holder, with and without the dust release.
    let mut rows = Vec::new();
    for case in 0..60 {
        let mut pool = LossPool::new();
        let holders: Vec<u64> = (0..1 + rng.below(4)).map(|_| rng.amount(u64::MAX / 8)).collect();
        let snapshot = pool.index;
        for &h in &holders {
            pool.add(h).unwrap();
        }
        let loss = rng.below(pool.total + 1);
        pool.absorb(loss).unwrap();
        // Earlier holders may have settled already (their charges are in `collected`).
        for &h in holders.iter().skip(1).take(rng.below(holders.len() as u64) as usize) {
            pool.settle(h, snapshot, true).unwrap();
        }
        let before = pool;
        let release_dust = case % 3 != 0;
        let result = pool.settle(holders[0], snapshot, release_dust);
        rows.push(format!(
            r#"{{"pool":{},"amount":"{}","snapshot":{},"release_dust":{release_dust},{}}}"#,
            pool_json(&before),
            holders[0],
            index_json(&snapshot),
            outcome(result, |s| format!(
                r#"{{"remaining":"{}","charge":"{}","dust_released":"{}","pool":{}}}"#,
                s.remaining,
                s.charge,
                s.dust_released,
                pool_json(&pool)
            ))
        ));
    }
    sections.push(("settle", rows));

    // Insurance shares.
    let mut rows = Vec::new();
    let mut cases = vec![(1u64, 0u64, 0u128), (u64::MAX, 0, 0), (1, u64::MAX, 1), (10, 1_000_001, 1_000_000), (5, 0, 1_000_000_000_000)];
    for _ in 0..40 {
        cases.push((rng.amount(u64::MAX / 4), rng.amount(u64::MAX / 4) - 1, rng.amount(u64::MAX) as u128 * rng.amount(1_000_000) as u128));
    }
    for (amount, balance, total_shares) in cases {
        let minted = shares_for_deposit(amount, balance, total_shares);
        let value = value_of_shares(total_shares, balance, total_shares);
        rows.push(format!(
            r#"{{"amount":"{amount}","balance":"{balance}","total_shares":"{total_shares}","shares_minted":{},"value_of_total":{}}}"#,
            outcome_value(minted.map(|s| s.to_string())),
            outcome_value(value.map(|v| v.to_string()))
        ));
    }
    sections.push(("insurance_shares", rows));

    // The waterfall decisions.
    let mut rows = Vec::new();
    for _ in 0..60 {
        let (profit, principal, amount) = (rng.amount(u64::MAX / 4), rng.amount(u64::MAX / 4) - 1, rng.amount(u64::MAX / 2));
        let split = split_position_loss(profit, principal, amount);
        let (open, fund, cap, allowance) = (split.shortfall, rng.amount(u64::MAX) - 1, rng.amount(u64::MAX), rng.amount(u64::MAX) - 1);
        let drawn = insurance_draw(open, fund, cap, allowance);
        let (window_secs, window_start, drawn_before, now) =
            (1 + rng.below(86_400) as i64, if rng.below(3) == 0 { 0 } else { 1_700_000_000 + rng.below(1_000) as i64 }, rng.amount(cap), 1_700_000_000 + rng.below(200_000) as i64);
        let event_cap = event_cap_left(cap, window_secs, window_start, drawn_before, now);
        let (at_risk, all_principal) = (rng.amount(u64::MAX / 4) - 1, rng.amount(u64::MAX / 4) - 1);
        let uncovered = outcome(split_uncovered_loss(open - drawn, at_risk, all_principal), |x| {
            format!(r#"{{"clawback":"{}","haircut":"{}"}}"#, x.clawback, x.haircut)
        });
        let refilled = outcome_value(refilled_allowance(allowance.min(cap), 0, cap, window_secs, window_start, now).map(|r| r.amount.to_string()));
        rows.push(format!(
            concat!(
                r#"{{"profit":"{}","principal":"{}","amount":"{}","split":{{"from_profit":"{}","from_principal":"{}","shortfall":"{}"}},"#,
                r#""fund":"{}","cap":"{}","allowance":"{}","drawn":"{}","#,
                r#""window_secs":{},"window_start":{},"drawn_before":"{}","now":{},"event_cap":{{"left":"{}","window_start":{},"drawn":"{}"}},"#,
                r#""socialize":{{"loss":"{}","at_risk":"{}","all_principal":"{}",{}}},"refilled":{}}}"#
            ),
            profit, principal, amount, split.from_profit, split.from_principal, split.shortfall,
            fund, cap, allowance, drawn,
            window_secs, window_start, drawn_before, now, event_cap.left, event_cap.window_start, event_cap.drawn,
            open - drawn, at_risk, all_principal, uncovered,
            refilled
        ));
    }
    sections.push(("waterfall", rows));

    let body: Vec<String> = sections
        .into_iter()
        .map(|(name, rows)| format!("  \"{name}\": [\n    {}\n  ]", rows.join(",\n    ")))
        .collect();
    format!("{{\n{}\n}}\n", body.join(",\n"))
}

fn outcome_value(result: Result<String>) -> String {
    match result {
        Ok(v) => format!(r#"{{"ok":"{v}"}}"#),
        Err(e) => format!(r#"{{"error":"{}"}}"#, error_name(e)),
    }
}

fn pool_json(p: &LossPool) -> String {
    format!(
        r#"{{"total":"{}","index":{},"absorbed":"{}","collected":"{}","dust_released":"{}"}}"#,
        p.total,
        index_json(&p.index),
        p.absorbed,
        p.collected,
        p.dust_released
    )
}

#[test]
fn vectors_match_the_committed_file() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/math.json");
    let generated = vectors();
    if std::env::var_os("LM_WRITE_VECTORS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "tests/vectors/math.json is out of date: LM_WRITE_VECTORS=1 cargo test -p loss_mutualization vectors"
    );
}
