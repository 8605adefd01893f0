import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { processesWithMarker } from './process-census.ts';

describe('processesWithMarker', () => {
  it('finds a live process by a marker in its command line, and not once it is gone', async () => {
    const marker = `ratchet-census-${randomBytes(6).toString('hex')}`;
    const child = spawn('/bin/sh', ['-c', 'sleep 30', marker], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processesWithMarker(marker)).toEqual([child.pid]);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(processesWithMarker(marker)).toEqual([]);
  });
});
