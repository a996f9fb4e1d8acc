// The admin page (/admin): delivery search, upload timelines, the outcomes and latency of the last
// 15 minutes, hour or 24 hours as SVG charts, and this instance's live connections. Needs a token
// with the admin role.
import { apiClient, segment } from './api.js';
import { OUTCOMES, renderLatencyChart, renderOutcomeChart } from './charts.js';
import {
  element,
  formatBytes,
  formatClock,
  formatDuration,
  formatLatency,
  parseTime,
  sentence,
} from './format.js';
import { describeToken, startWithToken, tokenGate } from './session-token.js';

const TOKEN_KEY = 'progress-relay.admin-token';
const REFRESH_MS = 30_000;
const PAGE_SIZE = 50;
const ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const OUTCOME_LABELS = Object.fromEntries(OUTCOMES);
// The periods the charts can show (?range= in the address keeps the choice across reloads).
const RANGES = {
  '15m': { heading: 'Last 15 minutes', minutes: 15, bucket: 'minute' },
  '1h': { heading: 'Last hour', minutes: 60, bucket: 'minute' },
  '24h': { heading: 'Last 24 hours', minutes: 24 * 60, bucket: 'hour' },
};
const DEFAULT_RANGE = '1h';

const $ = (id) => document.getElementById(id);
const dom = {
  status: $('admin-status'),
  content: $('admin-content'),
  autoRefresh: $('auto-refresh'),
  refresh: $('refresh-overview'),
  statsHeading: $('stats-heading'),
  statsRange: $('stats-range'),
  statsUpdated: $('stats-updated'),
  outcomesCaption: $('outcomes-caption'),
  latencyCaption: $('latency-caption'),
  outcomesChart: $('outcomes-chart'),
  outcomesLegend: $('outcomes-legend'),
  latencyChart: $('latency-chart'),
  latencyLegend: $('latency-legend'),
  statsGaps: $('stats-gaps'),
  connectionsSummary: $('connections-summary'),
  connectionRows: $('connections-table').tBodies[0],
  deliveriesForm: $('deliveries-form'),
  searchUpload: $('search-upload'),
  searchUser: $('search-user'),
  searchOutcome: $('search-outcome'),
  deliveriesMessage: $('deliveries-message'),
  deliveriesGaps: $('deliveries-gaps'),
  deliveriesResults: $('deliveries-results'),
  deliveryRows: $('deliveries-rows'),
  deliveriesMore: $('deliveries-more'),
  timelineHeading: $('timeline-heading'),
  timelineForm: $('timeline-form'),
  timelineUpload: $('timeline-upload'),
  timelineMessage: $('timeline-message'),
  timelineGaps: $('timeline-gaps'),
  timeline: $('timeline'),
};

let session = null; // { api, timer, stats, search: { query, cursor }, asked }
let range = rangeFromAddress();

for (const [code, label] of OUTCOMES)
  dom.searchOutcome.append(element('option', { value: code, text: label }));

const gate = tokenGate(TOKEN_KEY, (token) => (token ? start(token) : stop()));
dom.refresh.addEventListener('click', () => refreshOverview({ announce: true }));
dom.autoRefresh.addEventListener('change', scheduleRefresh);
dom.statsRange.addEventListener('change', onRangeChange);
showRange();
dom.deliveriesForm.addEventListener('submit', onSearch);
dom.deliveriesMore.addEventListener('click', () => loadDeliveries({ more: true }));
dom.timelineForm.addEventListener('submit', (event) => {
  event.preventDefault();
  showTimeline(dom.timelineUpload.value.trim());
});
document.addEventListener('visibilitychange', scheduleRefresh);
new ResizeObserver(() => drawCharts()).observe(dom.outcomesChart);
startWithToken(TOKEN_KEY, gate, start, {
  noneMessage:
    'No token yet. Open the link printed by the demo command with an admin token ' +
    '(it ends in #token=… or ?token=…), or paste one below.',
});

// ---- session --------------------------------------------------------------------------------------

async function start(token) {
  stop();
  const mine = (session = {
    api: apiClient(token),
    timer: null,
    stats: null,
    search: null,
    asked: 0, // overview requests sent: an answer to an older one is not shown
  });
  setStatus('Loading…');
  await refreshOverview({ announce: false });
  if (mine !== session) return; // the token was refused
  gate.signedIn(token);
  if (dom.status.textContent === 'Loading…') setStatus('');
  if (!describeToken(token).roles.includes('admin')) {
    setStatus('Note: this token does not name the admin role.');
  }
  dom.content.hidden = false;
  drawCharts();
  scheduleRefresh();
}

