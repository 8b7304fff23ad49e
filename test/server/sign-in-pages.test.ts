import { request } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { locales } from '../../src/core/messages/index.js';
import { escapeHtml } from '../../src/server/identity/sign-in-html.js';
import { acceptLanguageLocale } from '../../src/server/identity/sign-in-locale.js';
import { pageCatalogs } from '../../src/server/identity/sign-in-messages.js';
import { wellEscaped } from '../../src/server/identity/sign-in-pages.js';
import { signInStylesheetPath } from '../../src/server/identity/sign-in-stylesheet.js';
import type { UpdateServer } from '../../src/server/update-server.js';
import { helloWithMac, oneUserTenant, serversClosedAfterEach } from '../helpers/servers.js';
import { rawClient } from '../helpers/ws-client.js';

const server = serversClosedAfterEach();

/** Sends raw bytes to the server, as a hand-made client could: no fetch to tidy them up. */
const raw = (running: UpdateServer, method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: Record<string, unknown>; html: string }>((resolve, reject) => {
    const url = new URL(running.httpUrl);
    const outgoing = request(
      { host: url.hostname, port: url.port, method, path, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } },
      (response) => {
        let html = '';
        response.on('data', (chunk: Buffer) => (html += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, html }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
const post = (running: UpdateServer, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  raw(running, 'POST', path, new URLSearchParams(fields).toString(), headers);
const flowOf = (html: string) => /name="flow" value="([^"]+)"/.exec(html)?.[1];
const parameters = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the sign-in pages catalog', () => {
  it('has every key in both languages, with the same parameters', () => {
    const [english, french] = [pageCatalogs['en-US'], pageCatalogs['fr-FR']];
    expect(Object.keys(french).sort()).toEqual(Object.keys(english).sort());
    for (const key of Object.keys(english) as (keyof typeof english)[]) expect(parameters(french[key]), key).toEqual(parameters(english[key]));
    expect(locales.map((locale) => pageCatalogs[locale]['page.language'])).toEqual([...locales]);
  });
});

describe("the browser's Accept-Language", () => {
  it('picks the supported language it ranks highest, by q then by order, else en-US', () => {
    expect(acceptLanguageLocale('fr-FR,fr;q=0.9,en;q=0.8')).toBe('fr-FR');
    expect(acceptLanguageLocale('fr-CA')).toBe('fr-FR');
    expect(acceptLanguageLocale('de-DE,fr;q=0.5,en;q=0.4')).toBe('fr-FR');
    expect(acceptLanguageLocale('en;q=0.5,fr;q=0.9')).toBe('fr-FR');
    expect(acceptLanguageLocale('fr;q=0,en')).toBe('en-US');
    expect(acceptLanguageLocale('de, *')).toBe('en-US');
    expect(acceptLanguageLocale(undefined)).toBe('en-US');
    expect(acceptLanguageLocale('constructor, __proto__;q=1')).toBe('en-US');
  });

  it('never throws and always names a language the pages speak (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (header) => {
        expect(locales).toContain(acceptLanguageLocale(header));
      }),
    );
  });
});

describe('escaping what the pages echo', () => {
  it('leaves no tag, quote, ampersand or control character in an echoed value (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const escaped = escapeHtml(text).replace(/&#(38|60|62|34|39);/g, '');
        expect(escaped).not.toMatch(/[<>"'&]/);
        expect(escaped).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      }),
    );
    expect(escapeHtml('a\u0000b\u001b[2J\u202e<x>')).toBe('a\u2400b\u241b[2J\ufffd&#60;x&#62;');
  });

  it('decodes only well-formed escapes to UTF-8', () => {
    expect(wellEscaped('user=amosm%40contoso.com&code=AB+CD')).toBe(true);
    for (const bad of ['%', '%ZZ', 'a=%4', '%E0%A4%A', '%C3%28', '%FF']) expect(wellEscaped(bad), bad).toBe(false);
  });
});

