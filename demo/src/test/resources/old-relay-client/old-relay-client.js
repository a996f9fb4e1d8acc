// A stand-in for the browser client of the relay being replaced, written from its observable
// behaviour (docs/protocol.md, "Protocol versions"), to check that the relay still serves it
// unchanged. It is deliberately as strict and as unforgiving as that client:
// - it opens the socket without a subprotocol and sends {"type":"auth","token":...} on open;
// - it checks every frame against the old schema and silently drops the ones that fail (so
//   `subscribed`, `unsubscribed`, `pong` and `error` frames are ignored);
// - it answers {"action":"ping"} with {"action":"pong"} and sends its own ping every 30 s;
// - after a close with 1000 it stops; after 4001..4004 it gives up for good; after any other
//   close it reconnects, waiting 1 s * 2^(n-1) (at most 30 s) plus up to 3 s, at most 10 times;
// - it runs the completion handlers for every upload_completed it receives.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPLOAD_STATUSES = ['pending', 'analyzing', 'embedding', 'completed', 'failed'];
const UPLOAD_STAGES = [
  'queued',
  'extracting_frames',
  'vision_analysis',
  'description_audit',
  'embedding_generation',
  'indexing',
  'completed',
  'failed',
];
const FILE_STATUSES = ['processing', 'completed', 'failed'];
const HEARTBEAT_MS = 30_000;
const MAX_RETRIES = 10;

const isText = (value) => typeof value === 'string';
const isUuid = (value) => isText(value) && UUID.test(value);
const isWhole = (value) => Number.isInteger(value) && value >= 0;
const isPercent = (value) => Number.isInteger(value) && value >= 0 && value <= 100;
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

// Per action, whether a frame has the shape the old client's schema demands.
const SHAPES = {
  upload_progress: (f) =>
    isObject(f.payload) &&
    isUuid(f.payload.upload_id) &&
    UPLOAD_STATUSES.includes(f.payload.status) &&
    UPLOAD_STAGES.includes(f.payload.stage) &&
    isPercent(f.payload.progress_percent) &&
    isText(f.payload.message) &&
    (f.payload.error_message === null || isText(f.payload.error_message)) &&
    (f.payload.description_audit_score === null || isPercent(f.payload.description_audit_score)) &&
    isText(f.timestamp),
  upload_completed: (f) =>
    isUuid(f.upload_id) && isText(f.description) && isPercent(f.audit_score) && isText(f.timestamp),
  upload_failed: (f) => isUuid(f.upload_id) && isText(f.error_message) && isText(f.timestamp),
  batch_progress: (f) =>
    isObject(f.payload) &&
    isUuid(f.payload.batch_id) &&
    isText(f.payload.status) &&
    ['total', 'processed', 'successful', 'failed'].every((k) => isWhole(f.payload[k])) &&
    typeof f.payload.progress_percentage === 'number' &&
    f.payload.progress_percentage >= 0 &&
    f.payload.progress_percentage <= 100 &&
    isText(f.timestamp),
  file_progress: (f) =>
    isObject(f.payload) &&
    isUuid(f.payload.batch_id) &&
    isUuid(f.payload.upload_id) &&
    isText(f.payload.file_name) &&
    isWhole(f.payload.file_size) &&
    isPercent(f.payload.progress_percentage) &&
    FILE_STATUSES.includes(f.payload.status) &&
    isText(f.timestamp),
  auth_success: (f) => isText(f.user_id),
  auth_error: (f) => isText(f.message),
  ping: () => true,
};

/** The frame as the old client accepts it, or null when its schema would reject it. */
export function accepted(text) {
  let frame;
  try {
    frame = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(frame)) return null;
  const fits = Object.hasOwn(SHAPES, frame.action) && SHAPES[frame.action](frame);
  return fits ? frame : null;
}

/**
 * The connection of the old app: `handlers` may have onProgress, onCompleted, onFailed,
 * onBatchProgress, onFileProgress (each called with the frame and its text), onAuthenticated,
 * onDropped(text), onClose(code, reason) and onGiveUp(why).
 */
export class OldRelayClient {
  #url;
  #getToken;
  #handlers;
  #ws = null;
  #retries = 0;
  #heartbeat = null;
  #reconnect = null;
  #closedOnPurpose = false;

  constructor(url, getToken, handlers) {
    this.#url = url;
    this.#getToken = getToken;
    this.#handlers = handlers;
    this.#open();
  }

  subscribeToUpload(uploadId) {
    this.#sendIfOpen({ action: 'subscribe_upload', upload_id: uploadId });
  }

  unsubscribeFromUpload(uploadId) {
    this.#sendIfOpen({ action: 'unsubscribe_upload', upload_id: uploadId });
  }

  isConnected() {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  close() {
    this.#closedOnPurpose = true;
    clearTimeout(this.#reconnect);
    clearInterval(this.#heartbeat);
    this.#ws?.close(1000, 'Client closing connection');
    this.#ws = null;
  }

  #open() {
    const token = this.#getToken();
    if (!token) {
      this.#call('onGiveUp', 'no token');
      return;
    }
    const ws = new WebSocket(this.#url);
    this.#ws = ws;
    ws.onopen = () => {
      this.#retries = 0;
      ws.send(JSON.stringify({ type: 'auth', token }));
      clearInterval(this.#heartbeat);
      this.#heartbeat = setInterval(() => this.#sendIfOpen({ action: 'ping' }), HEARTBEAT_MS);
    };
    ws.onmessage = (message) => this.#receive(message.data);
    ws.onclose = (event) => this.#closed(event.code, event.reason);
  }

  #receive(text) {
    const frame = accepted(text);
    if (!frame) {
      this.#call('onDropped', text);
      return;
    }
    const route = {
      auth_success: 'onAuthenticated',
      upload_progress: 'onProgress',
      upload_completed: 'onCompleted',
      upload_failed: 'onFailed',
      batch_progress: 'onBatchProgress',
      file_progress: 'onFileProgress',
    }[frame.action];
    if (frame.action === 'ping') {
      this.#sendIfOpen({ action: 'pong' });
    } else if (frame.action === 'auth_error') {
      this.#call('onGiveUp', frame.message);
      this.close();
    } else {
      this.#call(route, frame, text);
    }
  }

  #closed(code, reason) {
    clearInterval(this.#heartbeat);
    this.#call('onClose', code, reason);
    if (this.#closedOnPurpose || code === 1000) return;
    if (code >= 4001 && code <= 4004) {
      this.#call('onGiveUp', `authentication failed (${code})`);
      return;
    }
    if (this.#retries >= MAX_RETRIES) {
      this.#call('onGiveUp', 'too many reconnection attempts');
      return;
    }
    this.#retries += 1;
    const delay = Math.min(1000 * 2 ** (this.#retries - 1), 30_000) + Math.random() * 3000;
    this.#reconnect = setTimeout(() => this.#open(), delay);
  }

  #sendIfOpen(frame) {
    if (this.isConnected()) this.#ws.send(JSON.stringify(frame));
  }

  #call(name, ...args) {
    this.#handlers[name]?.(...args);
  }
}
