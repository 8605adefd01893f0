import { describe, expect, it } from 'vitest';
import { RatchetError } from '../core/errors.ts';
import { findPrograms, wantsSearchReplace } from './mock-llm-answer.ts';
import { buildPrompt } from './prompt.ts';
import { unknownPlaceholders } from './prompt-template.ts';
import { sampleContext, sampleProblem, samplePython, sampleView } from './proposal-fixture.ts';

const userOf = (messages: ReturnType<typeof buildPrompt>): string =>
  messages.find((m) => m.role === 'user')!.content;

describe('buildPrompt', () => {
  it('shows the problem, the parent under "## Current program", its score, metrics and feedback', () => {
    const parent = sampleView(samplePython, {
      evaluation: {
        score: 2.5,
        metrics: { sum_radii: 2.5, overlap: 0 },
        feedback: 'circle 3 touches the wall',
      },
    });
    const messages = buildPrompt(sampleContext({ parents: [parent] }));
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    const user = userOf(messages);
    expect(user).toContain('Place 26 circles in the unit square');
    expect(user).toContain('Objective: maximize sum_radii.');
    expect(user).toContain(
      `## Current program\nFile \`initial_program.py\`:\n\`\`\`python\n${samplePython}\`\`\``,
    );
    expect(user).toContain('Evaluation: scored, score 2.5 (sum_radii, higher is better).');
    expect(user).toContain('- overlap: 0\n- sum_radii: 2.5');
    expect(user).toContain('circle 3 touches the wall');
    expect(user).toContain('<<<<<<< SEARCH');
    expect(user).toContain('EVOLVE-BLOCK-START and EVOLVE-BLOCK-END markers');
    // the mock server finds exactly the parent's code
    expect(findPrograms(messages).parent?.code).toBe(samplePython.replace(/\n$/, ''));
    expect(wantsSearchReplace(messages)).toBe(true);
  });

  it('caps the feedback, keeping its head and tail', () => {
    const feedback = `START${'x'.repeat(5000)}Traceback: ZeroDivisionError`;
    const parent = sampleView(samplePython, { evaluation: { status: 'failed', score: null, feedback } });
    const user = userOf(buildPrompt(sampleContext({ parents: [parent], request: { mode: 'fix' } })));
    expect(user).toContain('START');
    expect(user).toContain('Traceback: ZeroDivisionError');
    expect(user).toMatch(/characters cut/);
    expect(user).not.toContain('x'.repeat(1000));
    expect(user).toContain('Evaluation: failed, no score.');
    expect(user).toContain('did not get a valid score (status: failed). Repair it');
  });

  it('lists inspirations with scores and recent attempts with outcome and reason', () => {
    const inspiration = sampleView(samplePython.replace('0.18', '0.2'), { evaluation: { score: 2.6 } });
    const user = userOf(
      buildPrompt(
        sampleContext({
          inspirations: [inspiration],
          recentAttempts: [
            {
              proposalId: 'p1',
              parentIds: [],
              outcome: 'failed',
              reason: 'SEARCH/REPLACE block 1 of 2 matches nothing',
            },
            {
              proposalId: 'p2',
              parentIds: [],
              outcome: 'candidate',
              summary: '1 SEARCH/REPLACE block, +1 −1 lines',
              status: 'scored',
              score: 2.4,
            },
            {
              proposalId: 'p3',
              parentIds: [],
              outcome: 'candidate',
              status: 'invalid',
              feedback: 'overlap between circles 2 and 5\nmore',
            },
          ],
        }),
      ),
    );
    expect(user).toContain('## Other candidates');
    expect(user).toContain('### Candidate 1 (score 2.6)');
    expect(user).toContain('spacing = 0.2');
    expect(user).toContain('- a proposal → failed: SEARCH/REPLACE block 1 of 2 matches nothing');
    expect(user).toContain('- 1 SEARCH/REPLACE block, +1 −1 lines → scored 2.4');
    expect(user).toContain('- a proposal → invalid: overlap between circles 2 and 5');
  });

  it('omits empty sections and attempts when the request says so', () => {
    const user = userOf(
      buildPrompt(
        sampleContext({
          request: { showRecentAttempts: false },
          recentAttempts: [{ proposalId: 'p1', parentIds: [], outcome: 'failed', reason: 'nope' }],
        }),
      ),
    );
    expect(user).not.toContain('## Recent attempts');
    expect(user).not.toContain('## Other candidates');
    expect(user).not.toContain('## Notes');
    // the template's blank lines collapse; the program's own (two blank lines between functions) stay
    expect(user).toContain(samplePython);
    expect(user.replace(samplePython, '')).not.toMatch(/\n\n\n/);
  });

  it('has mode-specific instructions, notes and a second parent for crossovers', () => {
    const second = sampleView(samplePython.replace('0.18', '0.3'), { evaluation: { score: 2.2 } });
    const crossover = userOf(
      buildPrompt(
        sampleContext({
          request: { mode: 'crossover', notes: ['the worst candidate so far used spacing 0.5'] },
          parents: [sampleView(samplePython, { evaluation: { score: 2 } }), second],
        }),
      ),
    );
    expect(crossover).toContain('Combine the current program (parent A) with the second parent (B)');
    expect(crossover).toContain('## Second parent\nParent B, score 2.2:\n```python\n');
    expect(crossover).toContain('## Notes\n- the worst candidate so far used spacing 0.5');
    const fresh = userOf(buildPrompt(sampleContext({ request: { mode: 'fresh' } })));
    expect(fresh).toContain('Write a new solution');
  });

  it('asks for the whole program in rewrite mode', () => {
    const messages = buildPrompt(sampleContext({ problem: sampleProblem({ edits: 'rewrite' }) }));
    expect(userOf(messages)).toContain(
      'give the complete new content of `initial_program.py` in one fenced code block',
    );
    expect(wantsSearchReplace(messages)).toBe(false);
  });

  it('uses prompt.template and prompt.system with placeholders, and names an unknown placeholder', () => {
    const problem = sampleProblem({
      prompt: {
        inspirations: 0,
        recentAttempts: 0,
        maxFeedbackChars: 100,
        system: 'You write {{language}}.',
        template: 'Goal: {{objective}}\n{{program}}\n{{editInstructions}}',
      },
    });
    const messages = buildPrompt(sampleContext({ problem }));
    expect(messages[0]).toEqual({ role: 'system', content: 'You write python.' });
    expect(userOf(messages)).toMatch(/^Goal: maximize sum_radii\n```python\n"""Pack circles/);
    expect(unknownPlaceholders('{{program}} {{score}}')).toEqual(['score']);
    const bad = sampleProblem({ prompt: { ...problem.prompt, template: 'Show {{score}}' } });
    expect(() => buildPrompt(sampleContext({ problem: bad }))).toThrow(RatchetError);
    try {
      buildPrompt(sampleContext({ problem: bad }));
    } catch (error) {
      expect(RatchetError.is(error) && error.field).toBe('prompt.template');
      expect(RatchetError.is(error) && error.code).toBe('bad-input');
    }
  });

  it('fences code that itself contains backtick fences with a longer fence', () => {
    const content = 'x = 1\ndoc = """\n```\nnot the end\n```\n"""\n';
    const messages = buildPrompt(sampleContext({ parents: [sampleView(content)] }));
    expect(userOf(messages)).toContain('````python\n');
    expect(findPrograms(messages).parent?.code).toBe(content.replace(/\n$/, ''));
  });
});
