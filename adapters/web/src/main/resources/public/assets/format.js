// Formatting helpers shared by the pages.

/**
 * A Date from an ISO-8601 time. The workers' timestamps are naive UTC with microseconds
 * ("2026-11-26T14:03:22.418211"): they get a Z and lose the digits Date cannot hold.
 */
export function parseTime(text) {
  if (typeof text !== 'string' || text === '') return null;
  let iso = text.replace(/(\.\d{3})\d+/, '$1');
  if (!/(Z|[+-]\d\d:?\d\d)$/i.test(iso)) iso += 'Z';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "14:03:22" (local time), with milliseconds when asked. */
export function formatClock(date, { ms = false } = {}) {
  if (!date) return '–';
  const options = { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };
  if (ms) options.fractionalSecondDigits = 3;
  return date.toLocaleTimeString(undefined, options);
}

/** "14:03" (local time). */
export function formatMinute(date) {
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
}

/** "45 s", "3 min 05 s", "2 h 07 min". */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "290 µs", "2.3 ms", "1.25 s" from microseconds. */
export function formatLatency(micros) {
  if (micros === null || micros === undefined) return '–';
  if (micros < 1000) return `${Math.round(micros)} µs`;
  if (micros < 1_000_000) return `${(micros / 1000).toFixed(micros < 10_000 ? 1 : 0)} ms`;
  return `${(micros / 1_000_000).toFixed(2)} s`;
}

/** "87 B", "3.4 KiB", "1.2 MiB". */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '–';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** "vision_analysis" → "Vision analysis". */
export function humanize(code) {
  if (typeof code !== 'string' || code === '') return '';
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A percentage clamped to 0..100, or null when the value is not a number. */
export function percentOf(value) {
  const number = typeof value === 'string' ? Number(value) : value;
  return Number.isFinite(number) ? Math.min(100, Math.max(0, number)) : null;
}

/** `text` ending in a full stop (added when it has no closing punctuation). */
export function sentence(text) {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/** Creates an element with attributes, properties (`text`, `className`) and children. */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name === 'className') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}
