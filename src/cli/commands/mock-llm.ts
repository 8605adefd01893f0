/**
 * `ratchet mock-llm`: an OpenAI-compatible server that answers proposal prompts with real edits made
 * by `mutate`, with latency and injected faults, for tests and benchmarks without an LLM.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { nonNegativeInteger } from '../options.ts';

function rate(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1)
    throw new InvalidArgumentError('expected a rate between 0 and 1 (e.g. 0.1 for one request in ten)');
  return parsed;
}

function port(value: string): number {
  const parsed = nonNegativeInteger(value);
  if (parsed > 65_535) throw new InvalidArgumentError('expected a port between 0 and 65535');
  return parsed;
}

interface MockLlmFlags {
  readonly port: number;
  readonly host: string;
  readonly latencyMs: number;
  readonly seed: number;
  readonly retryAfter: number;
  readonly fail429: number;
  readonly fail500: number;
  readonly hang: number;
  readonly malformed: number;
  /** `--no-match` (commander names a `--no-*` option after what follows `no-`). */
  readonly match: number;
  readonly json?: boolean;
}

/** Registers `ratchet mock-llm`. */
export function registerMockLlm(program: Command): void {
  program
    .command('mock-llm')
    .description(
      'run an OpenAI-compatible mock LLM (POST /v1/chat/completions, streaming or not; GET /v1/models) that answers proposal prompts with SEARCH/REPLACE edits made by mutate; use it with --model compatible:mock@<url>',
    )
    .option('--port <n>', 'port to listen on; 0 picks a free one', port, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--latency-ms <ms>', 'delay before every answer', nonNegativeInteger, 0)
    .option('--seed <n>', 'seed of the answers and of the fault draws', nonNegativeInteger, 0)
    .option('--fail-429 <rate>', 'fraction of requests answered 429 with Retry-After', rate, 0)
    .option('--retry-after <seconds>', 'Retry-After of the 429 answers', nonNegativeInteger, 1)
    .option('--fail-500 <rate>', 'fraction of requests answered 500', rate, 0)
    .option('--hang <rate>', 'fraction of requests never answered', rate, 0)
    .option('--malformed <rate>', 'fraction of requests answered with garbage text', rate, 0)
    .option(
      '--no-match <rate>',
      'fraction of requests answered with an edit whose SEARCH matches nothing',
      rate,
      0,
    )
    .option('--json', 'print the address as JSON')
    .action(async (flags: MockLlmFlags) => {
      const { startMockLlmServer } = await import('../../llm/mock-llm-server.ts');
      const server = await startMockLlmServer({
        port: flags.port,
        host: flags.host,
        latencyMs: flags.latencyMs,
        seed: flags.seed,
        retryAfterSeconds: flags.retryAfter,
        faults: {
          '429': flags.fail429,
          '500': flags.fail500,
          hang: flags.hang,
          malformed: flags.malformed,
          'no-match': flags.match,
        },
      });
      const model = `compatible:mock@${server.url}`;
      process.stdout.write(
        flags.json
          ? `${JSON.stringify({ url: server.url, port: server.port, model })}\n`
          : `mock-llm listening on ${server.url} (use --model ${model}); Ctrl-C stops it\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      const stats = server.stats();
      const faults = Object.entries(stats.faults)
        .filter(([, count]) => count > 0)
        .map(([fault, count]) => `${fault} ${count}`)
        .join(', ');
      process.stderr.write(
        `mock-llm stopped: ${stats.requests} requests, ${stats.completions} completions${faults === '' ? '' : `, faults: ${faults}`}, ${stats.inputTokens + stats.outputTokens} tokens\n`,
      );
    });
}