describe('the sign-in pages over HTTP', () => {
  it("say on the last step why the service refused a right password: a user without a Phone System licence", async () => {
    const running = await server({ tenant: { ...oneUserTenant, users: [...oneUserTenant.users, { upn: 'pattif@contoso.com', password: 'Pa55w.rd', licenses: [] }] } });
    const phone = await rawClient(running.url);
    phone.send(helloWithMac('00:04:F2:00:00:22', '5.9.5.0614'));
    await phone.next();
    phone.send({ v: 1, type: 'webSignIn.start' });
    const { code } = (await phone.next()) as { code: string };
    const flow = flowOf((await post(running, '/signin/user', { user: 'pattif@contoso.com' })).html)!;
    await post(running, '/signin/code', { flow, code });
    await post(running, '/signin/continue', { flow });
    await post(running, '/signin/account', { flow, account: 'pick' });
    const refused = await post(running, '/signin/password', { flow, password: 'Pa55w.rd' });
    expect(refused.html).toMatch(/<p class="error" role="alert">pattif@contoso.com has no Phone System licence/);
    expect(refused.html).not.toContain('id="done"');
    await vi.waitFor(() => expect(phone.received.at(-1)).toMatchObject({ type: 'signIn.refused', reason: 'noPhoneSystem' }));
    phone.close();
  });

  it('serve their stylesheet as a file, with the pages headers, and allow no inline style or script', async () => {
    const running = await server({ tenant: oneUserTenant });
    const css = await raw(running, 'GET', signInStylesheetPath);
    expect(css).toMatchObject({ status: 200, headers: { 'content-type': 'text/css; charset=utf-8', 'x-content-type-options': 'nosniff' } });
    expect(css.html).toMatch(/#0b5cad/);
    const page = await raw(running, 'GET', '/signin');
    expect(page.headers['content-security-policy']).toBe("default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    expect(page.headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    expect(page.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page.html).not.toMatch(/<style|<script|style=/);
  });

  it('answer a bad % escape in the address or the form, or a form that is not UTF-8, with 400 and a page that says so', async () => {
    const running = await server({ tenant: oneUserTenant });
    for (const path of ['/signin/%ZZ', '/signin?next=%E0%A4%A', '/signin/user%']) {
      const answer = await raw(running, 'GET', path);
      expect(answer.status, path).toBe(400);
      expect(answer.html, path).toMatch(/each &#34;%&#34; must be followed by two hexadecimal digits/);
    }
    for (const body of ['user=amosm%ZZ', 'user=%', 'user=%C3%28', Buffer.from([0x75, 0x73, 0x65, 0x72, 0x3d, 0xff, 0xfe])]) {
      const answer = await raw(running, 'POST', '/signin/user', body);
      expect(answer.status, String(body)).toBe(400);
      expect(answer.html).toMatch(/Bad request/);
    }
    const french = await raw(running, 'POST', '/signin/user', 'user=%', { 'accept-language': 'fr-FR' });
    expect(french).toMatchObject({ status: 400, html: expect.stringMatching(/Requête incorrecte/) });
    // The server still serves a sign-in.
    expect(flowOf((await post(running, '/signin/user', { user: 'amosm@contoso.com' })).html)).toBeDefined();
  });

  it('refuse an unknown user name on the user-name step, echoing it escaped, control characters too', async () => {
    const running = await server({ tenant: oneUserTenant });
    const refused = await post(running, '/signin/user', { user: 'nobody@contoso.com"><script>x</script>\u0007' });
    expect(refused.status).toBe(200);
    expect(flowOf(refused.html)).toBeUndefined();
    expect(refused.html).toContain('role="alert"');
    expect(refused.html).toContain('nobody@contoso.com&#34;&#62;&#60;script&#62;x&#60;/script&#62;\u2407');
    expect(refused.html).not.toMatch(/<script|\u0007/);
    expect((await post(running, '/signin/user', { user: 'nobody@contoso.com' }, { 'accept-language': 'fr' })).html).toMatch(/Aucun compte ne porte le nom d&#39;utilisateur « nobody@contoso.com »/);
  });

  it("speak the browser's language, then the language of the phone that showed the code", async () => {
    const running = await server({ tenant: oneUserTenant });
    const phone = await rawClient(running.url);
    phone.send(helloWithMac('00:04:F2:00:00:21', '5.9.5.0614'));
    await phone.next();
    phone.send({ v: 1, type: 'webSignIn.start', locale: 'fr-FR' });
    const { code } = (await phone.next()) as { code: string };
    const english = { 'accept-language': 'en-US,en;q=0.9' };
    const codePage = await post(running, '/signin/user', { user: 'amosm@contoso.com' }, english);
    expect(codePage.html).toMatch(/<html lang="en-US">[\s\S]*Enter the code displayed on your phone/);
    const flow = flowOf(codePage.html)!;
    const confirm = await post(running, '/signin/code', { flow, code }, english);
    expect(confirm.html).toMatch(/<html lang="fr-FR">[\s\S]*Essayez-vous de vous connecter/);
    expect(confirm.html).toContain('Polycom Skype for Business Certified Phone');
    expect((await post(running, '/signin/continue', { flow }, english)).html).toMatch(/Choisir un compte/);
    phone.close();
  });
});
