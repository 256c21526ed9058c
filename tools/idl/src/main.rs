//! Build the Anchor IDL of the program on the host and write it to `idl/loss_mutualization.json`.
//!
//! `cargo run -p lm-idl` (add `-- --check` to fail when the committed IDL is out of date).
//!
//! Anchor's IDL builder compiles the program's tests with the `idl-build` feature and its own
//! RUSTFLAGS; it gets a target directory of its own so the main build is not invalidated.

use anchor_lang::idl::IdlBuild;
use anchor_lang::Discriminator;
use anchor_lang_idl::build::IdlBuilder;
use anchor_lang_idl::types::{Idl, IdlAccount, IdlTypeDef};
use serde_json::Value;
use loss_mutualization::state::ShortfallRecord;
use std::collections::BTreeMap;
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
    let mut idl = IdlBuilder::new()
        .program_path(program)
        .cargo_args(vec!["--target-dir".into(), target_dir.display().to_string()])
        .build()
        .expect("IDL build failed (ANCHOR_LOG=1 shows the compiler output)");
    add_account::<ShortfallRecord>(&mut idl);
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

/// Adds an account the program creates by hand. Anchor's IDL builder finds accounts only where
/// an instruction's accounts struct holds them as `Account<T>`; `resolve_shortfall` creates the
/// loss record itself (it must stay a no-op when the position is not bankrupt), so the record's
/// layout is taken from the program's own `IdlBuild` impl, never written a second time.
fn add_account<T: IdlBuild + Discriminator>(idl: &mut Idl) {
    let ty = T::create_type().expect("an #[account] type");
    let mut types = BTreeMap::new();
    T::insert_types(&mut types);
    let types: Vec<IdlTypeDef> = types.into_values().chain([ty]).map(|ty| short_names(&ty)).collect();
    let name = types.last().unwrap().name.clone();
    idl.accounts.push(IdlAccount { name, discriminator: T::DISCRIMINATOR.to_vec() });
    for ty in types {
        if !idl.types.iter().any(|known| known.name == ty.name) {
            idl.types.push(ty);
        }
    }
    // The builder's order: by name.
    idl.accounts.sort_by(|a, b| a.name.cmp(&b.name));
    idl.types.sort_by(|a, b| a.name.cmp(&b.name));
}

/// Type paths (`loss_mutualization::math::loss_index::LossIndex`) as the builder writes them:
/// by name (the program has no two types of one name).
fn short_names(ty: &IdlTypeDef) -> IdlTypeDef {
    fn shorten(value: &mut Value) {
        match value {
            Value::String(text) if text.contains("::") && text.chars().all(|c| c.is_alphanumeric() || c == '_' || c == ':') => {
                *text = text.rsplit("::").next().unwrap().to_string();
            }
            Value::Array(items) => items.iter_mut().for_each(shorten),
            Value::Object(fields) => fields.values_mut().for_each(shorten),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(ty).unwrap();
    shorten(&mut value);
    serde_json::from_value(value).unwrap()
}
