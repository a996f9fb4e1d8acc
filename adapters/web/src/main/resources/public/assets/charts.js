// Inline SVG charts of GET /api/admin/deliveries/stats: outcomes per bucket and delivery latency
// p50/p99 (lines). Drawn at the container's width so text stays legible.
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

/** The outcomes other than delivered, stacked in the outcome chart's lower panel. */
const UNDELIVERED = OUTCOMES.filter(([code]) => code !== 'delivered');

const SVG_NS = 'http://www.w3.org/2000/svg';
const MARGIN = { top: 10, right: 10, bottom: 24, left: 52 };
const PANEL_HEIGHT = 166; // one plot, as in the latency chart
const HALF_PANEL_HEIGHT = 92; // each of the outcome chart's two plots
const PANEL_TITLE_SPACE = 18; // above each of the outcome chart's plots, for its name
const PANEL_GAP = 16; // between two plots, so one's 0 does not touch the next one's name
const MIN_LABEL_SPACING = 48; // pixels between two time labels

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

function stepOf(stats) {
  return stats.bucket === 'hour' ? 3_600_000 : 60_000;
}

/** Every bucket of the period, oldest first, with the answer's bucket or null when it had none. */
export function slotsOf(stats) {
  const step = stepOf(stats);
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

// An svg of the container's width holding `plots` (each { height, title? }) one above the other
// over a shared time axis; returns the svg and each plot's box.
function frame(container, slots, stats, { label, description, plots }) {
  const width = Math.max(280, Math.floor(container.clientWidth || 600));
  let y = MARGIN.top;
  const boxes = plots.map((plot, index) => {
    if (index > 0) y += PANEL_GAP;
    if (plot.title) y += PANEL_TITLE_SPACE;
    const box = { left: MARGIN.left, top: y, width: width - MARGIN.left - MARGIN.right };
    box.height = plot.height;
    y += plot.height;
    return box;
  });
  const height = y + MARGIN.bottom;
  const root = svg('svg', {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': label,
    class: 'chart-svg',
    'data-bucket': stats.bucket,
    'data-since': stats.since,
    'data-until': stats.until,
    'data-slots': slots.length,
  });
  root.append(svg('desc', {}, description));
  plots.forEach((plot, index) => {
    if (plot.title) {
      const box = boxes[index];
      root.append(svg('text', { x: box.left, y: box.top - 6, class: 'panel-title' }, plot.title));
    }
  });
  const last = boxes.at(-1);
  const slotWidth = last.width / Math.max(slots.length, 1);
  const labelled = labelledSlots(slots, slotWidth, stepOf(stats));
  slots.forEach((slot, index) => {
    if (!labelled.has(index)) return;
    const x = last.left + index * slotWidth;
    // Labels near the right edge end at their tick instead of running off the chart.
    const anchor = x > width - 20 ? 'end' : 'middle';
    root.append(
      svg('line', {
        x1: x,
        x2: x,
        y1: last.top + last.height,
        y2: last.top + last.height + 4,
        class: 'tick',
      }),
    );
    root.append(
      svg(
        'text',
        { x, y: height - 6, 'text-anchor': anchor, class: 'axis' },
        formatMinute(slot.start),
      ),
    );
  });
  container.replaceChildren(root);
  return { root, boxes, slotWidth };
}

// The slots that get a time label: on round local times (every 5 minutes, every 2 hours...), as
// sparse as needed to leave room for each label; by position when no slot starts on a round time
// (a time zone a fraction of an hour off UTC, with hourly buckets).
function labelledSlots(slots, slotWidth, step) {
  const stepMinutes = step / 60_000;
  const choices =
    stepMinutes >= 60 ? [60, 120, 180, 240, 360, 720, 1440] : [1, 5, 10, 15, 30, 60, 120];
  const every =
    choices.find((minutes) => (minutes / stepMinutes) * slotWidth >= MIN_LABEL_SPACING) ??
    choices.at(-1);
  const minuteOfDay = (date) => date.getHours() * 60 + date.getMinutes();
  let indexes = slots.flatMap((slot, index) =>
    minuteOfDay(slot.start) % every === 0 ? [index] : [],
  );
  if (indexes.length === 0 && slots.length > 0) {
    const stride = Math.max(1, Math.round(every / stepMinutes));
    indexes = slots.flatMap((_, index) =>
      (slots.length - 1 - index) % stride === 0 ? [index] : [],
    );
  }
  return new Set(indexes);
}

// Grid lines and labels of a plot's y axis, from 0 to yMax.
function yAxis(root, box, yMax, yLabel) {
  const ticks = yMax >= 2 ? [0, yMax / 2, yMax] : [0, yMax];
  for (const tick of ticks) {
    const y = box.top + box.height - (tick / yMax) * box.height;
    root.append(
      svg('line', { x1: box.left, x2: box.left + box.width, y1: y, y2: y, class: 'grid' }),
    );
    root.append(
      svg(
        'text',
        { x: box.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' },
        yLabel(tick),
      ),
    );
  }
}

function emptyNote(root, box, text) {
  root.append(
    svg(
      'text',
      {
        x: box.left + box.width / 2,
        y: box.top + box.height / 2,
        'text-anchor': 'middle',
        class: 'empty-note',
      },
      text,
    ),
  );
}

// Stacked bars of `outcomes` per slot in `box`, on a scale of its own; returns the peak.
function stackedBars(root, box, slots, slotWidth, outcomes, what) {
  const countOf = (slot, code) => slot.bucket?.counts[code] ?? 0;
  const perSlot = slots.map((slot) => outcomes.reduce((n, [code]) => n + countOf(slot, code), 0));
  const peak = Math.max(0, ...perSlot);
  const yMax = niceMax(peak);
  yAxis(root, box, yMax, (tick) => tick.toLocaleString());
  const barWidth = Math.max(1, slotWidth - (slotWidth > 4 ? 1 : 0));
  slots.forEach((slot, index) => {
    if (perSlot[index] === 0) return;
    const group = svg('g', {});
    let top = box.top + box.height;
    const lines = [];
    for (const [code, label] of outcomes) {
      const count = countOf(slot, code);
      if (count === 0) continue;
      // At least a pixel, so a count dwarfed by its neighbours still shows.
      const height = Math.max(1, (count / yMax) * box.height);
      top -= height;
      group.append(
        svg('rect', {
          x: box.left + index * slotWidth,
          y: top,
          width: barWidth,
          height,
          class: `series o-${code}`,
        }),
      );
      lines.push(`${label}: ${count.toLocaleString()}`);
    }
    titled(group, `${formatMinute(slot.start)}\n${lines.join('\n')}`);
    root.append(group);
  });
  if (peak === 0) emptyNote(root, box, `${what} in this period`);
  return peak;
}

/**
 * The outcome counts per bucket in two plots over one time axis, each on its own scale: delivered
 * above, the other outcomes stacked below. On one shared scale, delivered frames were a sliver
 * beside the no-connection rows of users without an open page (one row per user and event).
 */
export function renderOutcomeChart(container, stats) {
  const slots = slotsOf(stats);
  const totals = outcomeTotals(stats);
  const sum = Object.values(totals).reduce((a, b) => a + b, 0);
  const summary = OUTCOMES.filter(([code]) => totals[code] > 0)
    .map(([code, label]) => `${label} ${totals[code].toLocaleString()}`)
    .join(', ');
  const { root, boxes, slotWidth } = frame(container, slots, stats, {
    label:
      `Delivery outcomes per ${stats.bucket}: ${sum.toLocaleString()} in total, ` +
      `${totals.delivered.toLocaleString()} delivered`,
    description: summary ? `Totals: ${summary}.` : 'Nothing was recorded in this period.',
    plots: [
      // Short names: they must fit a phone's width. The figure's caption names the bucket.
      { height: HALF_PANEL_HEIGHT, title: 'Delivered' },
      { height: HALF_PANEL_HEIGHT, title: 'Not delivered, by outcome' },
    ],
  });
  stackedBars(root, boxes[0], slots, slotWidth, [OUTCOMES[0]], 'Nothing delivered');
  stackedBars(root, boxes[1], slots, slotWidth, UNDELIVERED, 'No other outcome');
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
  const { root, boxes, slotWidth } = frame(container, slots, stats, {
    label: `Delivery latency per ${stats.bucket}, p50 and p99`,
    description: latest
      ? `Latest ${stats.bucket} ${formatMinute(latest.start)}: p50 ${formatLatency(latest.bucket.p50Micros)}, p99 ${formatLatency(latest.bucket.p99Micros)}; highest ${formatLatency(Math.max(...values))}.`
      : 'Nothing was delivered in this period.',
    plots: [{ height: PANEL_HEIGHT }],
  });
  const plot = boxes[0];
  yAxis(root, plot, yMax, (tick) => (tick === 0 ? '0' : formatLatency(tick)));
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
