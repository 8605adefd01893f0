/**
 * A small seccomp-BPF program for bwrap's `--seccomp FD`: it refuses the system calls a candidate could
 * use to get out of its limits — new namespaces (a user namespace would let it mount an unbounded tmpfs),
 * mounts, ptrace and cross-process memory access (to tamper with the evaluator), keyrings, BPF,
 * perf events, userfaultfd, io_uring. Everything else is allowed. `clone3` answers ENOSYS so that libc
 * falls back to `clone`, whose flags the filter can inspect.
 *
 * The program is assembled here (x86-64 and aarch64); on other architectures there is no filter.
 */

const audit = { x64: 0xc000003e, arm64: 0xc00000b7 } as const;

/** System call numbers refused with EPERM, per architecture. */
const blocked: Record<keyof typeof audit, Record<string, number>> = {
  x64: {
    unshare: 272,
    setns: 308,
    mount: 165,
    umount2: 166,
    pivot_root: 155,
    chroot: 161,
    ptrace: 101,
    process_vm_readv: 310,
    process_vm_writev: 311,
    keyctl: 250,
    add_key: 248,
    request_key: 249,
    bpf: 321,
    perf_event_open: 298,
    userfaultfd: 323,
    io_uring_setup: 425,
    open_tree: 428,
    move_mount: 429,
    fsopen: 430,
    fsmount: 432,
    fspick: 433,
    mount_setattr: 442,
  },
  arm64: {
    unshare: 97,
    setns: 268,
    mount: 40,
    umount2: 39,
    pivot_root: 41,
    chroot: 51,
    ptrace: 117,
    process_vm_readv: 270,
    process_vm_writev: 271,
    keyctl: 219,
    add_key: 217,
    request_key: 218,
    bpf: 280,
    perf_event_open: 241,
    userfaultfd: 282,
    io_uring_setup: 425,
    open_tree: 428,
    move_mount: 429,
    fsopen: 430,
    fsmount: 432,
    fspick: 433,
    mount_setattr: 442,
  },
};
const cloneNumber = { x64: 56, arm64: 220 } as const;
const clone3Number = 435;

/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET. */
const namespaceFlags = 0x7e020000;

const ret = { allow: 0x7fff0000, eperm: 0x00050000 | 1, enosys: 0x00050000 | 38, kill: 0x80000000 } as const;

// classic BPF opcodes
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;

interface Instruction {
  readonly code: number;
  readonly k: number;
  /** Labels (or 0 for "next") for conditional jumps. */
  readonly whenTrue?: string;
  readonly whenFalse?: string;
  readonly label?: string;
}

/** The filter for the running architecture, or null where there is none. */
export function seccompFilter(arch: string = process.arch): Buffer | null {
  if (arch !== 'x64' && arch !== 'arm64') return null;
  const program: Instruction[] = [
    { code: LD_W_ABS, k: 4 }, // arch
    { code: JEQ_K, k: audit[arch], whenFalse: 'kill' },
    { code: LD_W_ABS, k: 0 }, // syscall number
  ];
  // x32 ABI system calls (bit 30) on x86-64: refuse them all
  if (arch === 'x64') program.push({ code: JGE_K, k: 0x40000000, whenTrue: 'eperm' });
  for (const number of Object.values(blocked[arch]))
    program.push({ code: JEQ_K, k: number, whenTrue: 'eperm' });
  program.push({ code: JEQ_K, k: clone3Number, whenTrue: 'enosys' });
  program.push({ code: JEQ_K, k: cloneNumber[arch], whenFalse: 'allow' });
  program.push({ code: LD_W_ABS, k: 16 }); // low 32 bits of args[0]: the clone flags
  program.push({ code: JSET_K, k: namespaceFlags, whenTrue: 'eperm', whenFalse: 'allow' });
  program.push({ label: 'allow', code: RET_K, k: ret.allow });
  program.push({ label: 'eperm', code: RET_K, k: ret.eperm });
  program.push({ label: 'enosys', code: RET_K, k: ret.enosys });
  program.push({ label: 'kill', code: RET_K, k: ret.kill });
  return assemble(program);
}

function assemble(program: readonly Instruction[]): Buffer {
  const labels = new Map<string, number>();
  program.forEach((instruction, index) => {
    if (instruction.label !== undefined) labels.set(instruction.label, index);
  });
  const offset = (from: number, label: string | undefined): number => {
    if (label === undefined) return 0;
    const target = labels.get(label);
    if (target === undefined || target <= from || target - from - 1 > 255) {
      throw new Error(`seccomp: bad jump to ${label}`);
    }
    return target - from - 1;
  };
  const buffer = Buffer.alloc(program.length * 8);
  program.forEach((instruction, index) => {
    buffer.writeUInt16LE(instruction.code, index * 8);
    buffer.writeUInt8(offset(index, instruction.whenTrue), index * 8 + 2);
    buffer.writeUInt8(offset(index, instruction.whenFalse), index * 8 + 3);
    buffer.writeUInt32LE(instruction.k >>> 0, index * 8 + 4);
  });
  return buffer;
}
