/** Numbers and times for people. */

export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined) return '—';
  if (Number.isInteger(score)) return String(score);
  const magnitude = Math.abs(score);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)
    ? score.toExponential(6)
    : score.toPrecision(10).replace(/0+$/, '').replace(/\.$/, '');
}

export function formatCost(usd: number): string {
  return `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** 12 hex digits of a candidate id. */
export function shortId(id: string): string {
  return id.slice(0, 12);
}
