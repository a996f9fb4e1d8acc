// The user page (/): the signed-in user's subscriptions as live progress bars.
import { ProgressRelayClient, State } from '/client/progress-relay.js';
import { apiClient, segment } from './api.js';
import { fileNameMemory, fileNameOf } from './file-names.js';
import { element, formatDuration, humanize, parseTime, percentOf, sentence } from './format.js';
import { currentToken, describeToken, startWithToken, tokenGate } from './session-token.js';

const TOKEN_KEY = 'progress-relay.token';
const UPLOAD_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const MAX_LISTED = 500; // subscriptions loaded at start, newest first
const MAX_LOG_LINES = 50;
const TRANSPORTS = new Set(['websocket', 'sse']); // ?transport= forces one (default: auto)
const DETAIL_REQUESTS_AT_ONCE = 4;
const STATUS_LABELS = {
  waiting: 'Waiting',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
};

const dom = {
  connection: document.getElementById('connection'),
  uploadsPanel: document.getElementById('uploads-panel'),
  uploadsStatus: document.getElementById('uploads-status'),
  uploads: document.getElementById('uploads'),
  followForm: document.getElementById('follow-form'),
  followInput: document.getElementById('upload-id'),
  followMessage: document.getElementById('follow-message'),
  batchesPanel: document.getElementById('batches-panel'),
  batches: document.getElementById('batches'),
  announcer: document.getElementById('announcer'),
  logPanel: document.getElementById('log-panel'),
  log: document.getElementById('connection-log'),
  recovered: document.getElementById('recovered-count'),
  reconnect: document.getElementById('reconnect'),
};

let session = null; // { token, api, client, rows, batches, ticker, unfollowed, names }
let rowCount = 0;

const gate = tokenGate(TOKEN_KEY, (token) => (token ? start(token) : stop()));
dom.followForm.addEventListener('submit', onFollow);
dom.reconnect.addEventListener('click', () => session?.client?.reconnect());
startWithToken(TOKEN_KEY, gate, start, {
  noneMessage:
    'No token yet. Open the link printed by the demo command (it ends in #token=… or ?token=…), ' +
    'or paste a token below.',
});

// ---- session --------------------------------------------------------------------------------------

async function start(token) {
  stop();
  const mine = (session = {
    token,
    api: apiClient(token),
    client: null,
    rows: new Map(),
    batches: new Map(),
    unfollowed: new Set(),
    loadError: null,
    details: detailQueue(),
    ticker: null,
    recovered: 0,
    names: fileNameMemory(describeToken(token).subject ?? ''),
  });
  dom.uploadsPanel.hidden = false;
  dom.uploadsStatus.hidden = false;
  dom.uploadsStatus.textContent = 'Loading your subscriptions…';
  let items = [];
  try {
    items = await listSubscriptions(mine.api);
  } catch (error) {
    if (mine !== session) return;
    if (error.status === 401) {
      refuse(`The relay refused your token: ${error.message}`);
      return;
    }
    mine.loadError = `Could not load your subscriptions: ${error.message}`;
  }
  if (mine !== session) return;
  gate.signedIn(token);
  const transport = new URL(window.location.href).searchParams.get('transport');
  mine.client = new ProgressRelayClient({
    token,
    getToken: async () => currentToken(TOKEN_KEY),
    onStateChange: showConnection,
    onUserEvent,
    onGap: showGap,
    onCaughtUp: showCaughtUp,
    transport: TRANSPORTS.has(transport) ? transport : 'auto',
  });
  dom.logPanel.hidden = false;
  dom.recovered.textContent = '0';
  for (const item of items) addRow(item.uploadId, parseTime(item.subscribedAt), { prepend: false });
  updateEmptyState();
  mine.client.connect();
  mine.ticker = setInterval(() => mine.rows.forEach(renderElapsed), 1000);
}

function stop() {
  if (!session) return;
  session.client?.close();
  clearInterval(session.ticker);
  session = null;
  dom.uploads.replaceChildren();
  dom.batches.replaceChildren();
  dom.uploadsPanel.hidden = true;
  dom.batchesPanel.hidden = true;
  dom.logPanel.hidden = true;
  dom.log.replaceChildren();
  setConnection('closed', 'Not connected');
}

