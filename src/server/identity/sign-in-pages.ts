import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerClock } from '../server-clock.js';
import { FailureLimiter, webCodeLifetimeMs } from './device-codes.js';
import type { IdentityService } from './identity-service.js';

/**
 * The browser side of web sign-in, as the deployment guide walks it: user name, the code
 * the phone shows, "[Manufacturer] Skype for Business Certified Phone" and Continue, pick
 * the account or "Use another account", password, then a page that says the browser can
 * be closed. Plain HTML forms; each step carries a random flow id.
 */
interface Flow {
  readonly id: string;
  readonly startedAt: number;
  user: string;
  /** The phone (by MAC) the accepted code belongs to, and when that code dies. */
  phone?: { readonly mac: string; readonly expiresAt: number };
}

const maxBodyBytes = 16 * 1024;
/** Sign-ins under way at most; past it the oldest ends (its browser is told to start again). */
export const maxLiveFlows = 5_000;
/**
 * Wrong codes the whole server takes in 10 minutes before every code page answers 429: with
 * the per-sign-in limit, guessing is bounded however many addresses (127.0.0.2, ...) a guesser uses.
 */
export const maxWrongCodesServerWide = 100;

export class SignInPages {
  /** Flows in the order they began, which is the order they expire in: the sweep stops at the first live one. */
  readonly #flows = new Map<string, Flow>();
  /** Wrong codes across every sign-in (the per-sign-in count is identity.codeFailures, keyed by flow). */
  readonly #wrongCodes: FailureLimiter;

  constructor(
    private readonly identity: IdentityService,
    private readonly clock: ServerClock,
    readonly maxFlows = maxLiveFlows,
    maxWrongCodes = maxWrongCodesServerWide,
  ) {
    this.#wrongCodes = new FailureLimiter(clock, maxWrongCodes);
  }

  /** Sign-ins under way (for the reliability figures). */
  get flows(): number {
    return this.#flows.size;
  }

  /** Serves /signin and its steps; false for any other path. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/signin' && !path.startsWith('/signin/')) return false;
    if (request.method === 'GET' && path === '/signin') {
      send(response, 200, userPage());
      return true;
    }
    if (request.method !== 'POST') {
      send(response, 405, messagePage('Not allowed', 'Start again from the sign-in page.'));
      return true;
    }
    readForm(request)
      .then(async (form) => this.#step(path, form, clientOf(request), response))
      .catch(() => send(response, 400, messagePage('Bad request', 'The form could not be read. Start again.')));
    return true;
  }

  async #step(path: string, form: URLSearchParams, client: string, response: ServerResponse): Promise<void> {
    this.#sweep();
    if (path === '/signin/user') {
      const user = form.get('user')?.trim() ?? '';
      if (!user) return send(response, 200, userPage('Enter your user name.'));
      const flow: Flow = { id: randomUUID(), startedAt: this.clock.now(), user: user.slice(0, 256) };
      if (this.#flows.size >= this.maxFlows) this.#flows.delete(this.#flows.keys().next().value!);
      this.#flows.set(flow.id, flow);
      return send(response, 200, codePage(flow));
    }
    const flow = this.#flows.get(form.get('flow') ?? '');
    if (!flow) return send(response, 400, messagePage('This sign-in has ended', 'Start again from the sign-in page.', true));
    if (path === '/signin/code') return this.#code(flow, form.get('code') ?? '', response);
    if (!flow.phone) return send(response, 400, codePage(flow, 'Enter the code shown on your phone.'));
    if (this.clock.now() >= flow.phone.expiresAt) {
      this.#flows.delete(flow.id);
      return send(response, 200, expiredPage());
    }
    switch (path) {
      case '/signin/continue':
        return send(response, 200, accountPage(flow));
      case '/signin/account':
        return send(response, 200, passwordPage(flow, form.get('account') === 'another'));
      case '/signin/password': {
        const upn = form.get('user')?.trim() || flow.user;
        const user = await this.identity.checkCredentials('password', upn, form.get('password') ?? '', `web:${client}`);
        if (user === 'lockedOut') {
          flow.user = upn;
          return send(response, 429, passwordPage(flow, form.has('user'), 'Your account is locked: too many failed sign-ins. Try again later.'));
        }
        if (user === 'badCredentials') {
          flow.user = upn;
          return send(response, 200, passwordPage(flow, form.has('user'), 'Your account or password is incorrect.'));
        }
        this.#flows.delete(flow.id);
        const profile = this.identity.phoneProfile(flow.phone.mac);
        if (!this.identity.completeWebSignIn(flow.phone.mac, user)) {
          return send(response, 200, messagePage('Your phone is not connected', 'Check that it is on the network, get a new code on the phone, and start again.', true));
        }
        return send(response, 200, donePage(profile ? `${profile.manufacturer} ${profile.model}` : 'phone'));
      }
      default:
        return send(response, 404, messagePage('Not found', 'Start again from the sign-in page.', true));
    }
  }

  /**
   * Wrong codes are counted per sign-in (5 end its tries for 10 minutes) and across the server:
   * not per address, so one guesser behind a shared address does not lock its neighbours out,
   * and another address does not buy fresh tries.
   */
  #code(flow: Flow, typed: string, response: ServerResponse): void {
    const waitMs = Math.max(this.identity.codeFailures.retryAfterMs(flow.id), this.#wrongCodes.retryAfterMs('server'));
    if (waitMs > 0) {
      const minutes = Math.ceil(waitMs / 60_000);
      return send(response, 429, codePage(flow, `Too many wrong codes. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`), {
        'retry-after': String(Math.ceil(waitMs / 1000)),
      });
    }
    const found = this.identity.codes.consume(typed);
    if (found.status === 'expired') return send(response, 200, codePage(flow, 'That code has expired. Get a new code on your phone.'));
    if (found.status === 'unknown') {
      this.identity.codeFailures.fail(flow.id);
      this.#wrongCodes.fail('server');
      return send(response, 200, codePage(flow, "That code didn't work. Check the code on your phone and try again."));
    }
    flow.phone = { mac: found.entry.owner, expiresAt: found.entry.expiresAt };
    const profile = this.identity.phoneProfile(found.entry.owner);
    send(response, 200, confirmPage(flow, profile?.manufacturer ?? 'Unknown'));
  }

