//! Stack and heap use of the program's bytecode, measured from LiteSVM's register traces.
//!
//! SBPF v3 (solana-sbpf 0.23) gives each call a fixed 4 KiB stack frame: frame `k` spans
//! `[MM_STACK_START + k·4096, MM_STACK_START + (k+1)·4096)` and `r10` points at its top. The
//! heap is 32 KiB at `MM_HEAP_START`, handed out top-down by the entrypoint's bump allocator
//! (which keeps its position in the heap's first word). Every load and store the program
//! executes is in the trace (registers before each instruction, and the instruction), so its
//! address is known exactly; from those addresses:
//! - **frame**: the deepest byte touched below the top of a frame (locals grow down from `r10`);
//! - **arguments**: the bytes touched at the bottom of a frame, where a caller puts the
//!   arguments past the fifth for its callee (SBPF v3). Accesses within 512 bytes of a frame's
//!   bottom count as arguments, the rest as locals; a frame is full when both meet, so the
//!   test checks their sum;
//! - **depth**: the deepest frame `r10` reached (call depth, 1 = the entrypoint);
//! - **heap**: bytes between the lowest heap address touched and the heap's end.

use litesvm::InvocationInspectCallback;
use solana_address_v2::Address;
use solana_program_runtime_v4::invoke_context::InvokeContext;
use solana_program_runtime_v4::solana_sbpf::ebpf;
use std::sync::{Arc, Mutex};

/// Stack frame size of SBPF v3 (solana-sbpf's default `stack_frame_size`).
pub const STACK_FRAME_BYTES: u64 = 4_096;
/// The bottom of a frame where stack arguments are taken to live (see the module docs).
const ARGUMENT_AREA_BYTES: u64 = 512;
/// Call depth the VM allows (solana-sbpf's default `max_call_depth`).
pub const MAX_CALL_DEPTH: u64 = 64;
/// The heap a program gets unless its transaction requests more.
pub const HEAP_BYTES: u64 = 32 * 1_024;

/// What one invocation of the program used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemoryUse {
    /// Deepest byte touched below the top of the running function's frame.
    pub frame_bytes: u64,
    /// Bytes of stack arguments written above `r10` (at the bottom of the callee's frame).
    pub argument_bytes: u64,
    /// Deepest call frame reached.
    pub call_depth: u64,
    /// Heap bytes handed out (the bump allocator never frees).
    pub heap_bytes: u64,
}

impl MemoryUse {
    /// The larger of each figure.
    pub fn max(self, other: MemoryUse) -> MemoryUse {
        MemoryUse {
            frame_bytes: self.frame_bytes.max(other.frame_bytes),
            argument_bytes: self.argument_bytes.max(other.argument_bytes),
            call_depth: self.call_depth.max(other.call_depth),
            heap_bytes: self.heap_bytes.max(other.heap_bytes),
        }
    }
}

/// Measures every invocation of `program` (top level or CPI) into `seen`.
pub struct MemoryProbe {
    pub program: Address,
    pub seen: Arc<Mutex<Vec<MemoryUse>>>,
}

impl InvocationInspectCallback for MemoryProbe {
    fn before_invocation(
        &self,
        _: &litesvm::LiteSVM,
        _: &solana_transaction_v4::sanitized::SanitizedTransaction,
        _: &[solana_transaction_context_v4::IndexOfAccount],
        _: &mut InvokeContext,
        _: bool,
    ) {
    }

    fn after_invocation(
        &self,
        _: &litesvm::LiteSVM,
        _: &solana_transaction_v4::sanitized::SanitizedTransaction,
        _: &[solana_transaction_context_v4::IndexOfAccount],
        invoke_context: &InvokeContext,
        _: bool,
    ) {
        invoke_context.iterate_vm_traces(&|instruction, executable, trace| {
            if instruction.get_program_key().ok() != Some(&self.program) {
                return;
            }
            let (_, text) = executable.get_text_bytes();
            let measured = trace.iter().fold(MemoryUse::default(), |acc, registers| {
                acc.max(measure_step(text, registers))
            });
            self.seen.lock().unwrap().push(measured);
        });
    }
}