function stop() {
  if (!session) return;
  clearTimeout(session.timer);
  session = null;
  dom.content.hidden = true;
  setStatus('');
}

function scheduleRefresh() {
  if (!session) return;
  clearTimeout(session.timer);
  if (dom.autoRefresh.checked && document.visibilityState !== 'hidden') {
    session.timer = setTimeout(async () => {
      await refreshOverview({ announce: false });
      scheduleRefresh();
    }, REFRESH_MS);
  }
}

// A refused token ends the session; other failures are shown where they happened.
function failed(error, show) {
  if (error.status === 401) {
    stop();
    gate.show(
      `${sentence(`The relay refused your token: ${error.message}`)} Paste a new one below.`,
    );
  } else if (error.status === 403) {
    stop();
    gate.show('This token lacks the admin role. Paste an admin token below.');
  } else {
    show(error.message);
  }
}

function setStatus(text, state = 'closed') {
  dom.status.textContent = text;
  dom.status.dataset.state = state;
}

// ---- overview: stats and connections -------------------------------------------------------------------

async function refreshOverview({ announce }) {
  const mine = session;
  if (!mine) return false;
  const asked = ++mine.asked;
  const period = RANGES[range];
  try {
    const [stats, connections] = await Promise.all([
      mine.api.get('/api/admin/deliveries/stats', {
        since: new Date(Date.now() - period.minutes * 60_000).toISOString(),
        bucket: period.bucket,
      }),
      mine.api.get('/api/admin/connections'),
    ]);
    if (mine !== session || asked !== mine.asked) return false;
    mine.stats = stats;
    drawCharts();
    renderGaps(dom.statsGaps, stats.gaps);
    renderConnections(connections.connections);
    const at = formatClock(new Date());
    dom.statsUpdated.textContent = `Updated ${at}.`;
    if (announce) setStatus(`Overview updated at ${at}.`, 'connected');
    else if (dom.status.dataset.state === 'reconnecting') setStatus('', 'connected');
    return true;
  } catch (error) {
    if (mine !== session || asked !== mine.asked) return false;
    failed(error, (message) =>
      setStatus(`Could not refresh the overview: ${message}`, 'reconnecting'),
    );
    return false;
  }
}

function onRangeChange(event) {
  if (!RANGES[event.target.value]) return;
  range = event.target.value;
  const url = new URL(window.location.href);
  url.searchParams.set('range', range);
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  showRange();
  if (!session) return;
  dom.statsUpdated.textContent = `Loading the ${RANGES[range].heading.toLowerCase()}…`;
  refreshOverview({ announce: false }).then(scheduleRefresh);
}

function rangeFromAddress() {
  const asked = new URL(window.location.href).searchParams.get('range');
  return Object.hasOwn(RANGES, asked ?? '') ? asked : DEFAULT_RANGE;
}

function showRange() {
  const period = RANGES[range];
  for (const input of dom.statsRange.querySelectorAll('input')) {
    input.checked = input.value === range;
  }
  dom.statsHeading.textContent = period.heading;
  dom.outcomesCaption.textContent =
    `Delivery outcomes per ${period.bucket}: delivered, and the rest by outcome`;
  dom.latencyCaption.textContent =
    `Delivery latency per ${period.bucket} (from receipt to first write)`;
}

function drawCharts() {
  const stats = session?.stats;
  if (!stats || dom.content.hidden) return;
  const totals = renderOutcomeChart(dom.outcomesChart, stats);
  dom.outcomesLegend.replaceChildren(
    ...OUTCOMES.map(([code, label]) =>
      element(
        'li',
        {},
        element('span', { className: `swatch o-${code}`, 'aria-hidden': 'true' }),
        `${label}: ${totals[code].toLocaleString()}`,
      ),
    ),
  );
  const latest = renderLatencyChart(dom.latencyChart, stats);
  dom.latencyLegend.replaceChildren(
    element(
      'li',
      {},
      element('span', { className: 'swatch p50', 'aria-hidden': 'true' }),
      `p50${latest ? ` (latest ${formatLatency(latest.p50Micros)})` : ''}`,
    ),
    element(
      'li',
      {},
      element('span', { className: 'swatch p99', 'aria-hidden': 'true' }),
      `p99${latest ? ` (latest ${formatLatency(latest.p99Micros)})` : ''}`,
    ),
  );
}