  #sweep(): void {
    const cutoff = this.clock.now() - webCodeLifetimeMs;
    for (const [id, flow] of this.#flows) {
      if (flow.startedAt >= cutoff) break;
      this.#flows.delete(id);
    }
  }
}

/** The address a form came from: a password page's "connection" for the lockout (the account's own limit holds across addresses). */
function clientOf(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * The pages run no script, load nothing and may not be framed (the Continue button must not be
 * clickjacked), and forms post only back here.
 */
const pageHeaders = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function send(response: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...pageHeaders, ...headers });
  response.end(html);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
label,input,button{display:block;margin:.5rem 0}input{width:100%;padding:.4rem}
button{padding:.5rem 1rem}.error{color:#a4262c}.product{font-weight:bold}</style></head>
<body><h1>${escape(title)}</h1>
${body}
</body></html>`;
}

const errorLine = (error?: string) => (error ? `<p class="error" role="alert">${escape(error)}</p>` : '');
const flowField = (flow: Flow) => `<input type="hidden" name="flow" value="${escape(flow.id)}">`;

function userPage(error?: string): string {
  return page(
    'Sign in',
    `${errorLine(error)}<form method="post" action="/signin/user">
<label for="user">Skype for Business user name</label>
<input id="user" name="user" type="email" autocomplete="username" placeholder="someone@example.com" autofocus>
<button type="submit">Next</button></form>`,
  );
}

function codePage(flow: Flow, error?: string): string {
  return page(
    'Enter code',
    `<p>Enter the code displayed on your phone.</p>${errorLine(error)}
<form method="post" action="/signin/code">${flowField(flow)}
<label for="code">Code</label><input id="code" name="code" autocomplete="off" autofocus>
<button type="submit">Next</button></form>`,
  );
}

function confirmPage(flow: Flow, manufacturer: string): string {
  return page(
    'Are you trying to sign in?',
    `<p>You are signing in to</p><p class="product" id="product">${escape(manufacturer)} Skype for Business Certified Phone</p>
<p>Only continue if you started this sign-in on your phone.</p>
<form method="post" action="/signin/continue">${flowField(flow)}<button type="submit">Continue</button></form>`,
  );
}

function accountPage(flow: Flow): string {
  return page(
    'Pick an account',
    `<form method="post" action="/signin/account">${flowField(flow)}
<button type="submit" name="account" value="pick">${escape(flow.user)}</button>
<button type="submit" name="account" value="another">Use another account</button></form>`,
  );
}

function passwordPage(flow: Flow, askUser: boolean, error?: string): string {
  const userField = askUser
    ? `<label for="user">User name</label><input id="user" name="user" type="email" autocomplete="username" value="">`
    : `<p id="account">${escape(flow.user)}</p>`;
  return page(
    'Enter password',
    `${errorLine(error)}<form method="post" action="/signin/password">${flowField(flow)}
${userField}<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" autofocus>
<button type="submit">Sign in</button></form>`,
  );
}

function donePage(device: string): string {
  return page(
    'You are signed in',
    `<p>You have signed in to the ${escape(device)} on your device.</p><p id="done">You can now close this browser window.</p>`,
  );
}

function expiredPage(): string {
  return messagePage('The code has expired', 'Get a new code on your phone, then start again.', true);
}

function messagePage(title: string, text: string, restart = false): string {
  return page(title, `<p>${escape(text)}</p>${restart ? '<p><a href="/signin">Sign in</a></p>' : ''}`);
}
