//! Loss index, shares and rounding: every input is a pool scenario checked against exact
//! big-rational shares (`loss_mutualization::math::check::run`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    loss_mutualization::math::check::run(data);
});
