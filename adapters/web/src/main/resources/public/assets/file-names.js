// The file names of uploads, as the workers' payloads carry them: `file_progress` events name the
// file (`payload.file_name`); any other event that has `file_name` or `filename`, in its payload or
// at its top level, names it too. Names seen are kept for the tab (sessionStorage, per user), so a
// reload still titles a card by its file name although `file_progress` events are not replayed.

const KEY_PREFIX = 'progress-relay.file-names.';
const MAX_REMEMBERED = 500;
const MAX_LENGTH = 255;

/** The file name an event carries for its upload, or null. */
export function fileNameOf(frame) {
  const payload = frame?.payload && typeof frame.payload === 'object' ? frame.payload : {};
  for (const value of [payload.file_name, payload.filename, frame?.file_name, frame?.filename]) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, MAX_LENGTH);
  }
  return null;
}

/** The names remembered for `userId` in this tab: `get(uploadId)` and `remember(uploadId, name)`. */
export function fileNameMemory(userId) {
  const key = KEY_PREFIX + userId;
  const names = new Map(load(key));
  return {
    get: (uploadId) => names.get(uploadId) ?? null,
    remember(uploadId, name) {
      if (names.get(uploadId) === name) return;
      names.delete(uploadId); // the most recently named last, so the oldest are dropped first
      names.set(uploadId, name);
      while (names.size > MAX_REMEMBERED) names.delete(names.keys().next().value);
      save(key, [...names]);
    },
  };
}

function load(key) {
  try {
    const entries = JSON.parse(window.sessionStorage.getItem(key) ?? '[]');
    return Array.isArray(entries)
      ? entries.filter(
          (e) => Array.isArray(e) && e.length === 2 && e.every((v) => typeof v === 'string'),
        )
      : [];
  } catch {
    return []; // unavailable storage or a damaged entry: start without names
  }
}

function save(key, entries) {
  try {
    window.sessionStorage.setItem(key, JSON.stringify(entries));
  } catch {
    // storage full or unavailable: names are still shown until the page is reloaded
  }
}
