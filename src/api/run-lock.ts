import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RatchetError } from '../core/errors.ts';

/**
 * One controller per run: a lock file holding the owner's pid. A lock whose process is gone (killed with
 * -9, a crashed machine) is stale and taken over.
 */
export function lockRun(storeDir: string, runId: string): () => void {
  const folder = path.join(storeDir, 'locks');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${runId}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new RatchetError('bad-input', `run ${runId} is being driven by process ${owner}`, {
          hint: 'wait for it to finish, or stop it first (Ctrl-C or kill it); then resume',
        });
      }
      rmSync(file, { force: true });
    }
  }
  throw new RatchetError('store', `could not lock run ${runId} in ${folder}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