function renderConnections(connections) {
  const users = new Set(connections.map((c) => c.userId)).size;
  const queued = connections.reduce((n, c) => n + c.queuedFrames, 0);
  dom.connectionsSummary.textContent =
    `${connections.length} connection${connections.length === 1 ? '' : 's'} of ${users} user${users === 1 ? '' : 's'}, ` +
    `${queued} frame${queued === 1 ? '' : 's'} queued. This instance only; behind a load balancer ask each one.`;
  const deepest = Math.max(1, ...connections.map((c) => c.queuedFrames));
  dom.connectionRows.replaceChildren(
    ...connections.map((c) => {
      const since = parseTime(c.since);
      const meter = element('meter', {
        min: 0,
        max: deepest,
        value: c.queuedFrames,
        'aria-hidden': 'true',
      });
      return element(
        'tr',
        { className: c.queuedFrames > 0 ? 'busy' : null },
        element('td', { text: c.userId }),
        element('td', { className: 'mono', text: c.connectionId }),
        element('td', {}, timeElement(since, since ? formatDuration(Date.now() - since) : '–')),
        element('td', { className: 'num', text: c.subscriptions.toLocaleString() }),
        element(
          'td',
          { className: 'queue' },
          meter,
          ` ${c.queuedFrames} frames, ${formatBytes(c.queuedBytes)}`,
        ),
        element('td', { className: 'num', text: c.framesSent.toLocaleString() }),
        element('td', { className: 'num', text: c.framesCoalesced.toLocaleString() }),
      );
    }),
  );
  if (connections.length === 0) {
    dom.connectionRows.append(
      element(
        'tr',
        {},
        element('td', { colspan: 7, className: 'empty', text: 'No open connections.' }),
      ),
    );
  }
}

// ---- deliveries search -----------------------------------------------------------------------------------

function onSearch(event) {
  event.preventDefault();
  const query = {
    uploadId: dom.searchUpload.value.trim(),
    userId: dom.searchUser.value.trim(),
    outcome: dom.searchOutcome.value,
    limit: PAGE_SIZE,
  };
  for (const [input, value] of [
    [dom.searchUpload, query.uploadId],
    [dom.searchUser, query.userId],
  ]) {
    const invalid = value !== '' && !ID.test(value);
    input.setAttribute('aria-invalid', String(invalid));
    if (invalid) {
      dom.deliveriesMessage.textContent =
        'Ids are 1 to 128 characters: letters, digits and _ . : -';
      input.focus();
      return;
    }
  }
  session.search = { query, cursor: null };
  loadDeliveries({ more: false });
}

async function loadDeliveries({ more }) {
  const mine = session;
  const search = mine?.search;
  if (!search) return;
  dom.deliveriesMessage.textContent = 'Searching…';
  dom.deliveriesMore.disabled = true;
  let page;
  try {
    page = await mine.api.get('/api/admin/deliveries', {
      ...search.query,
      cursor: more ? search.cursor : null,
    });
  } catch (error) {
    if (mine === session) failed(error, (message) => (dom.deliveriesMessage.textContent = message));
    dom.deliveriesMore.disabled = false;
    return;
  }
  if (mine !== session || search !== mine.search) return;
  search.cursor = page.nextCursor;
  if (!more) dom.deliveryRows.replaceChildren();
  dom.deliveryRows.append(...page.items.map(deliveryRow));
  const shown = dom.deliveryRows.rows.length;
  dom.deliveriesResults.hidden = shown === 0;
  dom.deliveriesMore.hidden = !page.nextCursor;
  dom.deliveriesMore.disabled = false;
  dom.deliveriesMessage.textContent =
    shown === 0
      ? 'No deliveries match.'
      : `${shown} deliver${shown === 1 ? 'y' : 'ies'} shown, newest first${page.nextCursor ? '; more are available' : ''}.`;
  renderGaps(dom.deliveriesGaps, page.gaps);
}

