import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProposalResult } from '../spec/proposer.ts';
import { createLlmClient, type LlmClientOptions } from './create-llm-client.ts';
import { createProposer } from './create-proposer.ts';
import { type MockLlmServer, type MockLlmServerOptions, startMockLlmServer } from './mock-llm-server.ts';
import { sampleContext, sampleProblem, samplePython, sampleView } from './proposal-fixture.ts';

const servers: MockLlmServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Proposes once through `compatible:mock@<url>` against a fresh mock server. */
async function proposeThroughMock(
  serverOptions: MockLlmServerOptions = {},
  contextOptions: Parameters<typeof sampleContext>[0] = {},
  clientOptions: Partial<LlmClientOptions> = {},
): Promise<{ result: ProposalResult; server: MockLlmServer }> {
  const server = await startMockLlmServer(serverOptions);
  servers.push(server);
  const model = { model: `compatible:mock@${server.url}`, weight: 1 };
  const llm = createLlmClient(model.model, { env: {}, sleep: async () => {}, ...clientOptions });
  const result = await createProposer(model).propose(sampleContext({ model, llm, ...contextOptions }));
  return { result, server };
}

function childOf(result: ProposalResult): string {
  if (!result.ok) throw new Error(`expected a child, got: ${result.reason}`);
  return result.files[0]?.content ?? '';
}

describe('the LLM proposer through mock-llm over HTTP', () => {
  it('makes a valid child that differs from the parent, from real SEARCH/REPLACE blocks', async () => {
    const { result } = await proposeThroughMock({ seed: 11 });
    expect(result).toMatchObject({
      ok: true,
      origin: 'llm',
      summary: expect.stringMatching(/^\d+ SEARCH\/REPLACE blocks?, \+\d+ −\d+ lines$/),
    });
    const child = childOf(result);
    expect(child).not.toBe(samplePython);
    execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: child });
  });

  it('is deterministic for a seed', async () => {
    const first = await proposeThroughMock({ seed: 4 });
    const second = await proposeThroughMock({ seed: 4 });
    expect(childOf(second.result)).toBe(childOf(first.result));
  });

  it('applies full rewrites when the problem asks for them', async () => {
    const { result } = await proposeThroughMock(
      { seed: 2 },
      { problem: sampleProblem({ edits: 'rewrite' }) },
    );
    expect(result).toMatchObject({ ok: true, summary: expect.stringMatching(/^rewrite, /) });
    expect(childOf(result)).not.toBe(samplePython);
  });

  it('crosses two parents over, with origin crossover', async () => {
    const second = samplePython.replace('spacing = 0.18', 'spacing = 0.31');
    const { result } = await proposeThroughMock(
      { seed: 1 },
      { request: { mode: 'crossover' }, parents: [sampleView(samplePython), sampleView(second)] },
    );
    expect(result).toMatchObject({ ok: true, origin: 'crossover' });
    expect(childOf(result)).toContain('spacing = 0.31');
  });

  it('survives a 429 and a 500 (retried inside the client)', async () => {
    const { result, server } = await proposeThroughMock({ faultSequence: ['429', '500', 'none'] });
    expect(result.ok).toBe(true);
    expect(server.stats().requests).toBe(3);
  });

  it('fails the proposal with a reason on a malformed answer', async () => {
    const { result } = await proposeThroughMock({ faults: { malformed: 1 } });
    expect(result).toEqual({ ok: false, reason: 'the answer has no SEARCH/REPLACE blocks' });
  });

  it('fails the proposal when a block matches nothing, naming the block', async () => {
    const { result } = await proposeThroughMock({ faults: { 'no-match': 1 } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(
      /^the SEARCH\/REPLACE block matches nothing in initial_program\.py: SEARCH "def mock_llm_line_that_is_not_in_the_program/,
    );
  });

  it('turns an LLM that keeps failing into a failed proposal, not a throw', async () => {
    const { result, server } = await proposeThroughMock({ faults: { '500': 1 } }, {}, { maxRetries: 2 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(
      /^llm error: compatible:mock@.*: HTTP 500: .*\(gave up after 3 attempts\)$/,
    );
    expect(server.stats().requests).toBe(3);
  });

  it('turns a hang into a timeout, retries, and fails with a clear reason', async () => {
    const { result } = await proposeThroughMock(
      { faults: { hang: 1 } },
      {},
      { timeoutMs: 100, maxRetries: 1 },
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(
      /^llm error: .*no answer within 100 ms \(timeout\) \(gave up after 2 attempts\)$/,
    );
  });
});
