// How figures are written: the same everywhere on the page.

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function count(n) {
  return n === null || n === undefined ? '–' : integer.format(n);
}

export function percent(ratio) {
  return ratio === null || ratio === undefined ? '–' : `${(100 * ratio).toFixed(1)}%`;
}

/** A ratio with its 95% Wilson interval, e.g. "62.5% (48.0–75.1%)". */
export function ratioWithInterval(stats) {
  if (!stats || stats.positive_ratio === undefined || stats.positive_ratio === null) return '–';
  return `${percent(stats.positive_ratio)} (${(100 * stats.ratio_low).toFixed(1)}–${(100 * stats.ratio_high).toFixed(1)}%)`;
}

export function millis(ms) {
  if (ms === null || ms === undefined) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function time(iso) {
  return new Date(iso).toLocaleString(undefined, {
    month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

export function shortId(id) {
  return id ? `${id.slice(0, 8)}…` : '–';
}
