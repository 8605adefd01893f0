const byExtension: Record<string, string> = {
  py: 'python',
  ts: 'typescript',
  mts: 'typescript',
  js: 'javascript',
  mjs: 'javascript',
  c: 'c',
  h: 'c',
  cpp: 'cpp',
  cc: 'cpp',
  rs: 'rust',
  go: 'go',
  java: 'java',
  jl: 'julia',
  sh: 'bash',
  md: 'markdown',
  txt: 'text',
};

/** The language name used in prompts and code fences, from a file name. */
export function languageOf(fileName: string): string {
  const extension = fileName.includes('.') ? (fileName.split('.').pop() ?? '') : '';
  return byExtension[extension.toLowerCase()] ?? (extension === '' ? 'text' : extension);
}
