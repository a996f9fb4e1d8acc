// Inline SVG charts of GET /api/admin/deliveries/stats: outcomes per bucket (stacked bars) and
// delivery latency p50/p99 (lines). Drawn at the container's width so text stays legible.
import { formatLatency, formatMinute } from './format.js';

/** Outcome codes in drawing order (bottom to top), with their labels. */
export const OUTCOMES = [
  ['delivered', 'Delivered'],
  ['coalesced', 'Coalesced'],
  ['rate_limited', 'Rate limited'],
  ['dropped_slow_consumer', 'Dropped (slow consumer)'],
  ['failed', 'Failed'],
  ['no_connection', 'No connection'],
  ['no_subscribers', 'No subscribers'],
];

const SVG_NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 200;
const MARGIN = { top: 10, right: 10, bottom: 24, left: 52 };

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

function titled(node, text) {
  node.append(svg('title', {}, text));
  return node;
}

/** Every bucket of the period, oldest first, with the answer's bucket or null when it had none. */
export function slotsOf(stats) {
  const step = stats.bucket === 'hour' ? 3_600_000 : 60_000;
  const byStart = new Map(stats.buckets.map((bucket) => [Date.parse(bucket.start), bucket]));
  const slots = [];
  const end = Date.parse(stats.until);
  for (let start = Math.floor(Date.parse(stats.since) / step) * step; start < end; start += step) {
    slots.push({ start: new Date(start), bucket: byStart.get(start) ?? null });
  }
  return slots;
}

/** Totals per outcome code over the whole period. */
export function outcomeTotals(stats) {
  const totals = Object.fromEntries(OUTCOMES.map(([code]) => [code, 0]));
  for (const bucket of stats.buckets) {
    for (const [code] of OUTCOMES) totals[code] += bucket.counts[code] ?? 0;
  }
  return totals;
}

