//! Build the Anchor IDL of the program on the host and write it to `idl/loss_mutualization.json`.
//!
//! `cargo run -p lm-idl` (add `-- --check` to fail when the committed IDL is out of date).
//!
//! Anchor's IDL builder compiles the program's tests with the `idl-build` feature and its own
//! RUSTFLAGS; it gets a target directory of its own so the main build is not invalidated.

use anchor_lang_idl::build::IdlBuilder;
use std::path::PathBuf;

fn main() {
    let check = std::env::args().any(|arg| arg == "--check");
    // At run time, not `env!`: a shared target dir may hold a binary built from another clone.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("run through `cargo run -p lm-idl`");
    let root = PathBuf::from(manifest_dir).join("../..").canonicalize().unwrap();
    let program = root.join("programs/loss_mutualization");
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("idl-build"),
        None => root.join("target/idl-build"),
    };
    // `cargo run` sets these for this binary; the nested cargo must use the default toolchain.
    std::env::remove_var("RUSTUP_TOOLCHAIN");
    std::env::remove_var("CARGO_TARGET_DIR");
    let idl = IdlBuilder::new()
        .program_path(program)
        .cargo_args(vec!["--target-dir".into(), target_dir.display().to_string()])
        .build()
        .expect("IDL build failed (ANCHOR_LOG=1 shows the compiler output)");
    let json = serde_json::to_string_pretty(&idl).unwrap() + "\n";
    let out = root.join("idl/loss_mutualization.json");
    if check {
        let committed = std::fs::read_to_string(&out).unwrap_or_default();
        if committed != json {
            eprintln!("{} is out of date: run `cargo run -p lm-idl`", out.display());
            std::process::exit(1);
        }
        println!("{} is up to date", out.display());
        return;
    }
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, json).unwrap();
    println!("wrote {} ({} instructions, {} accounts, {} events, {} errors)",
        out.display(), idl.instructions.len(), idl.accounts.len(), idl.events.len(), idl.errors.len());
}
