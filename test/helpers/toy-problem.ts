/**
 * A small problem with a fast shell evaluator (the score is minus the distance of the numbers in the
 * evolve block from 1), for end-to-end tests that need many evaluations quickly.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const program = `# EVOLVE-BLOCK-START
a = 1.5
b = -2.25
c = [0.5, 0.75, 3.0]
# EVOLVE-BLOCK-END
`;

export function toyProblem(options: { noisy?: boolean; extraConfig?: string } = {}): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-toy-'));
  writeFileSync(path.join(folder, 'main.py'), program);
  const noise = options.noisy === true ? ' + $(od -An -N2 -tu2 /dev/urandom) / 100000' : '';
  writeFileSync(
    path.join(folder, 'score.sh'),
    `#!/bin/sh
total=$(grep -oE -- '-?[0-9]+(\\.[0-9]+)?' "$1" | awk '{ d = $1 - 1; s += (d < 0 ? -d : d) } END { printf "%.6f", -s }')
echo "{\\"metrics\\": {\\"combined_score\\": $(awk "BEGIN { print $total${noise} }")}}"
`,
  );
  writeFileSync(
    path.join(folder, 'ratchet.config.ts'),
    `export default { description: 'bring every number to 1', seed: 'main.py', evaluator: { command: ['/bin/sh', '{problemDir}/score.sh', '{candidate}'] }, timeoutSeconds: 10${options.extraConfig ?? ''} };\n`,
  );
  return folder;
}
