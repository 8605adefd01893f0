import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBundle, removeBundle } from './bundle.ts';
import { makeProblem, writeProblemFolder } from './problem-fixture.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(files: Record<string, string>) {
  const folder = await writeProblemFolder(files);
  const outside = await mkdtemp(path.join(os.tmpdir(), 'ratchet-outside-'));
  cleanups.push(folder.cleanup, () => rm(outside, { recursive: true, force: true }));
  const problem = makeProblem(folder.dir, { evaluator: { kind: 'openevolve', file: 'evaluator.py' } });
  const cacheDir = path.join(folder.dir, '.ratchet', 'bundles');
  const bundle = async () => {
    const made = await createBundle(problem, cacheDir);
    cleanups.push(() => removeBundle(made.dir));
    return made;
  };
  return { dir: folder.dir, outside, bundle };
}

function listTree(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listTree(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

describe('createBundle', () => {
  it('snapshots what the evaluator may read, without the event store, git, dependencies or caches', async () => {
    const { bundle } = await setup({
      'evaluator.py': 'def evaluate(p): pass',
      'data/points.csv': '1,2',
      '.ratchet/events.db': 'secret',
      '.git/config': 'x',
      'node_modules/pkg/index.js': 'x',
      '__pycache__/evaluator.pyc': 'x',
      'sub/__pycache__/a.pyc': 'x',
      'my-store/ratchet.db': 'an event store kept with --store',
      'my-store/bundles/x': 'x',
      'ratchet.db-wal': 'x',
    });
    const { dir } = await bundle();
    expect(listTree(dir).sort()).toEqual(['data/points.csv', 'evaluator.py']);
    expect(readFileSync(path.join(dir, 'data/points.csv'), 'utf8')).toBe('1,2');
  });

  it('is content-addressed: same content, same bundle; any change, a new one', async () => {
    const { dir: problemDir, bundle } = await setup({ 'evaluator.py': 'a' });
    const first = await bundle();
    const again = await bundle();
    expect(again).toEqual(first);
    writeFileSync(path.join(problemDir, 'evaluator.py'), 'b');
    const changed = await bundle();
    expect(changed.hash).not.toBe(first.hash);
    chmodSync(path.join(problemDir, 'evaluator.py'), 0o755);
    const executable = await bundle();
    expect(executable.hash).not.toBe(changed.hash);
    expect(statSync(path.join(executable.dir, 'evaluator.py')).mode & 0o777).toBe(0o555);
  });

  it('makes the files read-only', async () => {
    const { bundle } = await setup({ 'evaluator.py': 'a', 'lib/helper.py': 'b' });
    const { dir } = await bundle();
    expect(statSync(path.join(dir, 'evaluator.py')).mode & 0o777).toBe(0o444);
    expect(statSync(path.join(dir, 'lib')).mode & 0o777).toBe(0o555);
    expect(statSync(dir).mode & 0o777).toBe(0o555);
  });

  it('follows symbolic links inside the folder and drops those leading out of it', async () => {
    const {
      dir: problemDir,
      outside,
      bundle,
    } = await setup({ 'evaluator.py': 'a', 'real/data.txt': 'inside' });
    writeFileSync(path.join(outside, 'secret.txt'), 'outside');
    symlinkSync(path.join(problemDir, 'real', 'data.txt'), path.join(problemDir, 'link.txt'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(problemDir, 'escape.txt'));
    symlinkSync(outside, path.join(problemDir, 'escape-dir'));
    const { dir } = await bundle();
    expect(readFileSync(path.join(dir, 'link.txt'), 'utf8')).toBe('inside');
    expect(existsSync(path.join(dir, 'escape.txt'))).toBe(false);
    expect(existsSync(path.join(dir, 'escape-dir'))).toBe(false);
  });
});
