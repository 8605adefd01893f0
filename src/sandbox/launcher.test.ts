import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLauncher, presentChain } from './launcher.ts';

const compiler = ['/usr/bin/cc', '/usr/bin/gcc'].find((file) => existsSync(file)) ?? null;
const canCompile = compiler !== null && existsSync('/usr/include/stdio.h');

describe('the sandbox launcher', () => {
  it('is not built without a working compiler', () => {
    expect(buildLauncher(null)).toBeNull();
    expect(buildLauncher('/nonexistent/cc')).toBeNull();
  });

  it.runIf(canCompile)(
    'is built once, refuses bad arguments, and is built again when a cleaner removed it',
    () => {
      const launcher = buildLauncher(compiler) as string;
      expect(launcher).not.toBeNull();
      expect(buildLauncher(compiler)).toBe(launcher);
      const bad = spawnSync(launcher, ['--as=-5', '--', 'true'], { encoding: 'utf8' });
      expect(bad.status).toBe(127);
      expect(bad.stderr).toBe('ratchet-launch: bad argument --as=-5\n');
      const missing = spawnSync(launcher, ['--nofile=64'], { encoding: 'utf8' });
      expect(missing.status).toBe(127);
      expect(missing.stderr).toContain('no command');
      const limited = spawnSync(launcher, ['--nofile=64', '--', 'sh', '-c', 'ulimit -n'], {
        encoding: 'utf8',
      });
      expect(limited.stdout).toBe('64\n');

      // a compiler of its own (another path, another hash): removing its launcher disturbs no other test
      const folder = mkdtempSync(path.join(os.tmpdir(), 'ratchet-launcher-test-'));
      const ownCompiler = path.join(folder, 'cc');
      symlinkSync(compiler as string, ownCompiler);
      const own = buildLauncher(ownCompiler) as string;
      try {
        expect(own).not.toBe(launcher);
        rmSync(own);
        const chain = presentChain({ kind: 'launcher', path: own, compiler: ownCompiler });
        expect(chain).toEqual({ kind: 'launcher', path: own, compiler: ownCompiler });
        expect(existsSync(own)).toBe(true);
      } finally {
        rmSync(folder, { recursive: true, force: true });
        rmSync(path.dirname(own), { recursive: true, force: true });
      }
    },
  );
});
