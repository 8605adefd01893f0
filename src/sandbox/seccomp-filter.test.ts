import { describe, expect, it } from 'vitest';
import { seccompFilter } from './seccomp-filter.ts';

describe('seccompFilter', () => {
  it('assembles a BPF program that checks the architecture first and ends with return instructions', () => {
    const program = seccompFilter('x64');
    expect(program).not.toBeNull();
    const bytes = program as Buffer;
    expect(bytes.length % 8).toBe(0);
    // instruction 0 loads the arch (offset 4), instruction 1 compares with AUDIT_ARCH_X86_64
    expect(bytes.readUInt16LE(0)).toBe(0x20);
    expect(bytes.readUInt32LE(4)).toBe(4);
    expect(bytes.readUInt32LE(12)).toBe(0xc000003e);
    const last = bytes.length / 8 - 1;
    expect(bytes.readUInt16LE(last * 8)).toBe(0x06); // ret
    expect(bytes.readUInt32LE(last * 8 + 4)).toBe(0x80000000); // kill for a foreign arch
  });

  it('has no filter for architectures it does not know', () => {
    expect(seccompFilter('ppc64')).toBeNull();
    expect(seccompFilter('arm64')).not.toBeNull();
  });
});
