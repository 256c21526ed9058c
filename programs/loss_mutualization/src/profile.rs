//! Compute-unit profile points (`cu-profile` feature only; no code otherwise). Each `cu_mark!()`
//! logs `Program consumption: N units remaining`, so the units spent between two marks, and
//! before the first (Anchor's entry: input, accounts, `validate`) and after the last (Anchor's
//! exit: writing accounts back), can be read off one transaction's logs. A mark itself costs
//! 100 CU (the syscall's base cost). `scripts/cu-profile.sh` builds the profiled bytecode and
//! prints the table.

#[cfg(all(feature = "cu-profile", target_os = "solana"))]
pub fn mark() {
    // SAFETY: a syscall without arguments.
    unsafe { solana_define_syscall::definitions::sol_log_compute_units_() }
}

#[cfg(all(feature = "cu-profile", not(target_os = "solana")))]
pub fn mark() {}

/// A profile point (see the module).
#[macro_export]
macro_rules! cu_mark {
    () => {
        #[cfg(feature = "cu-profile")]
        $crate::profile::mark();
    };
}
