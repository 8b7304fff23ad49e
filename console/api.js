// The admin API, as the CLI speaks it: JSON in and out, the token as a bearer token. The token
// comes from the address's #token= fragment (never sent to the server in the address) or a
// prompt, and is kept in sessionStorage for this tab.
const tokenKey = 'phone-emu.admin-token';

export function takeTokenFromAddress() {
  const match = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (!match) return;
  sessionStorage.setItem(tokenKey, decodeURIComponent(match[1]));
  history.replaceState(null, '', location.pathname + location.search);
}

export const setToken = (token) => sessionStorage.setItem(tokenKey, token);

function headers(json) {
  const token = sessionStorage.getItem(tokenKey);
  return { ...(json ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

/** A refusal of the admin API: its status and the server's words. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(method, path, body) {
  const response = await fetch(`/admin/${path}`, { method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    value = { error: text };
  }
  if (!response.ok) throw new ApiError(response.status, value?.error ?? `${response.status}`);
  return value;
}

/**
 * GET /admin/events as server-sent events, read with fetch so that the token travels in a
 * header (EventSource cannot send one). Calls onEvent(name, data) per event; resolves when the
 * stream ends, rejects with ApiError on a refusal.
 */
export async function events(watch, onEvent, signal) {
  const query = watch ? `?watch=${encodeURIComponent(watch)}` : '';
  const response = await fetch(`/admin/events${query}`, { headers: { ...headers(false), accept: 'text/event-stream' }, signal });
  if (!response.ok) {
    const text = await response.text();
    let message = text;
    try { message = JSON.parse(text).error; } catch { /* the text as it is */ }
    throw new ApiError(response.status, message);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) name = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) onEvent(name, JSON.parse(data));
    }
  }
}
