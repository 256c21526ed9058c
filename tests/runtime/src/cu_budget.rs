//! Compute-unit budgets: every successful top-level or CPI call of the program that any runtime
//! test makes on the bytecode is checked against its instruction's budget here, so a change that
//! makes an instruction costlier fails the suite. Each budget is the worst case measured over
//! the whole suite plus 5%, rounded up to the next 500 CU; the goal beside it is what issue 17 asked
//! for (README, "Compute units", explains the gap where a budget is above its goal). An
//! instruction that creates a PDA searches for its bump (1,500 CU a round, the number of rounds
//! depending on the random keys of the test), so its budget allows 12 rounds (18k CU) more per
//! PDA than the worst seen instead.
//! `LM_CU_RECORD=<file>` appends `<Instruction> <units>` for every call, to remeasure.

/// (instruction as Anchor logs it, goal if issue 17 set one, budget).
pub const BUDGETS: &[(&str, Option<u64>, u64)] = &[
    ("InitializeMarket", None, 130_000),
    ("SetPause", None, 4_000),
    ("ProposeChange", None, 48_000),
    ("ApplyChange", None, 8_500),
    ("CancelChange", None, 7_000),
    ("RaiseNotice", None, 3_500),
    ("OpenPosition", Some(12_000), 42_500),
    ("Deposit", Some(10_000), 12_500),
    ("Withdraw", Some(10_000), 13_000),
    ("SetMargin", None, 4_500),
    ("ApplyPnl", Some(8_000), 14_000),
    ("Settle", Some(5_000), 7_000),
    ("ReleaseProfit", Some(6_000), 8_500),
    ("ResolveShortfall", Some(15_000), 23_000),
    ("SweepDust", None, 9_000),
    ("Stake", Some(12_000), 46_000),
    ("FundInsurance", Some(8_000), 8_000),
    ("RequestUnstake", None, 5_500),
    ("CancelUnstake", None, 4_500),
    ("Unstake", Some(10_000), 10_500),
];

/// One call of the program (top-level or through CPI), from a transaction's logs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramCall {
    /// As Anchor logs it (`Program log: Instruction: <name>`); none if it failed before that.
    pub instruction: Option<String>,
    /// From its `Program <id> consumed N of M compute units` line.
    pub units: u64,
    pub succeeded: bool,
}

/// Every call of the program in `logs` that reported its compute units, in the order they
/// ended (a CPI's callee before its caller).
pub fn program_calls(logs: &[String]) -> Vec<ProgramCall> {
    let program = loss_mutualization::ID.to_string();
    // The invocations open at this line: program id, instruction name, index of its call.
    let mut stack: Vec<(String, Option<String>, Option<usize>)> = vec![];
    let mut calls: Vec<ProgramCall> = vec![];
    for rest in logs.iter().filter_map(|line| line.strip_prefix("Program ")) {
        if let Some((id, _)) = rest.split_once(" invoke [") {
            stack.push((id.to_string(), None, None));
        } else if let Some(name) = rest.strip_prefix("log: Instruction: ") {
            if let Some(top) = stack.last_mut().filter(|top| top.0 == program && top.1.is_none()) {
                top.1 = Some(name.to_string());
            }
        } else if let Some((id, rest)) = rest.split_once(" consumed ") {
            let units = rest.split_once(" of ").and_then(|(units, _)| units.parse().ok());
            if let (Some(top), Some(units)) = (stack.last_mut().filter(|top| top.0 == id && id == program), units) {
                top.2 = Some(calls.len());
                calls.push(ProgramCall { instruction: top.1.clone(), units, succeeded: false });
            }
        } else if rest.ends_with(" success") || rest.contains(" failed") {
            if let Some((_, _, Some(call))) = stack.pop() {
                calls[call].succeeded = rest.ends_with(" success");
            }
        }
    }
    calls
}

/// Check every successful call of the program in `logs` against its budget (and record it
/// with `LM_CU_RECORD`).
pub fn check(logs: &[String]) {
    for call in program_calls(logs).into_iter().filter(|call| call.succeeded) {
        let (Some(name), units) = (call.instruction, call.units) else { continue };
        if let Some(path) = std::env::var_os("LM_CU_RECORD") {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path).expect("LM_CU_RECORD");
            // One write per line: tests run in parallel threads.
            file.write_all(format!("{name} {units}\n").as_bytes()).expect("LM_CU_RECORD");
        }
        let budget = BUDGETS.iter().find(|(n, _, _)| *n == name).map(|(_, _, budget)| *budget);
        let budget = budget.unwrap_or_else(|| panic!("no compute-unit budget for {name} (cu_budget.rs)"));
        assert!(units <= budget, "{name} used {units} CU, over its budget of {budget} (cu_budget.rs): {logs:#?}");
    }
}
