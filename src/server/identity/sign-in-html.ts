import type { PageText } from './sign-in-messages.js';
import { signInStylesheetPath } from './sign-in-stylesheet.js';

/**
 * The HTML of each web sign-in step. Every value a page shows passes through `escapeHtml`;
 * the hooks scripts read (`name="flow"`, `<p class="error" role="alert">`, `id="done"`,
 * the form actions) stay as src/pc/browser-sign-in.ts expects them.
 */

/** What a step's page needs of its sign-in: the flow id its forms carry, and the user name typed. */
export interface FlowView {
  readonly id: string;
  readonly user: string;
}

/**
 * Text made safe inside an element or a quoted attribute: the five HTML specials as character
 * references, C0 controls and DEL as their visible symbols (U+2400...), C1 controls, line and
 * paragraph separators and bidirectional overrides as U+FFFD, so an echoed value can neither
 * close a tag nor reorder or hide the text around it.
 */
export function escapeHtml(text: string): string {
  let out = '';
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (character === '&' || character === '<' || character === '>' || character === '"' || character === "'") out += `&#${code};`;
    else if (code < 0x20) out += String.fromCodePoint(0x2400 + code);
    else if (code === 0x7f) out += '\u2421';
    else if ((code >= 0x80 && code <= 0x9f) || code === 0x2028 || code === 0x2029 || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) out += '\ufffd';
    else out += character;
  }
  return out;
}

export function page(t: PageText, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(t('page.language'))}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${signInStylesheetPath}"></head>
<body><main><p class="brand">Skype for Business</p><div class="card">
<h1>${escapeHtml(title)}</h1>
${body}
</div></main></body></html>`;
}

/** Exactly this markup: src/pc/browser-sign-in.ts reads a refusal's reason from it. */
const errorLine = (error?: string) => (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '');
const flowField = (flow: FlowView) => `<input type="hidden" name="flow" value="${escapeHtml(flow.id)}">`;
const invalid = (error?: string) => (error ? ' aria-invalid="true"' : '');
/** A user name field: plain text (an e-mail field would let the browser refuse in its own words first). */
const userInput = (value: string, error: string | undefined, extra: string) =>
  `<input id="user" name="user" type="text" inputmode="email" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="256" value="${escapeHtml(value)}"${invalid(error)}${extra}>`;

export function userPage(t: PageText, error?: string, typed = ''): string {
  return page(
    t,
    t('user.title'),
    `${errorLine(error)}<form method="post" action="/signin/user">
<label for="user">${escapeHtml(t('user.label'))}</label>
${userInput(typed, error, ` placeholder="${escapeHtml(t('user.placeholder'))}" autofocus`)}
<button type="submit">${escapeHtml(t('user.next'))}</button></form>`,
  );
}

export function codePage(t: PageText, flow: FlowView, error?: string): string {
  return page(
    t,
    t('code.title'),
    `<p class="muted" id="signing-in-as">${escapeHtml(t('code.signingInAs', { user: flow.user }))}</p>
<p>${escapeHtml(t('code.intro'))}</p>${errorLine(error)}
<form method="post" action="/signin/code">${flowField(flow)}
<label for="code">${escapeHtml(t('code.label'))}</label><input id="code" name="code" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="32"${invalid(error)} autofocus>
<button type="submit">${escapeHtml(t('code.next'))}</button></form>`,
  );
}

export function confirmPage(t: PageText, flow: FlowView, manufacturer: string): string {
  return page(
    t,
    t('confirm.title'),
    `<p>${escapeHtml(t('confirm.intro'))}</p><p class="product" id="product">${escapeHtml(t('confirm.product', { manufacturer }))}</p>
<p class="muted">${escapeHtml(t('confirm.warning'))}</p>
<form method="post" action="/signin/continue">${flowField(flow)}<button type="submit">${escapeHtml(t('confirm.continue'))}</button></form>`,
  );
}

export function accountPage(t: PageText, flow: FlowView): string {
  return page(
    t,
    t('account.title'),
    `<form method="post" action="/signin/account">${flowField(flow)}
<button type="submit" class="account" name="account" value="pick">${escapeHtml(flow.user)}</button>
<button type="submit" class="secondary" name="account" value="another">${escapeHtml(t('account.another'))}</button></form>`,
  );
}

export function passwordPage(t: PageText, flow: FlowView, askUser: boolean, error?: string, typedUser = ''): string {
  const userField = askUser
    ? `<label for="user">${escapeHtml(t('password.userLabel'))}</label>${userInput(typedUser, undefined, '')}`
    : `<p class="user" id="account">${escapeHtml(flow.user)}</p>`;
  return page(
    t,
    t('password.title'),
    `${errorLine(error)}<form method="post" action="/signin/password">${flowField(flow)}
${userField}<label for="password">${escapeHtml(t('password.label'))}</label>
<input id="password" name="password" type="password" autocomplete="current-password"${invalid(error)} autofocus>
<button type="submit">${escapeHtml(t('password.signIn'))}</button></form>`,
  );
}

export function donePage(t: PageText, device: string): string {
  return page(
    t,
    t('done.title'),
    `<p class="success">${escapeHtml(t('done.text', { device }))}</p><p id="done">${escapeHtml(t('done.close'))}</p>`,
  );
}

/** A sign-in the service refused at its last step: the reason as the page's alert. */
export function refusedPage(t: PageText, title: string, reason: string): string {
  return page(t, title, `${errorLine(reason)}<p><a class="button" href="/signin">${escapeHtml(t('restart.link'))}</a></p>`);
}

export function messagePage(t: PageText, title: string, text: string, restart = false): string {
  return page(
    t,
    title,
    `<p>${escapeHtml(text)}</p>${restart ? `<p><a class="button" href="/signin">${escapeHtml(t('restart.link'))}</a></p>` : ''}`,
  );
}