/// The memory one traced instruction touches (registers as before it ran; `registers[11]` is
/// the instruction index).
fn measure_step(text: &[u8], registers: &[u64; 12]) -> MemoryUse {
    let depth = registers[ebpf::FRAME_PTR_REG].saturating_sub(ebpf::MM_STACK_START) / STACK_FRAME_BYTES;
    let mut used = MemoryUse { call_depth: depth, ..MemoryUse::default() };
    let pc = registers[11] as usize;
    if (pc + 1) * ebpf::INSN_SIZE > text.len() {
        return used;
    }
    let insn = ebpf::get_insn_unchecked(text, pc);
    let base = match insn.opc & 0x07 {
        ebpf::BPF_LDX => registers[insn.src as usize],
        ebpf::BPF_ST | ebpf::BPF_STX => registers[insn.dst as usize],
        _ => return used,
    };
    if insn.opc & 0xe0 != ebpf::BPF_MEM {
        return used;
    }
    let address = (base as i64).wrapping_add(insn.off as i64) as u64;
    let stack_end = ebpf::MM_STACK_START + MAX_CALL_DEPTH * STACK_FRAME_BYTES;
    let heap_end = ebpf::MM_HEAP_START + HEAP_BYTES;
    if (ebpf::MM_STACK_START..stack_end).contains(&address) {
        let from_bottom = (address - ebpf::MM_STACK_START) % STACK_FRAME_BYTES;
        if from_bottom < ARGUMENT_AREA_BYTES {
            // 8 bytes or fewer per access: count the whole word.
            used.argument_bytes = from_bottom + 8;
        } else {
            used.frame_bytes = STACK_FRAME_BYTES - from_bottom;
        }
    } else if (ebpf::MM_HEAP_START + 8..heap_end).contains(&address) {
        // The first word is the allocator's own position.
        used.heap_bytes = heap_end - address;
    }
    used
}

/// The ELF with a section header table holding only `.shstrtab` appended. The loader reads
/// section names when register tracing is on (it labels functions from `.symtab`, which is
/// optional), and sbpf-linker writes no section headers at all; loading is otherwise unchanged
/// (the program headers still say what is mapped).
pub fn with_section_names(elf: &[u8]) -> Vec<u8> {
    const SECTION_HEADER_SIZE: usize = 64;
    const SHT_STRTAB: u32 = 3;
    let mut out = elf.to_vec();
    let names_offset = out.len();
    out.extend_from_slice(b"\0.shstrtab\0");
    while out.len() % 8 != 0 {
        out.push(0);
    }
    let table_offset = out.len();
    out.extend_from_slice(&[0u8; SECTION_HEADER_SIZE]); // the null section
    let mut names = [0u8; SECTION_HEADER_SIZE];
    names[0..4].copy_from_slice(&1u32.to_le_bytes()); // sh_name: ".shstrtab" at 1
    names[4..8].copy_from_slice(&SHT_STRTAB.to_le_bytes());
    names[24..32].copy_from_slice(&(names_offset as u64).to_le_bytes()); // sh_offset
    names[32..40].copy_from_slice(&11u64.to_le_bytes()); // sh_size
    names[48..56].copy_from_slice(&1u64.to_le_bytes()); // sh_addralign
    out.extend_from_slice(&names);
    out[0x28..0x30].copy_from_slice(&(table_offset as u64).to_le_bytes()); // e_shoff
    out[0x3a..0x3c].copy_from_slice(&(SECTION_HEADER_SIZE as u16).to_le_bytes()); // e_shentsize
    out[0x3c..0x3e].copy_from_slice(&2u16.to_le_bytes()); // e_shnum
    out[0x3e..0x40].copy_from_slice(&1u16.to_le_bytes()); // e_shstrndx
    out
}
