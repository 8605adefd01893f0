import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { openStoreReader } from '../../api/inspect.ts';
import { renderCurvesPng } from '../../server/report/render-png.ts';
import { reportHtml } from '../../server/report/report-html.ts';
import { RunCatalog } from '../../server/run-catalog.ts';
import { storeHelp } from '../options.ts';

interface ReportFlags {
  output: string;
  png?: string;
  store?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write a self-contained HTML report of a run (opens offline), optionally its curves as PNG')
    .argument('[run]', 'run id or a unique prefix (default: the latest run)')
    .option('-o, --output <file>', 'the HTML file to write', 'report.html')
    .option(
      '--png <file>',
      'also save the curves as a PNG (needs Chromium; RATCHET_CHROMIUM overrides its path)',
    )
    .option('--store <dir>', storeHelp)
    .action(async (runArgument: string | undefined, flags: ReportFlags) => {
      const reader = openStoreReader(flags.store);
      const catalog = new RunCatalog(reader.storeDir, () => reader.store);
      let runId: string;
      let html: string;
      try {
        runId = reader.runId(runArgument);
        html = await reportHtml(catalog, runId, Date.now());
      } finally {
        catalog.close();
      }
      const output = path.resolve(flags.output);
      writeFileSync(output, html);
      process.stderr.write(
        `ratchet: wrote the report of ${runId} to ${output} (${Math.ceil(html.length / 1024)} kB)\n`,
      );
      if (flags.png !== undefined) {
        const png = path.resolve(flags.png);
        const chromiumPath = process.env['RATCHET_CHROMIUM'];
        await renderCurvesPng(output, png, chromiumPath === undefined ? {} : { chromiumPath });
        process.stderr.write(`ratchet: wrote the curves to ${png}\n`);
      }
      process.stdout.write(`${output}\n`);
    });
}
