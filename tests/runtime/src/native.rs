//! Running the Anchor program natively inside the real Solana runtime.
//!
//! No SBF binary can be built on these machines (see README), so the program is registered as
//! a builtin of `solana-program-test`'s bank. Two pieces make that faithful:
//!
//! - `process_instruction` adapts Anchor's `entry` (one lifetime for all arguments) to the
//!   runtime's builtin signature.
//! - Events: on chain `emit!` logs `Program data: <base64>`. Natively the program routes the
//!   same payload through the syscall stubs (`events::emit_event`), and [`EventLogStubs`] writes
//!   it into the transaction's log collector, so logs look exactly as on chain and Anchor's
//!   event parsers work unchanged.

use anchor_lang::prelude::{AccountInfo, Pubkey};
use anchor_lang::solana_program::entrypoint::ProgramResult;
use solana_program_runtime::stable_log;
use solana_program_test::{
    get_runtime_environment_key, invoke_builtin_function, EbpfError, EbpfVm, InvokeContext, ProgramTest,
};
use solana_svm_log_collector::LogCollector;
use solana_sysvar::program_stubs::{set_syscall_stubs, SyscallStubs};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Once;

thread_local! {
    /// Log collector of the transaction that is running the program on this thread.
    static LOG_COLLECTOR: RefCell<Option<Rc<RefCell<LogCollector>>>> = const { RefCell::new(None) };
}

fn process_instruction(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    // SAFETY: the runtime keeps the id, accounts and data alive for the whole call; Anchor's
    // `entry` only asks for them to share one lifetime.
    let (program_id, accounts, data): (&Pubkey, &[AccountInfo], &[u8]) =
        unsafe { std::mem::transmute((program_id, accounts, data)) };
    loss_mutualization::entry(program_id, accounts, data)
}

/// Register the program natively (and prefer native builtins for it).
pub fn add_program(program_test: &mut ProgramTest) {
    program_test.prefer_bpf(false);
    program_test.add_program(
        "loss_mutualization",
        loss_mutualization::ID,
        Some(|vm, _arg0, _arg1, _arg2, _arg3, _arg4| {
            // Same as solana_program_test::processor!, plus keeping the log collector at hand.
            let vm = unsafe {
                &mut *((vm as *mut u64).offset(-(get_runtime_environment_key() as isize))
                    as *mut EbpfVm<InvokeContext>)
            };
            let log_collector = vm.context_object_pointer.get_log_collector();
            LOG_COLLECTOR.with(|cell| *cell.borrow_mut() = log_collector);
            vm.program_result = invoke_builtin_function(process_instruction, vm.context_object_pointer)
                .map_err(EbpfError::SyscallError)
                .into();
            LOG_COLLECTOR.with(|cell| *cell.borrow_mut() = None);
        }),
    );
}

/// Install [`EventLogStubs`] over the stubs solana-program-test installed. Call after the first
/// `ProgramTest::start*` (which installs its own stubs once per process).
pub fn install_event_log_stubs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        struct Placeholder;
        impl SyscallStubs for Placeholder {}
        let inner = set_syscall_stubs(Box::new(Placeholder));
        set_syscall_stubs(Box::new(EventLogStubs { inner }));
    });
}

/// Delegates every syscall to solana-program-test's stubs, except `sol_log_data`, which it
/// writes to the transaction log as `Program data: ...` like the on-chain syscall does.
struct EventLogStubs {
    inner: Box<dyn SyscallStubs>,
}

impl SyscallStubs for EventLogStubs {
    fn sol_log_data(&self, fields: &[&[u8]]) {
        LOG_COLLECTOR.with(|cell| stable_log::program_data(&cell.borrow(), fields));
    }
    fn sol_log(&self, message: &str) {
        self.inner.sol_log(message)
    }
    fn sol_log_compute_units(&self) {
        self.inner.sol_log_compute_units()
    }
    fn sol_remaining_compute_units(&self) -> u64 {
        self.inner.sol_remaining_compute_units()
    }
    fn sol_invoke_signed(
        &self,
        instruction: &anchor_lang::solana_program::instruction::Instruction,
        account_infos: &[AccountInfo],
        signers_seeds: &[&[&[u8]]],
    ) -> ProgramResult {
        self.inner.sol_invoke_signed(instruction, account_infos, signers_seeds)
    }
    fn sol_get_sysvar(&self, sysvar_id_addr: *const u8, var_addr: *mut u8, offset: u64, length: u64) -> u64 {
        self.inner.sol_get_sysvar(sysvar_id_addr, var_addr, offset, length)
    }
    fn sol_get_clock_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_clock_sysvar(var_addr)
    }
    fn sol_get_epoch_schedule_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_epoch_schedule_sysvar(var_addr)
    }
    fn sol_get_fees_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_fees_sysvar(var_addr)
    }
    fn sol_get_rent_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_rent_sysvar(var_addr)
    }
    fn sol_get_epoch_rewards_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_epoch_rewards_sysvar(var_addr)
    }
    fn sol_get_last_restart_slot(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_last_restart_slot(var_addr)
    }
    fn sol_get_epoch_stake(&self, vote_address: *const u8) -> u64 {
        self.inner.sol_get_epoch_stake(vote_address)
    }
    unsafe fn sol_memcpy(&self, dst: *mut u8, src: *const u8, n: usize) {
        self.inner.sol_memcpy(dst, src, n)
    }
    unsafe fn sol_memmove(&self, dst: *mut u8, src: *const u8, n: usize) {
        self.inner.sol_memmove(dst, src, n)
    }
    unsafe fn sol_memcmp(&self, s1: *const u8, s2: *const u8, n: usize, result: *mut i32) {
        self.inner.sol_memcmp(s1, s2, n, result)
    }
    unsafe fn sol_memset(&self, s: *mut u8, c: u8, n: usize) {
        self.inner.sol_memset(s, c, n)
    }
    fn sol_get_return_data(&self) -> Option<(Pubkey, Vec<u8>)> {
        self.inner.sol_get_return_data()
    }
    fn sol_set_return_data(&self, data: &[u8]) {
        self.inner.sol_set_return_data(data)
    }
    fn sol_get_processed_sibling_instruction(
        &self,
        index: usize,
    ) -> Option<anchor_lang::solana_program::instruction::Instruction> {
        self.inner.sol_get_processed_sibling_instruction(index)
    }
    fn sol_get_stack_height(&self) -> u64 {
        self.inner.sol_get_stack_height()
    }
}

/// Make native logs read like on-chain logs. A natively run builtin is announced twice (by the
/// runtime and by solana-program-test's shim), and CPIs from it once more at the caller's depth:
/// drop a repeated `invoke` / `success` / `failed` line and keep the runtime's `invoke [n]`.
pub fn normalize_logs(logs: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(logs.len());
    for line in logs {
        let is_frame = line.starts_with("Program ")
            && (line.contains(" invoke [") || line.ends_with(" success") || line.contains(" failed: "));
        if let Some(last) = out.last_mut() {
            if is_frame && *last == line {
                continue;
            }
            // "Program X invoke [1]" then "Program X invoke [2]": keep the runtime's depth.
            if let (Some(a), Some(b)) = (last.split_once(" invoke ["), line.split_once(" invoke [")) {
                if a.0 == b.0 {
                    *last = line;
                    continue;
                }
            }
        }
        out.push(line);
    }
    out
}
