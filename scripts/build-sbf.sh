#!/usr/bin/env bash
# EXPERIMENTAL: build the program as an SBF (SBPF v3) ELF from registry parts alone, for
# machines without Solana's platform-tools (which only GitHub releases distribute). Elsewhere
# use the official `anchor build`. Writes target/deploy/loss_mutualization.so and
# target/deploy/example_exchange.so (or only the programs named: `build-sbf.sh loss_mutualization`).
#
# Parts, cached in $LM_SBF_CACHE (default ~/.cache/lm-sbf), so later runs take seconds:
#   - LLVM 23 with the BPF backend, from PyPI (mlc-llvm-static wheels, in a venv);
#   - sbpf-linker 0.2.6 built against that LLVM (bitcode -> SBPF ELF);
#   - Debian's rustc-web 1.96 with its std sources, patched for target_os = "solana"
#     (tools/sbf/patch_std.py), std built with -Zbuild-std for tools/sbf/sbf-solana.json;
#   - the program compiled from a copy of programs/loss_mutualization with target-gated extras:
#     solana-compiler-builtins (memcpy and friends) and tools/sbf/i128 (128-bit libcalls with a
#     fast division). The sources in this repository are not changed.
# The ELF needs SBPF v3 enabled in the runtime (LiteSVM 1.5 / agave 4.x load it; agave 3.1's
# solana-program-test does not). Compute units measured on it are estimates of what
# platform-tools would give, not the same numbers.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${LM_SBF_CACHE:-$HOME/.cache/lm-sbf}"
mkdir -p "$CACHE"

VENV="$CACHE/llvm-venv"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import mlc_llvm_static" 2>/dev/null; then
  echo "== LLVM 23 (PyPI)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q mlc-llvm-static==23.1.1.post0 mlc-llvm-static-extra-targets==23.1.1.post0
fi
LLVM="$(ls -d "$VENV"/lib/python3*/site-packages/mlc_llvm_static/static)"

LINKER="$CACHE/linker/bin/sbpf-linker"
if [ ! -x "$LINKER" ]; then
  echo "== sbpf-linker 0.2.6 against LLVM 23"
  PATH="$LLVM/bin:$PATH" LLVM_PREFIX="$LLVM" LIBZSTD_PATH="$LLVM/lib" ZLIB_PATH="$LLVM/lib" \
    CARGO_TARGET_DIR="$CACHE/linker-build" \
    cargo install sbpf-linker --version 0.2.6 --locked --no-default-features \
      --features bpf-linker/llvm-23,bpf-linker/llvm-link-static --root "$CACHE/linker"
fi

RW="$CACHE/rw"
if [ ! -x "$RW/usr/bin/rustc" ]; then
  echo "== Debian rustc-web 1.96 + std sources"
  mkdir -p "$CACHE/debs" "$RW"
  DEBS="rustc-web libstd-rust-web-1.96 libstd-rust-web-dev libllvm22 rust-web-src"
  # A fresh machine's package lists may predate rustc-web 1.96 (bookworm-security): refresh them once.
  if ! (cd "$CACHE/debs" && apt-get download $DEBS); then
    SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
    $SUDO apt-get update -qq
    (cd "$CACHE/debs" && apt-get download $DEBS)
  fi
  for deb in "$CACHE"/debs/*.deb; do dpkg -x "$deb" "$RW"; done
fi
python3 "$ROOT/tools/sbf/patch_std.py" "$(ls -d "$RW"/usr/src/rustc-1.96*/library/std/src)"
cat > "$CACHE/rustc" <<WRAP
#!/bin/sh
export LD_LIBRARY_PATH=$RW/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}
exec $RW/usr/bin/rustc --sysroot $RW/usr "\$@"
WRAP
chmod +x "$CACHE/rustc"

