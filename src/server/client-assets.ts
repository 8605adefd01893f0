/**
 * The browser code, bundled from `client/*.ts` by esbuild in memory the first time it is asked for (no
 * build step between a checkout and a working dashboard, and no network). The dashboard serves the
 * bundle as files; the report inlines it.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { RatchetError } from '../core/errors.ts';

export interface ClientAssets {
  readonly js: string;
  readonly css: string;
}

/** `dashboard`: the live web app; `report`: the script of a self-contained report. */
export type ClientEntry = 'dashboard' | 'report';

const entries: Record<ClientEntry, string> = {
  dashboard: fileURLToPath(new URL('./client/dashboard-main.ts', import.meta.url)),
  report: fileURLToPath(new URL('./client/report-main.ts', import.meta.url)),
};
const stylesFile = fileURLToPath(new URL('./client/styles.css', import.meta.url));

const built = new Map<ClientEntry, Promise<ClientAssets>>();

/** The bundled script and the style sheet of one entry (built once per process). */
export function clientAssets(entry: ClientEntry): Promise<ClientAssets> {
  let assets = built.get(entry);
  if (assets === undefined) {
    assets = bundle(entry);
    built.set(entry, assets);
    assets.catch(() => built.delete(entry));
  }
  return assets;
}

async function bundle(entry: ClientEntry): Promise<ClientAssets> {
  const result = await build({
    entryPoints: [entries[entry]],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  }).catch((error: unknown) => {
    throw new RatchetError('internal', `cannot bundle the ${entry} client: ${(error as Error).message}`, {
      cause: error,
    });
  });
  const js = result.outputFiles[0]?.text ?? '';
  const require = createRequire(import.meta.url);
  const [uplotCss, ownCss] = await Promise.all([
    readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    readFile(stylesFile, 'utf8'),
  ]);
  return { js, css: `${uplotCss}\n${ownCss}` };
}
