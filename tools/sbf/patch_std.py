#!/usr/bin/env python3
"""Teach Debian's rust-web std sources (1.96) about `target_os = "solana"` for the experimental
SBF build. SBPF programs may not have writable statics, and there is no OS underneath: std is
built in its "unsupported platform" shape (like zkvm / vexos), with no thread-local hash keys and
a System allocator that is never used (Anchor's entrypoint brings its own #[global_allocator]).
Idempotent: re-running it changes nothing. Usage: patch_std.py <.../library/std/src>."""
import pathlib
import sys

std = pathlib.Path(sys.argv[1])
MARK = 'target_os = "solana"'


def edit(rel, old, new, count=1):
    path = std / rel
    text = path.read_text()
    if new in text:
        return
    assert text.count(old) >= count, f"{rel}: pattern not found: {old!r}"
    path.write_text(text.replace(old, new, count))


# Unsupported-platform lists: add solana beside zkvm / vexos.
edit("sys/io/error/mod.rs", '        target_os = "zkvm",\n', '        target_os = "zkvm",\n        target_os = "solana",\n')
edit("sys/thread_local/mod.rs", '        target_os = "zkvm",\n        target_os = "trusty",', '        target_os = "zkvm",\n        target_os = "solana",\n        target_os = "trusty",')
edit("sys/thread_local/mod.rs", '            target_os = "zkvm",\n            target_os = "trusty",', '            target_os = "zkvm",\n            target_os = "solana",\n            target_os = "trusty",')
random = (std / "sys/random/mod.rs").read_text()
if MARK not in random:
    (std / "sys/random/mod.rs").write_text(random.replace('target_os = "vexos",\n', 'target_os = "vexos",\n    target_os = "solana",\n'))

# The allocator: 8-byte minimum alignment on BPF, and a System that is never called.
edit("sys/alloc/mod.rs", '    target_arch = "x86",\n    target_arch = "arm",', '    target_arch = "x86",\n    target_arch = "bpf",\n    target_arch = "arm",')
edit("sys/alloc/mod.rs", '    target_os = "zkvm" => {\n        mod zkvm;\n    }\n', '    target_os = "zkvm" => {\n        mod zkvm;\n    }\n    target_os = "solana" => {\n        mod solana;\n    }\n')
(std / "sys/alloc/solana.rs").write_text('''//! SBF programs bring their own #[global_allocator]; System is never called.
use crate::alloc::{GlobalAlloc, Layout, System};

#[stable(feature = "alloc_system_type", since = "1.28.0")]
unsafe impl GlobalAlloc for System {
    #[inline]
    unsafe fn alloc(&self, _layout: Layout) -> *mut u8 {
        crate::ptr::null_mut()
    }
    #[inline]
    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}
''')

# HashMap keys: fixed on solana (no thread-local static to hold them; programs are
# deterministic anyway).
edit(
    "hash/random.rs",
    "        thread_local!(static KEYS: Cell<(u64, u64)> = {",
    '        #[cfg(target_os = "solana")]\n        {\n            return RandomState { k0: 0, k1: 0 };\n        }\n        #[cfg(not(target_os = "solana"))]\n        thread_local!(static KEYS: Cell<(u64, u64)> = {',
)
edit("hash/random.rs", "        KEYS.with(|keys| {\n            let (k0, k1) = keys.get();", '        #[cfg(not(target_os = "solana"))]\n        KEYS.with(|keys| {\n            let (k0, k1) = keys.get();')
print("std patched for target_os = solana")