function refuse(message) {
  stop();
  gate.show(`${sentence(message)} Paste a new token below.`);
}

async function listSubscriptions(api) {
  const items = [];
  let cursor = null;
  do {
    const page = await api.get('/api/subscriptions', { limit: 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < MAX_LISTED);
  return items.slice(0, MAX_LISTED);
}

// ---- connection state -----------------------------------------------------------------------------

function showConnection(state, detail) {
  switch (state) {
    case State.CONNECTING:
      setConnection(state, 'Connecting…');
      break;
    case State.CONNECTED:
      setConnection(state, 'Live: connected');
      log(
        'connected',
        `Connected over ${detail.transport === 'sse' ? 'Server-Sent Events' : 'WebSocket'}` +
          (detail.protocol && detail.protocol !== 'sse' ? ` (${detail.protocol})` : '') +
          (detail.resumingFrom ? `, resuming from ${detail.resumingFrom}` : ''),
      );
      break;
    case State.RECONNECTING: {
      const why = detail.code ? `connection lost (${detail.reason || `code ${detail.code}`})` : '';
      if (why) log('lost', sentence(`Connection lost: ${detail.reason || `code ${detail.code}`}`));
      const when =
        detail.delayMs === undefined
          ? 'Reconnecting…'
          : `Reconnecting in ${Math.ceil(detail.delayMs / 1000)} s`;
      setConnection(state, why ? `${when}: ${why}` : when);
      break;
    }
    default:
      if (detail.authFailed) {
        refuse(`The relay refused your token${detail.reason ? ` (${detail.reason})` : ''}.`);
      } else if (!detail.byClient) {
        setConnection(
          state,
          `Disconnected: ${detail.reason || `code ${detail.code}`}. Reload to retry.`,
        );
      }
  }
}

// The catch-up after (re)connecting (progress-relay.v3 and SSE): what the page recovered.
function showCaughtUp({ since, recovered, replayed, gaps }) {
  if (!session) return;
  session.recovered += recovered;
  dom.recovered.textContent = String(session.recovered);
  const gapText = gaps.length ? `, ${gaps.length} gap${gaps.length === 1 ? '' : 's'}` : '';
  if (since) {
    log(
      'resumed',
      `Resumed from ${since}: ${recovered} missed event${recovered === 1 ? '' : 's'} recovered${gapText}.`,
    );
  } else {
    log('caught-up', `Caught up: ${replayed} latest state${replayed === 1 ? '' : 's'}${gapText}.`);
  }
}

function showGap(channel, reason) {
  if (!session) return;
  const what = channel.startsWith('upload:')
    ? `upload ${channel.slice('upload:'.length)}`
    : 'your batches';
  log('gap', `Gap on ${what} (${reason.replace(/_/g, ' ')}): showing its latest state.`);
}

function log(kind, text) {
  const time = new Date().toLocaleTimeString();
  const line = element('li', { text: `${time} ${text}` });
  line.dataset.kind = kind;
  dom.log.prepend(line);
  while (dom.log.children.length > MAX_LOG_LINES) dom.log.lastElementChild.remove();
}

function setConnection(state, text) {
  dom.connection.dataset.state = state;
  dom.connection.textContent = text;
}

// ---- uploads ----------------------------------------------------------------------------------------

function addRow(uploadId, subscribedAt, { prepend }) {
  const existing = session.rows.get(uploadId);
  if (existing) return existing;
  const headingId = `upload-${++rowCount}`;
  const row = {
    id: uploadId,
    fileName: session.names.get(uploadId),
    events: 0, // events applied so far: none means no stage and no percent to show
    status: 'waiting',
    stage: null,
    workerStatus: null,
    percent: null,
    message: '',
    startedAt: subscribedAt,
    endedAt: null,
    heardLive: false,
  };
  row.title = element('h3', { id: headingId });
  row.idText = element('p', { className: 'upload-id' });
  row.badge = element('span', { className: 'badge' });
  row.progress = element('progress', { max: 100, 'aria-labelledby': headingId });
  row.stageText = element('span', { className: 'stage' });
  row.percentText = element('span', { className: 'percent' });
  row.elapsedText = element('span', { className: 'elapsed' });
  row.messageText = element('p', { className: 'upload-message' });
  const unfollow = element('button', {
    type: 'button',
    className: 'secondary',
    text: 'Stop following',
  });
  unfollow.setAttribute('aria-describedby', headingId);
  unfollow.addEventListener('click', () => onUnfollow(row, unfollow));
  row.item = element(
    'li',
    { className: 'card upload', 'data-upload-id': uploadId },
    element(
      'div',
      { className: 'card-head' },
      element('div', { className: 'card-title' }, row.title, row.idText),
      row.badge,
    ),
    row.progress,
    element('p', { className: 'meta' }, row.stageText, row.percentText, row.elapsedText),
    row.messageText,
    element('div', { className: 'card-actions' }, unfollow),
  );
  session.rows.set(uploadId, row);
  session.unfollowed.delete(uploadId);
  if (prepend) dom.uploads.prepend(row.item);
  else dom.uploads.append(row.item);
  const onEvent = (frame, info) => onUploadEvent(row, frame, info);
  row.unsubscribe = session.client.subscribe(uploadId, onEvent, {
    onError: (frame) => {
      row.message = frame.message || frame.code;
      render(row);
    },
  });
  render(row);
  const mine = session;
  mine.details.run(() => loadDetails(mine, row));
  return row;
}

// The upload's registration time (the best start for "elapsed") and its latest event, which shows
// a state even before the socket delivers anything.
async function loadDetails(mine, row) {
  if (mine !== session || !mine.rows.has(row.id)) return;
  try {
    const upload = await mine.api.get(`/api/uploads/${segment(row.id)}`);
    row.startedAt = earliest(row.startedAt, parseTime(upload.createdAt));
    const latest = upload.latestEvent;
    if (latest && !row.heardLive) {
      const frame = latest.payload && typeof latest.payload === 'object' ? latest.payload : {};
      applyEvent(row, { action: latest.action, timestamp: latest.receivedAt, ...frame });
    }
  } catch (error) {
    if (error.status === 404) row.message = 'Not found, or you may no longer follow it.';
  }
  if (mine === session) render(row);
}

// A replayed latest state (info.latest) is shown but not announced: it may have been seen before.
function onUploadEvent(row, frame, info = {}) {
  if (!session?.rows.has(row.id)) return;
  row.heardLive = true;
  const before = row.status;
  applyEvent(row, frame);
  render(row);
  const finished = row.status === 'completed' || row.status === 'failed';
  if (finished && row.status !== before && !info.latest) {
    announce(`Upload ${displayName(row)} ${row.status}.`);
  }
}

// Progress can go back (retries) and start again after completion (regeneration): the latest
// event decides. There is no 100 % progress event; the terminal event is the end.
function applyEvent(row, frame) {
  const time = parseTime(frame.timestamp);
  row.events += 1;
  nameRow(row, fileNameOf(frame));
  switch (frame.action) {
    case 'upload_progress': {
      const payload = frame.payload ?? {};
      row.status = 'running';
      row.endedAt = null;
      row.stage = payload.stage ?? row.stage;
      row.workerStatus = payload.status ?? row.workerStatus;
      row.percent = percentOf(payload.progress_percent) ?? row.percent;
      row.message = payload.error_message || payload.message || '';
      break;
    }
    case 'upload_completed':
      row.status = 'completed';
      row.percent = 100;
      row.endedAt = time ?? new Date();
      row.message = [
        frame.description,
        Number.isFinite(frame.audit_score) ? `Audit score ${frame.audit_score}` : null,
      ]
        .filter(Boolean)
        .join(' · ');
      break;
    case 'upload_failed':
      row.status = 'failed';
      row.endedAt = time ?? new Date();
      row.message = frame.error_message || 'The upload failed.';
      break;
    default:
      if (frame.action) row.message = `Last event: ${frame.action}`;
  }
  row.startedAt = earliest(row.startedAt, time);
}

// A card without events shows no percent and an indeterminate bar; a percent is shown only once an
// event gave one, so "No events yet" never stands beside a percentage.
function render(row) {
  row.item.dataset.status = row.status;
  row.badge.textContent = STATUS_LABELS[row.status];
  renderTitle(row);
  const stage = stageLabel(row);
  const percent = row.events > 0 ? row.percent : null;
  if (percent === null) {
    row.progress.removeAttribute('value');
    row.progress.textContent = stage;
  } else {
    row.progress.value = percent;
    row.progress.textContent = `${Math.round(percent)} %`;
  }
  row.stageText.textContent = stage;
  row.percentText.textContent = percent === null ? '' : `${Math.round(percent)} %`;
  row.messageText.textContent = row.message;
  row.messageText.hidden = !row.message;
  renderElapsed(row);
}

// Titled by the file name when an event named it, the upload id below it; else by the upload id.
function renderTitle(row) {
  row.title.textContent = displayName(row);
  row.idText.textContent = row.fileName ? row.id : '';
  row.idText.hidden = !row.fileName;
}

function displayName(row) {
  return row.fileName ?? row.id;
}

function nameRow(row, fileName) {
  if (!fileName || fileName === row.fileName) return;
  row.fileName = fileName;
  session.names.remember(row.id, fileName);
}

function stageLabel(row) {
  const stage = row.stage ? humanize(row.stage) : null;
  if (row.status === 'completed') return 'Done';
  if (row.status === 'failed') return stage ? `Failed during: ${stage}` : 'Failed';
  if (row.events === 0) return 'No events yet';
  if (row.status === 'waiting') return 'Waiting for progress'; // only events of unknown actions
  return stage ?? (humanize(row.workerStatus) || 'In progress');
}

function renderElapsed(row) {
  if (!row.startedAt) {
    row.elapsedText.textContent = '';
    return;
  }
  const end = row.endedAt ?? new Date();
  const label = row.endedAt ? 'took' : 'elapsed';
  row.elapsedText.textContent = `${label} ${formatDuration(end - row.startedAt)}`;
}

async function onFollow(event) {
  event.preventDefault();
  const uploadId = dom.followInput.value.trim();
  const invalid = !UPLOAD_ID.test(uploadId);
  dom.followInput.setAttribute('aria-invalid', String(invalid));
  if (invalid) {
    dom.followMessage.textContent = 'Enter 1 to 128 characters: letters, digits and _ . : -';
    dom.followInput.focus();
    return;
  }
  if (session.rows.has(uploadId)) {
    dom.followMessage.textContent = `You already follow ${uploadId}.`;
    return;
  }
  const mine = session;
  dom.followMessage.textContent = `Following ${uploadId}…`;
  try {
    await mine.api.post(`/api/uploads/${segment(uploadId)}/subscription`);
  } catch (error) {
    if (mine !== session) return;
    if (error.status === 401) return refuse(`The relay refused your token: ${error.message}`);
    dom.followMessage.textContent =
      error.status === 404
        ? `Upload ${uploadId} was not found, or you may not follow it.`
        : error.message;
    dom.followInput.focus();
    return;
  }
  if (mine !== session) return;
  addRow(uploadId, new Date(), { prepend: true });
  updateEmptyState();
  dom.followInput.value = '';
  dom.followMessage.textContent = `Following ${uploadId}.`;
}

async function onUnfollow(row, button) {
  const mine = session;
  button.disabled = true;
  try {
    await mine.api.delete(`/api/uploads/${segment(row.id)}/subscription`);
  } catch (error) {
    button.disabled = false;
    if (error.status === 401) return refuse(`The relay refused your token: ${error.message}`);
    if (error.status !== 404) {
      row.message = `Could not stop following: ${error.message}`;
      render(row);
      return;
    }
  }
  if (mine !== session) return;
  row.unsubscribe({ keepOnServer: true });
  mine.rows.delete(row.id);
  mine.unfollowed.add(row.id);
  const next = row.item.nextElementSibling ?? row.item.previousElementSibling;
  row.item.remove();
  updateEmptyState();
  announce(`Stopped following ${displayName(row)}.`);
  (next?.querySelector('button') ?? dom.followInput).focus();
}

function updateEmptyState() {
  const text = session.loadError ?? (session.rows.size === 0 ? 'You follow no uploads yet.' : '');
  dom.uploadsStatus.textContent = text;
  dom.uploadsStatus.hidden = !text;
}

// ---- the user's own events ---------------------------------------------------------------------------

function onUserEvent(frame, info) {
  if (!session) return;
  if (frame.action === 'batch_progress' || frame.action === 'file_progress') {
    onBatchEvent(frame);
    return;
  }
  // An upload the user follows from elsewhere (another tab, the API): show it too.
  const uploadId = frame.upload_id ?? frame.payload?.upload_id;
  if (
    typeof uploadId === 'string' &&
    UPLOAD_ID.test(uploadId) &&
    !session.unfollowed.has(uploadId)
  ) {
    const row = addRow(uploadId, null, { prepend: true });
    updateEmptyState();
    onUploadEvent(row, frame, info);
  }
}

function onBatchEvent(frame) {
  const payload = frame.payload ?? {};
  if (typeof payload.batch_id !== 'string') return;
  const batch = session.batches.get(payload.batch_id) ?? addBatch(payload.batch_id);
  if (frame.action === 'batch_progress') {
    batch.summary = payload;
  } else {
    batch.files.set(payload.upload_id ?? payload.file_name, payload);
    // The file's own card (when followed) takes its name from here: upload events carry none.
    const row = session.rows.get(payload.upload_id);
    if (row) {
      nameRow(row, fileNameOf(frame));
      renderTitle(row);
    }
  }
  renderBatch(batch);
}

function addBatch(batchId) {
  const headingId = `batch-${++rowCount}`;
  const batch = { id: batchId, summary: null, files: new Map() };
  batch.badge = element('span', { className: 'badge' });
  batch.progress = element('progress', { max: 100, value: 0, 'aria-labelledby': headingId });
  batch.meta = element('p', { className: 'meta' });
  batch.fileList = element('ul', { className: 'file-list' });
  batch.item = element(
    'li',
    { className: 'card batch' },
    element(
      'div',
      { className: 'card-head' },
      element('h3', { id: headingId, text: `Batch ${batchId}` }),
      batch.badge,
    ),
    batch.progress,
    batch.meta,
    batch.fileList,
  );
  session.batches.set(batchId, batch);
  dom.batches.prepend(batch.item);
  dom.batchesPanel.hidden = false;
  return batch;
}

function renderBatch(batch) {
  const summary = batch.summary;
  const status = summary?.status ?? 'processing';
  batch.item.dataset.status =
    status === 'completed' ? 'completed' : status === 'failed' ? 'failed' : 'running';
  batch.badge.textContent = humanize(status);
  const percent = percentOf(summary?.progress_percentage) ?? 0;
  batch.progress.value = percent;
  batch.progress.textContent = `${Math.round(percent)} %`;
  batch.meta.textContent = summary
    ? `${summary.processed ?? 0} of ${summary.total ?? '?'} processed · ${summary.successful ?? 0} succeeded · ` +
      `${summary.failed ?? 0} failed · ${Math.round(percent)} %`
    : 'Waiting for the batch summary';
  batch.fileList.replaceChildren(
    ...[...batch.files.values()].map((file) => {
      const filePercent = percentOf(file.progress_percentage);
      const name = file.file_name || file.upload_id || 'file';
      const done = filePercent === null ? '' : ` ${Math.round(filePercent)} %`;
      return element('li', { text: `${name}: ${humanize(file.status) || 'Processing'}${done}` });
    }),
  );
}

// ---- helpers ------------------------------------------------------------------------------------------

function announce(text) {
  dom.announcer.textContent = text;
}

function earliest(a, b) {
  if (!a) return b ?? null;
  if (!b) return a;
  return a < b ? a : b;
}

// Runs at most a few detail requests at once, so hundreds of rows do not flood the relay.
function detailQueue() {
  const waiting = [];
  let running = 0;
  const next = () => {
    while (running < DETAIL_REQUESTS_AT_ONCE && waiting.length > 0) {
      running += 1;
      waiting
        .shift()()
        .finally(() => {
          running -= 1;
          next();
        });
    }
  };
  return {
    run(task) {
      waiting.push(task);
      next();
    },
  };
}