function niceMax(value) {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 4, 5, 6, 8, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

// The frame of a chart: an svg of the container's width, y grid lines with labels, x labels.
function frame(container, slots, { label, description, yMax, yLabel }) {
  const width = Math.max(280, Math.floor(container.clientWidth || 600));
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: width - MARGIN.left - MARGIN.right,
    height: HEIGHT - MARGIN.top - MARGIN.bottom,
  };
  const root = svg('svg', {
    width,
    height: HEIGHT,
    viewBox: `0 0 ${width} ${HEIGHT}`,
    role: 'img',
    'aria-label': label,
    class: 'chart-svg',
  });
  root.append(svg('desc', {}, description));
  const ticks = yMax >= 2 ? [0, yMax / 2, yMax] : [0, yMax];
  for (const tick of ticks) {
    const y = plot.top + plot.height - (tick / yMax) * plot.height;
    root.append(
      svg('line', { x1: plot.left, x2: plot.left + plot.width, y1: y, y2: y, class: 'grid' }),
    );
    root.append(
      svg(
        'text',
        { x: plot.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' },
        yLabel(tick),
      ),
    );
  }
  const slotWidth = plot.width / Math.max(slots.length, 1);
  const every = [1, 5, 10, 15, 30, 60].find((n) => n * slotWidth >= 48) ?? 60;
  slots.forEach((slot, index) => {
    if (slot.start.getMinutes() % every !== 0 && slots.length > 1) return;
    const x = plot.left + index * slotWidth;
    // Labels near the right edge end at their tick instead of running off the chart.
    const anchor = x > width - 20 ? 'end' : 'middle';
    root.append(
      svg('line', {
        x1: x,
        x2: x,
        y1: plot.top + plot.height,
        y2: plot.top + plot.height + 4,
        class: 'tick',
      }),
    );
    root.append(
      svg(
        'text',
        { x, y: HEIGHT - 6, 'text-anchor': anchor, class: 'axis' },
        formatMinute(slot.start),
      ),
    );
  });
  container.replaceChildren(root);
  return { root, plot, slotWidth };
}

function emptyNote(root, plot, text) {
  root.append(
    svg(
      'text',
      {
        x: plot.left + plot.width / 2,
        y: plot.top + plot.height / 2,
        'text-anchor': 'middle',
        class: 'empty-note',
      },
      text,
    ),
  );
}

/** Stacked bars of the outcome counts per bucket. */
export function renderOutcomeChart(container, stats) {
  const slots = slotsOf(stats);
  const totals = outcomeTotals(stats);
  const sum = Object.values(totals).reduce((a, b) => a + b, 0);
  const perSlot = slots.map((slot) =>
    slot.bucket ? OUTCOMES.reduce((n, [code]) => n + (slot.bucket.counts[code] ?? 0), 0) : 0,
  );
  const peak = Math.max(0, ...perSlot);
  const yMax = niceMax(peak);
  const summary = OUTCOMES.filter(([code]) => totals[code] > 0)
    .map(([code, label]) => `${label} ${totals[code]}`)
    .join(', ');
  const { root, plot, slotWidth } = frame(container, slots, {
    label: `Delivery outcomes per ${stats.bucket}: ${sum} in total, at most ${peak} in one ${stats.bucket}`,
    description: summary ? `Totals: ${summary}.` : 'Nothing was recorded in this period.',
    yMax,
    yLabel: (tick) => tick.toLocaleString(),
  });
  const barWidth = Math.max(1, slotWidth - (slotWidth > 4 ? 1 : 0));
  slots.forEach((slot, index) => {
    if (!slot.bucket) return;
    const group = svg('g', {});
    let top = plot.top + plot.height;
    const lines = [];
    for (const [code, label] of OUTCOMES) {
      const count = slot.bucket.counts[code] ?? 0;
      if (count === 0) continue;
      const height = (count / yMax) * plot.height;
      top -= height;
      group.append(
        svg('rect', {
          x: plot.left + index * slotWidth,
          y: top,
          width: barWidth,
          height,
          class: `series o-${code}`,
        }),
      );
      lines.push(`${label}: ${count}`);
    }
    titled(group, `${formatMinute(slot.start)}\n${lines.join('\n')}`);
    root.append(group);
  });
  if (sum === 0) emptyNote(root, plot, 'No deliveries recorded in this period');
  return totals;
}

/** Lines of the p50 and p99 delivery latency per bucket (gaps where nothing was delivered). */
export function renderLatencyChart(container, stats) {
  const slots = slotsOf(stats);
  const values = slots
    .flatMap((slot) => [slot.bucket?.p50Micros, slot.bucket?.p99Micros])
    .filter((v) => v !== null && v !== undefined);
  const yMax = niceMax(Math.max(0, ...values));
  const latest = [...slots]
    .reverse()
    .find((slot) => slot.bucket?.p50Micros !== null && slot.bucket?.p50Micros !== undefined);
  const { root, plot, slotWidth } = frame(container, slots, {
    label: `Delivery latency per ${stats.bucket}, p50 and p99`,
    description: latest
      ? `Latest ${stats.bucket} ${formatMinute(latest.start)}: p50 ${formatLatency(latest.bucket.p50Micros)}, p99 ${formatLatency(latest.bucket.p99Micros)}; highest ${formatLatency(Math.max(...values))}.`
      : 'Nothing was delivered in this period.',
    yMax,
    yLabel: (tick) => formatLatency(tick),
  });
  const x = (index) => plot.left + index * slotWidth + slotWidth / 2;
  const y = (micros) => plot.top + plot.height - (micros / yMax) * plot.height;
  for (const [key, name] of [
    ['p99Micros', 'p99'],
    ['p50Micros', 'p50'],
  ]) {
    let path = '';
    let drawing = false;
    slots.forEach((slot, index) => {
      const value = slot.bucket?.[key];
      if (value === null || value === undefined) {
        drawing = false;
        return;
      }
      path += `${drawing ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
      drawing = true;
      root.append(
        titled(
          svg('circle', { cx: x(index), cy: y(value), r: 2.5, class: `point ${name}` }),
          `${formatMinute(slot.start)} ${name} ${formatLatency(value)}`,
        ),
      );
    });
    if (path) root.append(svg('path', { d: path, class: `line ${name}` }));
  }
  if (values.length === 0) emptyNote(root, plot, 'Nothing delivered in this period');
  return latest?.bucket ?? null;
}
