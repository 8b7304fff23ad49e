/**
 * The browser side of web sign-in, walked over HTTP as a person walks it in a browser:
 * user name, code, Continue, pick the account (or "Use another account"), password.
 * Scenarios and tests use it; the real-browser test drives the same pages in Chromium.
 */
export interface BrowserSignIn {
  /** The sign-in page's address, as the phone shows it. */
  readonly url: string;
  readonly user: string;
  readonly code: string;
  readonly password: string;
  readonly account?: 'pick' | 'another';
}

export interface BrowserResult {
  readonly done: boolean;
  /** The text of the last page, tags stripped: what a person would read. */
  readonly page: string;
  /** Why the pages stopped short of the end: the page's alert line, else its title and text; empty once done. */
  readonly reason: string;
  readonly status: number;
}

const alertLine = /<p class="error" role="alert">([\s\S]*?)<\/p>/;

export async function completeWebSignIn(options: BrowserSignIn): Promise<BrowserResult> {
  const post = async (path: string, fields: Record<string, string>) => {
    const response = await fetch(new URL(path, options.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return { html: await response.text(), status: response.status };
  };
  const text = (html: string) =>
    html
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
      .replace(/\s+/g, ' ')
      .trim();
  const read = ({ html, status }: { html: string; status: number }, done = false): BrowserResult => {
    const page = text(html);
    const alert = alertLine.exec(html)?.[1];
    return { done, status, page, reason: done ? '' : alert !== undefined ? text(alert) : page };
  };
  const flowOf = (html: string) => /name="flow" value="([^"]+)"/.exec(html)?.[1];

  const codePage = await post('/signin/user', { user: options.user });
  const flow = flowOf(codePage.html);
  if (!flow) return read(codePage);
  const confirm = await post('/signin/code', { flow, code: options.code });
  if (!confirm.html.includes('/signin/continue')) return read(confirm);
  const accounts = await post('/signin/continue', { flow });
  if (!accounts.html.includes('/signin/account')) return read(accounts);
  const another = options.account === 'another';
  const password = await post('/signin/account', { flow, account: another ? 'another' : 'pick' });
  if (!password.html.includes('/signin/password')) return read(password);
  const done = await post('/signin/password', {
    flow,
    password: options.password,
    ...(another ? { user: options.user } : {}),
  });
  return read(done, done.html.includes('id="done"'));
}
