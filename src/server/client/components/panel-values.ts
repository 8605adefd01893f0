/** Reading the loosely-shaped data of strategy panels: records, scores, candidate ids, cell text. */
import { type Child, h, routes } from '../dom.ts';
import { formatScore, shortId } from '../format.ts';
import { scoreColor } from './lineage-tree.ts';

export type Json = unknown;
export type JsonRecord = Record<string, Json>;

export const candidateIdPattern = /^[0-9a-f]{64}$/;

export const isRecord = (value: Json): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A number, or a record's `score` or `fitness`. */
export function scoreOf(value: Json): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (!isRecord(value)) return null;
  for (const key of ['score', 'fitness']) {
    const candidate = value[key];
    if (typeof candidate === 'number' && Number.isFinite(candidate)) return candidate;
  }
  return null;
}

/** A record's `candidateId` or `id`. */
export function idOf(value: JsonRecord): string | null {
  for (const key of ['candidateId', 'id']) {
    const candidate = value[key];
    if (typeof candidate === 'string') return candidate;
  }
  return null;
}

/** A value as short text (numbers formatted as scores, objects as JSON). */
export function valueText(value: Json): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatScore(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A value for a cell: a candidate id becomes a link to it. */
export function valueNode(value: Json, runId: string): Child {
  if (typeof value === 'string' && candidateIdPattern.test(value))
    return h('a', { href: routes.candidate(runId, value), class: 'mono', title: value }, shortId(value));
  return valueText(value);
}

/** Colours for scores between the lowest and highest given (green best). */
export function scaleFor(scores: readonly number[], minimize: boolean): (score: number) => string {
  const low = scores.reduce((min, score) => Math.min(min, score), Number.POSITIVE_INFINITY);
  const high = scores.reduce((max, score) => Math.max(max, score), Number.NEGATIVE_INFINITY);
  return (score) => {
    const t = high === low ? 1 : (score - low) / (high - low);
    return scoreColor(minimize ? 1 - t : t);
  };
}