# A program's copy with the SBF extras, in $CACHE/<dir>; its path dependencies on this
# workspace's programs are pointed back at them.
copy_program() {
  local name="$1" build="$2"
  echo "== $name: copy with the SBF extras"
  mkdir -p "$build"
  rm -rf "$build/src"
  cp -r "$ROOT/programs/$name/src" "$build/src"
  sed "s#path = \"\.\./#path = \"$ROOT/programs/#" "$ROOT/programs/$name/Cargo.toml" > "$build/Cargo.toml"
  cat >> "$build/Cargo.toml" <<TOML

[target.'cfg(target_arch = "bpf")'.dependencies]
solana-compiler-builtins = { version = "0.3.0", features = ["weak-linkage"] }
lm-sbf-i128 = { path = "$ROOT/tools/sbf/i128" }

[workspace]

[profile.release]
overflow-checks = true
lto = "fat"
codegen-units = 1
TOML
  cat >> "$build/src/lib.rs" <<'RS'

// Added by scripts/build-sbf.sh: memcpy & co. and the 128-bit libcalls for the upstream BPF target.
#[cfg(target_arch = "bpf")]
use solana_compiler_builtins as _;
#[cfg(target_arch = "bpf")]
use lm_sbf_i128 as _;
RS
  [ -f "$build/Cargo.lock" ] || cp "$ROOT/Cargo.lock" "$build/Cargo.lock"
}

LIBCALLS=__multi3,__udivti3,__umodti3,__divti3,__modti3,__floatunsidf,__floatsidf,__floatdidf,__floatundidf,__fixdfdi,__fixunsdfdi,__fixdfsi,__fixunsdfsi,__adddf3,__subdf3,__muldf3,__divdf3,__negdf2,__eqdf2,__nedf2,__ltdf2,__ledf2,__gtdf2,__gedf2,__unorddf2,__extendsfdf2,__truncdfsf2,__addsf3,__subsf3,__mulsf3,__divsf3,__floatsisf,__floatunsisf,__fixsfsi,__fixunssfsi,__powidf2,__floattidf,__floatuntidf,__fixdfti,__fixunsdfti
export CARGO_TARGET_SBF_SOLANA_RUSTFLAGS="-C linker=$LINKER -Zunstable-options -C panic=immediate-abort -C relocation-model=static -C link-arg=--export=$LIBCALLS -C link-arg=--llvm-args=--bpf-max-stores-per-memfunc=5 -C link-arg=--llvm-args=--disable-gotox -C link-arg=--llvm-args=--bpf-stack-size=4096 -C passes=lower-atomic"
# LM_SBF_FEATURES: cargo features of the build (e.g. cu-profile, scripts/cu-profile.sh), written
# to LM_SBF_OUT (default target/deploy) so that a profiled build never replaces the real one.
OUT="${LM_SBF_OUT:-$ROOT/target/deploy}"
mkdir -p "$ROOT/target/deploy"

# The program (loss_mutualization) and the example exchange that calls it through CPI; or only
# the programs named as arguments.
PROGRAMS=("$@")
[ ${#PROGRAMS[@]} -gt 0 ] || PROGRAMS=(loss_mutualization example_exchange)
for name in "${PROGRAMS[@]}"; do
  # Each program builds in a target dir of its own: the example's loss_mutualization (a CPI client,
  # features cpi + no-entrypoint) must never be taken for the program's own build of the same
  # crate, which happened with one shared dir (the example then linked the program's entrypoint).
  build="$CACHE/$name"; target="$CACHE/target-$name"
  [ "$name" = loss_mutualization ] && build="$CACHE/program" && target="$CACHE/target"
  copy_program "$name" "$build"
  echo "== $name: build (std + program) for tools/sbf/sbf-solana.json"
  (cd "$build" && RUSTC="$CACHE/rustc" RUSTC_BOOTSTRAP=1 RUSTC_BOOTSTRAP_SYNTHETIC_TARGET=1 \
    CARGO_TARGET_DIR="$target" \
    cargo build --release --target "$ROOT/tools/sbf/sbf-solana.json" -Zbuild-std=std,panic_abort -Zjson-target-spec \
      ${LM_SBF_FEATURES:+--features "$LM_SBF_FEATURES"})
  # The custom target keeps the default "lib" prefix of cdylibs.
  mkdir -p "$OUT"
  cp "$target/sbf-solana/release/lib$name.so" "$OUT/$name.so"
  ls -l "$OUT/$name.so"
done
