/**
 * `npm run bench:local`: figures for the embedded local models.
 *
 * 1. Offline: how long `ratchet run --model local --yes` takes to fail with an empty cache, against a
 *    host that does not resolve and against one that accepts connections and never answers (the CLI,
 *    start-up included; the issue asks for under 10 s).
 * 2. Generation: load time and token rates of a model through the engine, and one proposal through the
 *    normal proposer path. The model is the tiny random one the tests write, or RATCHET_BENCH_MODEL
 *    (a .gguf path) for real figures. The runtime comes from Ratchet's cache, or is installed into a
 *    temporary one first (its install time is printed).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLlmClient } from '../src/llm/create-llm-client.ts';
import { createProposer } from '../src/llm/create-proposer.ts';
import { sampleContext } from '../src/llm/proposal-fixture.ts';
import { cachePaths, resolveCacheDir } from '../src/local/cache-dir.ts';
import { disposeLocalModels, openLocalModel } from '../src/local/open-local-model.ts';
import { prepareLocalModel } from '../src/local/prepare-local-model.ts';
import { installRuntime, runtimeStatus } from '../src/local/runtime-install.ts';
import { tinyLlamaGguf } from '../src/local/tiny-llama-gguf.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = await mkdtemp(path.join(os.tmpdir(), 'ratchet-bench-local-'));

function cliSeconds(env: Record<string, string>): Promise<{ seconds: number; line: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        path.join(root, 'bin/ratchet.js'),
        'run',
        path.join(root, 'examples/function-minimization'),
        '--model',
        'local',
        '--yes',
      ],
      {
        env: { ...process.env, RATCHET_CACHE_DIR: path.join(work, `empty-${Math.random()}`), ...env },
        timeout: 120_000,
      },
      (_error, _stdout, stderr) =>
        resolve({
          seconds: (performance.now() - started) / 1000,
          line: stderr.split('\n').find((each) => each.includes('cannot download')) ?? stderr.trim(),
        }),
    );
  });
}

/** The same failure in-process, without the CLI's start-up. */
async function inProcessSeconds(endpoint: string): Promise<number> {
  const started = performance.now();
  const paths = cachePaths(path.join(work, `empty-${Math.random()}`));
  await prepareLocalModel('local', { paths, env: { HF_ENDPOINT: endpoint }, installRuntime: false }).catch(
    () => {},
  );
  return (performance.now() - started) / 1000;
}

try {
  console.log(`load average ${os.loadavg()[0]?.toFixed(1)} on ${os.availableParallelism()} cores\n`);
  const silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const unresolvable = await cliSeconds({ HF_ENDPOINT: 'https://huggingface.invalid' });
  const hanging = await cliSeconds({
    HF_ENDPOINT: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
  });
  const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  const inProcess = [
    await inProcessSeconds('https://huggingface.invalid'),
    await inProcessSeconds(silentUrl),
  ];
  silent.closeAllConnections();
  silent.close();
  console.log(
    `offline, host does not resolve: error after ${unresolvable.seconds.toFixed(1)} s (CLI start-up included)`,
  );
  console.log(`offline, host never answers:    error after ${hanging.seconds.toFixed(1)} s`);
  console.log(`  ${hanging.line}`);
  console.log(
    `the same in-process (no CLI start-up): ${inProcess.map((each) => `${each.toFixed(1)} s`).join(' and ')}\n`,
  );

  const cacheRoot = path.join(work, 'cache');
  const installed = cachePaths(resolveCacheDir(process.env));
  if ((await runtimeStatus(installed)).installed) {
    await (await import('node:fs/promises')).mkdir(cacheRoot, { recursive: true });
    await symlink(installed.runtime, cachePaths(cacheRoot).runtime, 'dir');
    console.log(`runtime: the one in ${installed.runtime}`);
  } else {
    const result = await installRuntime({ paths: cachePaths(cacheRoot) });
    console.log(
      `runtime: installed ${result.backends.join(', ')} in ${result.seconds.toFixed(1)} s, ${(result.bytes / 1e6).toFixed(0)} MB`,
    );
  }
  let modelPath = process.env['RATCHET_BENCH_MODEL'];
  if (modelPath === undefined) {
    modelPath = path.join(work, 'tiny-llama.gguf');
    await writeFile(modelPath, tinyLlamaGguf({ contextLength: 8192 }));
  }
  const env = { RATCHET_CACHE_DIR: cacheRoot };
  let started = performance.now();
  const engine = await openLocalModel({ kind: 'file', path: modelPath }, { env });
  console.log(`model: ${modelPath}`);
  console.log(`  loaded in ${((performance.now() - started) / 1000).toFixed(1)} s:`, engine.info);
  const code = 'def area(radius):\n    return 3.14159 * radius * radius\n'.repeat(12);
  for (const round of [1, 2]) {
    started = performance.now();
    const generation = await engine.generate([{ role: 'user', content: `Make this faster:\n${code}` }], {
      maxTokens: 64,
      temperature: 0.8,
      seed: round,
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `  call ${round}: ${generation.inputTokens} prompt tokens (${generation.evaluatedInputTokens} evaluated), ${generation.outputTokens} generated, ${seconds.toFixed(2)} s, ${((generation.evaluatedInputTokens + generation.outputTokens) / seconds).toFixed(0)} tokens/s`,
    );
  }
  const model = { model: `local:${modelPath}`, weight: 1, maxOutputTokens: 128 };
  started = performance.now();
  const result = await createProposer(model).propose(
    sampleContext({ model, llm: createLlmClient(model.model, { env }) }),
  );
  console.log(
    `  one proposal through createProposer: ${((performance.now() - started) / 1000).toFixed(1)} s → ${result.ok ? `a child (${result.summary})` : `failed: ${result.reason}`}`,
  );
} finally {
  await disposeLocalModels();
  await rm(work, { recursive: true, force: true });
}
