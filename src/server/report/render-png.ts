/** The curves of a report as a PNG (for papers and slides), drawn by headless Chromium. */
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../chromium.ts';

export interface PngOptions {
  readonly chromiumPath?: string;
  /** CSS pixels of the page (default 1400). */
  readonly width?: number;
  /** Device pixels per CSS pixel (default 2). */
  readonly scale?: number;
}

/** Opens the report file (offline) and saves its curves section to `pngFile`. */
export async function renderCurvesPng(
  reportFile: string,
  pngFile: string,
  options: PngOptions = {},
): Promise<void> {
  const browser = await launchChromium(options.chromiumPath);
  try {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1400, height: 900 },
      deviceScaleFactor: options.scale ?? 2,
      offline: true,
    });
    const page = await context.newPage();
    await page.goto(pathToFileURL(reportFile).href);
    await page.waitForSelector('body[data-ready="true"] #curves canvas');
    // let uPlot finish its first draw
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    await page.locator('#curves').screenshot({ path: pngFile });
  } finally {
    await browser.close();
  }
}
