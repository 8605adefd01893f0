/** A run's self-contained report page, from the store's runs. */
import type { RunCatalog } from '../run-catalog.ts';
import { renderReport } from './render-report.ts';
import { buildReportData } from './report-data.ts';

export function reportHtml(catalog: RunCatalog, runId: string, generatedAt: number): Promise<string> {
  return renderReport(buildReportData(catalog, runId, generatedAt));
}
