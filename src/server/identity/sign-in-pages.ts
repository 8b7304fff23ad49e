import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SignInRefusal } from '../../core/identity/sign-in-access.js';
import type { Locale } from '../../core/messages/index.js';
import type { ServerClock } from '../server-clock.js';
import { FailureLimiter, webCodeLifetimeMs } from './device-codes.js';
import type { IdentityService } from './identity-service.js';
import { accountPage, codePage, confirmPage, donePage, messagePage, passwordPage, refusedPage, userPage } from './sign-in-html.js';
import { acceptLanguageLocale } from './sign-in-locale.js';
import { pageText, type PageKey, type PageText } from './sign-in-messages.js';
import { signInStylesheet, signInStylesheetPath } from './sign-in-stylesheet.js';

/**
 * The browser side of web sign-in, as the deployment guide walks it: user name, the code
 * the phone shows, "[Manufacturer] Skype for Business Certified Phone" and Continue, pick
 * the account or "Use another account", password, then a page that says the browser can
 * be closed. Plain HTML forms and one stylesheet, no script; each step carries a random flow id.
 * The pages speak the browser's language (Accept-Language) until the code names the phone,
 * then the phone's (docs/decisions/0006-signin-pages-language.md).
 */
interface Flow {
  readonly id: string;
  readonly startedAt: number;
  user: string;
  /** The phone (by MAC) the accepted code belongs to, and when that code dies. */
  phone?: { readonly mac: string; readonly expiresAt: number };
  /** The language of the phone that showed the code, once the code is accepted and if the phone said. */
  phoneLocale?: Locale | undefined;
}

const maxBodyBytes = 16 * 1024;
/** Sign-ins under way at most; past it the oldest ends (its browser is told to start again). */
export const maxLiveFlows = 5_000;
/**
 * Wrong codes the whole server takes in 10 minutes before every code page answers 429: with
 * the per-sign-in limit, guessing is bounded however many addresses (127.0.0.2, ...) a guesser uses.
 */
export const maxWrongCodesServerWide = 100;
const codeLifetimeMinutes = webCodeLifetimeMs / 60_000;

