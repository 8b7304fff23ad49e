import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { packageRoot } from '../../profiles/paths.js';
import { sendText } from '../http-replies.js';
import { foreignRequest, type OwnAddress } from '../origin-check.js';

/**
 * The web console's static files (console/ in the package, docs/decisions/0010-console-stack.md):
 * plain ES modules and a stylesheet, read once, served with headers that let the page run its
 * own scripts only. The page holds no data: it reads the admin API, which checks the token.
 */
const files: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'api.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'i18n.js': 'text/javascript; charset=utf-8',
  'devices.js': 'text/javascript; charset=utf-8',
  'phone-face.js': 'text/javascript; charset=utf-8',
  'panels.js': 'text/javascript; charset=utf-8',
  'chart.js': 'text/javascript; charset=utf-8',
  'clock.js': 'text/javascript; charset=utf-8',
};

/** Only this server's own files run; no frame may embed the page; no address leaks in a Referer. */
const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

let cache: Map<string, Buffer> | undefined;
function read(name: string): Buffer {
  cache ??= new Map();
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(join(packageRoot(), 'console', name));
    cache.set(name, body);
  }
  return body;
}

/** `/` for a browser, `/console`, `/console/` and `/console/<file>`. */
export const consolePath = /^\/console(?:\/([a-z0-9-]+\.(?:html|css|js))?)?$/;

/** A browser asking for `/` gets the console; curl and scripts keep the one-line answer. */
export const wantsHtml = (request: IncomingMessage): boolean => /\btext\/html\b/.test(request.headers.accept ?? '');

export function serveConsole(request: IncomingMessage, response: ServerResponse, file: string | undefined, own: OwnAddress): void {
  const foreign = foreignRequest(request, own);
  if (foreign) return sendText(response, foreign.status, `${foreign.message}\n`);
  const name = file ?? 'index.html';
  const type = files[name];
  if (!type) return sendText(response, 404, `not found: /console/${name}\n`);
  response.writeHead(200, { 'content-type': type, ...securityHeaders });
  response.end(request.method === 'HEAD' ? undefined : read(name));
}