function deliveryRow(item) {
  const received = parseTime(item.receivedAt);
  const upload = item.uploadId
    ? element('button', {
        type: 'button',
        className: 'link-button mono',
        text: item.uploadId,
        title: 'Show the timeline',
      })
    : element('span', { text: '–' });
  if (item.uploadId)
    upload.addEventListener('click', () => showTimeline(item.uploadId, { focus: true }));
  return element(
    'tr',
    {},
    element('td', {}, timeElement(received, formatClock(received, { ms: true }))),
    element('td', { text: item.action }),
    element('td', {}, upload),
    element('td', { text: item.userId ?? '(nobody subscribed)' }),
    element('td', {}, outcomeBadge(item.outcome)),
    element('td', { className: 'num', text: item.connections }),
    element('td', { className: 'num', text: formatLatency(item.latencyMicros) }),
    element('td', { className: 'mono', text: item.instanceId }),
  );
}

// ---- timeline ------------------------------------------------------------------------------------------------

async function showTimeline(uploadId, { focus = false } = {}) {
  const mine = session;
  dom.timelineUpload.value = uploadId;
  const invalid = !ID.test(uploadId);
  dom.timelineUpload.setAttribute('aria-invalid', String(invalid));
  if (invalid) {
    dom.timelineMessage.textContent =
      'Enter an upload id: 1 to 128 characters, letters, digits and _ . : -';
    dom.timelineUpload.focus();
    return;
  }
  if (focus) dom.timelineHeading.focus();
  dom.timelineMessage.textContent = `Loading the timeline of ${uploadId}…`;
  let timeline;
  try {
    timeline = await mine.api.get(`/api/admin/uploads/${segment(uploadId)}/timeline`);
  } catch (error) {
    if (mine === session) failed(error, (message) => (dom.timelineMessage.textContent = message));
    return;
  }
  if (mine !== session) return;
  const events = timeline.events;
  const first = parseTime(events[0]?.receivedAt);
  const last = parseTime(events.at(-1)?.receivedAt);
  dom.timelineMessage.textContent =
    events.length === 0
      ? `No history recorded for ${uploadId}.`
      : `${uploadId}: ${events.length} event${events.length === 1 ? '' : 's'} over ${formatDuration(last - first)}, oldest first` +
        (timeline.truncated
          ? '. Only the first 1,000 are shown; search deliveries for the rest.'
          : '.');
  renderGaps(dom.timelineGaps, timeline.gaps);
  dom.timeline.replaceChildren(...events.map((event) => timelineEvent(event, first)));
}

function timelineEvent(event, first) {
  const received = parseTime(event.receivedAt);
  const offset = first && received ? ` (+${formatDuration(received - first)})` : '';
  return element(
    'li',
    { className: 'timeline-event' },
    element(
      'p',
      { className: 'event-head' },
      timeElement(received, formatClock(received, { ms: true })),
      element('span', { className: 'offset', text: offset }),
      ' ',
      element('strong', { text: event.action }),
    ),
    element('p', {
      className: 'meta mono',
      text: `${event.channel} · ${formatBytes(event.sizeBytes)} · ${event.eventId}`,
    }),
    element(
      'ul',
      { className: 'recipients' },
      ...event.deliveries.map((delivery) =>
        element(
          'li',
          {},
          element('span', {
            className: 'recipient',
            text: delivery.userId ?? '(nobody subscribed)',
          }),
          ' ',
          outcomeBadge(delivery.outcome),
          ' ',
          element('span', { className: 'meta', text: recipientDetail(delivery) }),
        ),
      ),
    ),
  );
}

function recipientDetail(delivery) {
  const parts = [];
  if (delivery.outcome === 'delivered') {
    parts.push(`${delivery.connections} socket${delivery.connections === 1 ? '' : 's'}`);
    parts.push(`in ${formatLatency(delivery.latencyMicros)}`);
  }
  parts.push(`on ${delivery.instanceId}`);
  return parts.join(' · ');
}

// ---- shared bits ------------------------------------------------------------------------------------------------

function outcomeBadge(code) {
  return element('span', {
    className: `badge outcome o-${code}`,
    text: OUTCOME_LABELS[code] ?? code,
  });
}

function timeElement(date, text) {
  return element('time', { datetime: date?.toISOString(), title: date?.toISOString() }, text);
}

function renderGaps(list, gaps = []) {
  list.replaceChildren(
    ...gaps.map((gap) => element('li', { className: 'notice', text: gap.notice })),
  );
}
