import { defineProblem } from 'ratchet';

// The task model the evaluator asks: any OpenAI-compatible endpoint (vLLM, llama-server, Ollama's /v1,
// OpenAI itself, or `ratchet mock-llm` for an offline run). Base URL and model name are recorded in the
// run (sandbox.setEnv); the API key is passed through by name only (sandbox.env) and never recorded.
const baseUrl = process.env['PROMPT_OPT_BASE_URL'];
if (baseUrl === undefined || baseUrl === '') {
  throw new Error(
    'set PROMPT_OPT_BASE_URL to the /v1 URL of the task model (the URL `ratchet mock-llm` prints, http://127.0.0.1:11434/v1 for Ollama, https://api.openai.com/v1 …), PROMPT_OPT_MODEL to its model name, and PROMPT_OPT_API_KEY if it needs a key',
  );
}

export default defineProblem({
  name: 'prompt-optimization',
  description: [
    'The candidate is a prompt: the system message of a model that routes messages from the customers of',
    'an online shop to one of four support queues (billing, technical, account, shipping). The customer',
    'message is the user message. The score is the fraction of messages routed to the right queue.',
    'The feedback lists the mistakes with the expected queue. Improve the prompt so that the model routes',
    'messages like these correctly: describe what belongs in each queue and how to decide borderline',
    'cases. The prompt must keep the line "Answer with one of: billing, technical, account, shipping" and',
    'must not list individual messages: it is checked on held-out messages it never saw.',
  ].join('\n'),
  seed: 'prompt.txt',
  language: 'text',
  evaluator: 'evaluator.ts',
  objective: { metric: 'accuracy', direction: 'maximize' },
  instances: { file: 'splits.json' },
  gates: {
    staticChecks: [
      {
        name: 'keeps the answer format',
        require: 'Answer with one of: billing, technical, account, shipping',
      },
    ],
    test: 'sign',
    confidence: 0.8,
  },
  strategy: 'pareto',
  edits: 'rewrite',
  prompt: {
    system:
      'You are an expert prompt engineer taking part in an evaluation-driven search: every prompt you propose is given to a task model and scored on labelled examples, and the best prompts are kept. Study the mistakes in the feedback, find what the current prompt leaves unclear, and write a better prompt. Keep it general: it is also scored on examples you never see. Follow the answer format exactly.',
  },
  sandbox: {
    // the evaluator must reach the task model; see the README for what this allows
    network: true,
    env: ['PROMPT_OPT_API_KEY'],
    setEnv: { PROMPT_OPT_BASE_URL: baseUrl, PROMPT_OPT_MODEL: process.env['PROMPT_OPT_MODEL'] ?? 'mock' },
  },
  timeoutSeconds: 300,
  concurrency: { llm: 2, evaluations: 2 },
  budget: { evaluations: 40 },
});