/** A form or address that cannot be read: a bad `%` escape, or bytes that are not UTF-8. */
class UnreadableInput extends Error {}

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

  /** Serves /signin, its steps and its stylesheet; false for any other path. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/signin' && !path.startsWith('/signin/')) return false;
    const t = pageText(acceptLanguageLocale(request.headers['accept-language']));
    if (!wellEscaped(request.url ?? '/')) {
      send(response, 400, messagePage(t, t('badRequest.title'), t('badRequest.escape'), true));
      return true;
    }
    if (path === signInStylesheetPath) {
      if (request.method !== 'GET' && request.method !== 'HEAD') send(response, 405, messagePage(t, t('notAllowed.title'), t('restart.text'), true), { allow: 'GET' });
      else sendStylesheet(response, request.method === 'HEAD');
      return true;
    }
    if (request.method === 'GET' && path === '/signin') {
      send(response, 200, userPage(t));
      return true;
    }
    if (request.method !== 'POST') {
      send(response, 405, messagePage(t, t('notAllowed.title'), t('restart.text'), true), { allow: path === '/signin' ? 'GET' : 'POST' });
      return true;
    }
    readForm(request)
      .then(async (form) => this.#step(path, form, clientOf(request), t, response))
      .catch((error: unknown) =>
        error instanceof UnreadableInput
          ? send(response, 400, messagePage(t, t('badRequest.title'), t('badRequest.escape'), true))
          : send(response, 400, messagePage(t, t('badRequest.title'), t('badRequest.form'), true)),
      );
    return true;
  }

  async #step(path: string, form: URLSearchParams, client: string, browser: PageText, response: ServerResponse): Promise<void> {
    this.#sweep();
    if (path === '/signin/user') {
      const typed = form.get('user')?.trim() ?? '';
      if (!typed) return send(response, 200, userPage(browser, browser('user.empty')));
      const user = typed.slice(0, 256);
      // Refused here, where the user can still fix it, as the real service does: not three pages later.
      if (!this.identity.directory.byUpn(user)) return send(response, 200, userPage(browser, browser('user.unknown', { user }), user));
      const flow: Flow = { id: randomUUID(), startedAt: this.clock.now(), user };
      if (this.#flows.size >= this.maxFlows) this.#flows.delete(this.#flows.keys().next().value!);
      this.#flows.set(flow.id, flow);
      return send(response, 200, codePage(browser, flow));
    }
    const flow = this.#flows.get(form.get('flow') ?? '');
    if (!flow) return send(response, 400, messagePage(browser, browser('ended.title'), browser('ended.text'), true));
    if (path === '/signin/code') return this.#code(flow, form.get('code') ?? '', browser, response);
    const t = flow.phoneLocale ? pageText(flow.phoneLocale) : browser;
    if (!flow.phone) return send(response, 400, codePage(t, flow, t('code.missing')));
    if (this.clock.now() >= flow.phone.expiresAt) {
      this.#flows.delete(flow.id);
      return send(response, 200, messagePage(t, t('expired.title'), t('expired.text', { minutes: codeLifetimeMinutes }), true));
    }
    switch (path) {
      case '/signin/continue':
        return send(response, 200, accountPage(t, flow));
      case '/signin/account':
        return send(response, 200, passwordPage(t, flow, form.get('account') === 'another'));
      case '/signin/password':
        return this.#password(flow, flow.phone.mac, form, client, t, response);
      default:
        return send(response, 404, messagePage(t, t('notFound.title'), t('restart.text'), true));
    }
  }

  async #password(flow: Flow, mac: string, form: URLSearchParams, client: string, t: PageText, response: ServerResponse): Promise<void> {
    const another = form.has('user');
    const upn = (form.get('user')?.trim() || flow.user).slice(0, 256);
    if (another && !this.identity.directory.byUpn(upn)) {
      return send(response, 200, passwordPage(t, flow, true, t('user.unknown', { user: upn }), upn));
    }
    const user = await this.identity.checkCredentials('password', upn, form.get('password') ?? '', `web:${client}`);
    if (user === 'lockedOut' || user === 'badCredentials') {
      flow.user = upn;
      const status = user === 'lockedOut' ? 429 : 200;
      return send(response, status, passwordPage(t, flow, another, t(user === 'lockedOut' ? 'password.lockedOut' : 'password.incorrect'), upn));
    }
    this.#flows.delete(flow.id);
    const profile = this.identity.phoneProfile(mac);
    const outcome = this.identity.completeWebSignIn(mac, user);
    if (outcome === 'notConnected') return send(response, 200, messagePage(t, t('offline.title'), t('offline.text'), true));
    if (outcome !== 'signedIn') return send(response, 200, refusedPage(t, t('refused.title'), t(refusalKey(outcome), { user: user.upn })));
    return send(response, 200, donePage(t, profile ? `${profile.manufacturer} ${profile.model}` : t('done.unknownDevice')));
  }

  /**
   * Wrong codes are counted per sign-in (5 end its tries for 10 minutes) and across the server:
   * not per address, so one guesser behind a shared address does not lock its neighbours out,
   * and another address does not buy fresh tries.
   */
  #code(flow: Flow, typed: string, t: PageText, response: ServerResponse): void {
    const waitMs = Math.max(this.identity.codeFailures.retryAfterMs(flow.id), this.#wrongCodes.retryAfterMs('server'));
    if (waitMs > 0) {
      const minutes = Math.ceil(waitMs / 60_000);
      return send(response, 429, codePage(t, flow, minutes === 1 ? t('code.tooManyOne') : t('code.tooMany', { minutes })), {
        'retry-after': String(Math.ceil(waitMs / 1000)),
      });
    }
    if (!typed.trim()) return send(response, 200, codePage(t, flow, t('code.missing')));
    const found = this.identity.codes.consume(typed);
    if (found.status === 'expired') return send(response, 200, codePage(t, flow, t('code.expired', { minutes: codeLifetimeMinutes })));
    if (found.status === 'unknown') {
      this.identity.codeFailures.fail(flow.id);
      this.#wrongCodes.fail('server');
      return send(response, 200, codePage(t, flow, t('code.wrong')));
    }
    flow.phone = { mac: found.entry.owner, expiresAt: found.entry.expiresAt };
    flow.phoneLocale = this.identity.phoneLocale(found.entry.owner);
    const profile = this.identity.phoneProfile(found.entry.owner);
    const phoneT = flow.phoneLocale ? pageText(flow.phoneLocale) : t;
    send(response, 200, confirmPage(phoneT, flow, profile?.manufacturer ?? 'Unknown'));
  }

  #sweep(): void {
    const cutoff = this.clock.now() - webCodeLifetimeMs;
    for (const [id, flow] of this.#flows) {
      if (flow.startedAt >= cutoff) break;
      this.#flows.delete(id);
    }
  }
}

/** What the page says of a refusal the service made once the password was right. */
function refusalKey(refusal: SignInRefusal): PageKey {
  switch (refusal) {
    case 'noPhoneSystem':
      return 'refused.noPhoneSystem';
    case 'belowOnlineMinimum':
      return 'refused.belowOnlineMinimum';
    case 'methodNotOffered':
    case 'pinNotOnline':
      return 'refused.notOffered';
    default:
      return 'refused.other';
  }
}

/** The address a form came from: a password page's "connection" for the lockout (the account's own limit holds across addresses). */
function clientOf(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

/** Whether every `%` escape of a URL or form decodes, to UTF-8 text (URLSearchParams would quietly keep or replace them). */
export function wellEscaped(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new Error('form too large');
    chunks.push(chunk);
  }
  let text: string;
  try {
    text = strictUtf8.decode(Buffer.concat(chunks));
  } catch {
    throw new UnreadableInput('the form is not UTF-8');
  }
  if (!wellEscaped(text)) throw new UnreadableInput('a bad % escape');
  return new URLSearchParams(text);
}

/**
 * The pages run no script, load only their own stylesheet and may not be framed (the Continue
 * button must not be clickjacked), and forms post only back here.
 */
const pageHeaders = {
  'content-security-policy': "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function send(response: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...pageHeaders, ...headers });
  response.end(html);
}

function sendStylesheet(response: ServerResponse, headOnly: boolean): void {
  response.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600', ...pageHeaders });
  response.end(headOnly ? undefined : signInStylesheet);
}
