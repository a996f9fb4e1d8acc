// The relay's REST API (docs/api.md) with a bearer token.

/** A failed request: HTTP status (0 when the relay could not be reached) and the API's error. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field ?? null;
  }
}

/** `get`, `post` and `delete` for paths under this origin; query values null or '' are left out. */
export function apiClient(token) {
  const request = async (method, path, query = {}) => {
    const url = new URL(path, window.location.origin);
    for (const [name, value] of Object.entries(query)) {
      if (value !== null && value !== undefined && value !== '') url.searchParams.set(name, value);
    }
    let response;
    try {
      response = await fetch(url, {
        method,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network', 'The relay cannot be reached.');
    }
    if (response.status === 204) return null;
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = body?.error ?? {};
      throw new ApiError(
        response.status,
        error.code ?? `http_${response.status}`,
        error.message ?? (response.statusText || `HTTP ${response.status}`),
        error.field,
      );
    }
    return body;
  };
  return {
    get: (path, query) => request('GET', path, query),
    post: (path) => request('POST', path),
    delete: (path) => request('DELETE', path),
  };
}

/** The path segment for an id, encoded. */
export function segment(id) {
  return encodeURIComponent(id);
}
