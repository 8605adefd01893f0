import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RatchetError } from '../core/errors.ts';
import { type CachePaths, cachePaths } from './cache-dir.ts';
import {
  backendPackages,
  installRuntime,
  npmLogEvent,
  type RuntimeInstallProgress,
  removeRuntime,
  runtimeStatus,
} from './runtime-install.ts';

let folder: string;
let paths: CachePaths;

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'ratchet-runtime-'));
  paths = cachePaths(path.join(folder, 'cache'));
  await mkdir(paths.root, { recursive: true });
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A stand-in for npm that "installs" node-llama-cpp `version` under --prefix, logging like npm does. */
async function fakeNpm(version: string, exitCode = 0): Promise<string> {
  const script = path.join(folder, 'fake-npm.mjs');
  await writeFile(
    script,
    `#!${process.execPath}
import { mkdirSync, writeFileSync } from 'node:fs';
const prefix = process.argv[process.argv.indexOf('--prefix') + 1];
writeFileSync(prefix + '/argv.json', JSON.stringify(process.argv.slice(2)));
console.error('npm http fetch GET 200 https://registry.npmjs.org/node-llama-cpp 469ms (cache updated)');
console.error('npm http fetch GET 200 https://registry.npmjs.org/@node-llama-cpp%2flinux-x64 649ms (cache updated)');
console.error('npm http cache chalk@https://registry.npmjs.org/chalk/-/chalk-5.6.2.tgz 0ms (cache hit)');
console.error('npm http fetch GET 200 https://registry.npmjs.org/node-llama-cpp/-/node-llama-cpp-${version}.tgz 80ms (cache miss)');
mkdirSync(prefix + '/node_modules/node-llama-cpp', { recursive: true });
writeFileSync(prefix + '/node_modules/node-llama-cpp/package.json', JSON.stringify({ version: '${version}' }));
if (${exitCode} !== 0) console.error('npm error code E404');
process.exit(${exitCode});
`,
  );
  await chmod(script, 0o755);
  return script;
}

describe('npm log lines', () => {
  it('tell metadata reads from tarballs, fetched or cached', () => {
    expect(
      npmLogEvent(
        'npm http fetch GET 200 https://registry.npmjs.org/@node-llama-cpp%2flinux-x64 649ms (cache updated)',
      ),
    ).toEqual({
      kind: 'metadata',
      name: '@node-llama-cpp/linux-x64',
    });
    expect(
      npmLogEvent(
        'npm http cache color-name@https://registry.npmjs.org/color-name/-/color-name-1.1.4.tgz 0ms (cache hit)',
      ),
    ).toEqual({
      kind: 'tarball',
      name: 'color-name-1.1.4',
    });
    expect(npmLogEvent('added 117 packages in 19s')).toBeUndefined();
  });
});

describe('backendPackages', () => {
  it('picks the prebuilt binaries of the platform, CUDA only with an NVIDIA driver', () => {
    expect(backendPackages('linux', 'x64', false)).toEqual(['@node-llama-cpp/linux-x64']);
    expect(backendPackages('linux', 'x64', true)).toEqual([
      '@node-llama-cpp/linux-x64',
      '@node-llama-cpp/linux-x64-cuda',
      '@node-llama-cpp/linux-x64-cuda-ext',
    ]);
    expect(backendPackages('darwin', 'arm64', false)).toEqual(['@node-llama-cpp/mac-arm64-metal']);
    expect(backendPackages('freebsd', 'x64', false)).toBeUndefined();
  });
});

describe('installRuntime', () => {
  it('installs through a staging folder, with progress, and replaces an older runtime', async () => {
    await mkdir(path.join(paths.runtime, 'node_modules', 'node-llama-cpp'), { recursive: true });
    await writeFile(
      path.join(paths.runtime, 'node_modules', 'node-llama-cpp', 'package.json'),
      '{"version":"3.0.0"}',
    );
    expect(await runtimeStatus(paths)).toMatchObject({ installed: false });
    const progress: RuntimeInstallProgress[] = [];
    const result = await installRuntime({
      paths,
      npmCommand: await fakeNpm('3.22.1'),
      onProgress: (each) => progress.push(each),
    });
    expect(await runtimeStatus(paths)).toMatchObject({ installed: true, version: '3.22.1' });
    expect(result.bytes).toBeGreaterThan(0);
    expect(progress.map((each) => [each.phase, each.packagesResolved, each.packagesFetched])).toEqual([
      ['resolving', 1, 0],
      ['resolving', 2, 0],
      ['fetching', 2, 1],
      ['fetching', 2, 2],
    ]);
    const argv = JSON.parse(await readFile(path.join(paths.runtime, 'argv.json'), 'utf8')) as string[];
    expect(argv).toContain('--ignore-scripts');
    expect(argv).toContain('node-llama-cpp@3.22.1');
    expect(await readdir(paths.root)).toEqual(['runtime']);
    expect(await removeRuntime(paths)).toBe(true);
    expect(existsSync(paths.runtime)).toBe(false);
  });

  it('reports npm’s failure with its last lines and leaves nothing behind', async () => {
    const error = await installRuntime({ paths, npmCommand: await fakeNpm('3.22.1', 1) }).catch(
      (caught: unknown) => caught,
    );
    expect(RatchetError.is(error)).toBe(true);
    expect((error as RatchetError).message).toMatch(
      /npm could not install node-llama-cpp@3\.22\.1 \(exit 1\)[\s\S]*E404/,
    );
    expect((error as RatchetError).hint).toMatch(/npm ping/);
    expect(await readdir(paths.root)).toEqual([]);
  });

  it('says so when npm cannot be run at all', async () => {
    const error = await installRuntime({ paths, npmCommand: path.join(folder, 'no-such-npm') }).catch(
      (caught: unknown) => caught,
    );
    expect((error as RatchetError).message).toMatch(/cannot run npm/);
    expect(await readdir(paths.root)).toEqual([]);
  });
});
