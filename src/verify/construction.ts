/**
 * Reading constructions: the published-construction files of `data/constructions/` (`{ data, claimed }`)
 * and what candidate programs print (`{ centers, radii }`, `{ heights }`, or a bare array). Reading never
 * throws: a shape it cannot use is a `reason`, which the CLI turns into bad input and the loop into
 * feedback.
 */

/** The arrays of a construction, as read (values may still be non-finite or of the wrong type). */
export type Construction =
  | {
      readonly kind: 'circles';
      readonly centers: readonly (readonly number[])[];
      readonly radii: readonly number[];
    }
  | {
      readonly kind: 'step-function';
      readonly heights: readonly number[];
      /** The interval the file says the steps cover, if it says. */
      readonly interval: readonly [number, number] | null;
    };

export type ConstructionKind = Construction['kind'];

export type ReadConstruction =
  | { readonly ok: true; readonly construction: Construction; readonly claimed: number | null }
  | { readonly ok: false; readonly reason: string };

const nonFiniteMarker = '\u0000ratchet-non-finite:';

/**
 * `JSON.parse` that also accepts the `NaN`, `Infinity` and `-Infinity` tokens Python's `json.dumps` writes,
 * so a program printing them gets "radii[3] is not finite" rather than a parse error.
 */
export function parseJsonAllowingNonFinite(text: string): unknown {
  let rewritten = '';
  let cursor = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }
    const match = /^(-?Infinity|NaN)/.exec(text.slice(index, index + 9));
    if (match !== null) {
      const token = match[1] as string;
      rewritten += text.slice(cursor, index) + JSON.stringify(`${nonFiniteMarker}${token}`);
      index += token.length - 1;
      cursor = index + 1;
    }
  }
  if (cursor === 0) return JSON.parse(text);
  rewritten += text.slice(cursor);
  return JSON.parse(rewritten, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(nonFiniteMarker)
      ? Number(value.slice(nonFiniteMarker.length))
      : value,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function claimedOf(json: Record<string, unknown>): number | null {
  const claimed = json['claimed'];
  if (typeof claimed === 'number') return claimed;
  if (isRecord(claimed) && typeof claimed['value'] === 'number') return claimed['value'];
  return null;
}

/** Reads a construction of the wanted kind from parsed JSON. */
export function readConstruction(json: unknown, kind: ConstructionKind): ReadConstruction {
  const claimed = isRecord(json) ? claimedOf(json) : null;
  const data = isRecord(json) && isRecord(json['data']) ? json['data'] : json;
  const result = kind === 'circles' ? readCircles(data) : readStepFunction(data);
  return result.ok ? { ...result, claimed } : result;
}

type Read =
  | { readonly ok: true; readonly construction: Construction }
  | { readonly ok: false; readonly reason: string };

function readCircles(data: unknown): Read {
  const fromTriples = (rows: unknown, name: string): Read => {
    if (!Array.isArray(rows)) return { ok: false, reason: `\`${name}\` must be an array of [x, y, r] rows` };
    const bad = rows.findIndex((row) => !Array.isArray(row) || row.length !== 3);
    if (bad >= 0) return { ok: false, reason: `${name}[${bad}] is not a row [x, y, r]` };
    const triples = rows as number[][];
    return {
      ok: true,
      construction: {
        kind: 'circles',
        centers: triples.map((row) => [row[0] as number, row[1] as number]),
        radii: triples.map((row) => row[2] as number),
      },
    };
  };
  if (Array.isArray(data)) return fromTriples(data, 'the array');
  if (!isRecord(data)) return { ok: false, reason: 'expected a JSON object with `centers` and `radii`' };
  const rowsKey = ['circles_xyr', 'circles'].find((key) => data[key] !== undefined);
  const fromRows = rowsKey === undefined ? null : fromTriples(data[rowsKey], rowsKey);
  if (data['centers'] !== undefined || data['radii'] !== undefined) {
    const centers = data['centers'];
    const radii = data['radii'];
    if (!Array.isArray(centers) || !Array.isArray(radii)) {
      return { ok: false, reason: '`centers` ([[x, y], …]) and `radii` ([r, …]) must both be arrays' };
    }
    const split: Read = { ok: true, construction: { kind: 'circles', centers, radii } };
    if (fromRows?.ok && JSON.stringify(fromRows.construction) !== JSON.stringify(split.construction)) {
      return { ok: false, reason: `\`${rowsKey}\` and \`centers\`/\`radii\` describe different circles` };
    }
    return split;
  }
  return (
    fromRows ?? { ok: false, reason: 'no circles found: expected `centers` and `radii`, or `circles_xyr`' }
  );
}

function readStepFunction(data: unknown): Read {
  if (Array.isArray(data))
    return { ok: true, construction: { kind: 'step-function', heights: data, interval: null } };
  if (!isRecord(data)) return { ok: false, reason: 'expected a JSON object with a `heights` array' };
  const heights = data['heights'];
  if (!Array.isArray(heights))
    return { ok: false, reason: 'no step function found: expected a `heights` array' };
  const interval = data['interval'];
  if (interval !== undefined) {
    if (
      !Array.isArray(interval) ||
      interval.length !== 2 ||
      !interval.every((end) => typeof end === 'number')
    ) {
      return { ok: false, reason: '`interval` must be [start, end]' };
    }
    return {
      ok: true,
      construction: {
        kind: 'step-function',
        heights,
        interval: [interval[0] as number, interval[1] as number],
      },
    };
  }
  return { ok: true, construction: { kind: 'step-function', heights, interval: null } };
}
