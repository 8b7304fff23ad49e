import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { handleAdmin, type AdminContext } from './admin-api.js';
import { consolePath, serveConsole, wantsHtml } from './console/console-page.js';
import { firmwarePath, serveFirmware } from './firmware-downloads.js';
import { sendText } from './http-replies.js';
import type { SignInPages } from './identity/sign-in-pages.js';
import { foreignRequest } from './origin-check.js';
import { provisioningFilePath, serveProvisioningFile } from './provisioning-files.js';
import { serverName } from './server-events.js';
import type { ServerStore } from './store.js';

/** What the HTTP side serves from. */
export interface HttpContext {
  readonly store: ServerStore;
  readonly signInPages: SignInPages;
  readonly admin: AdminContext;
  /** The address the server is bound to: what origin-check.ts takes as this site. */
  readonly ownHosts: () => { readonly host: string; readonly port: number };
  /** Each GET of a provisioning stand-in file, and what it was answered (ServerEvents.provisioningFile). */
  readonly onProvisioningFile?: (path: string, status: 200 | 404) => void;
  /** A request that broke a handler: the details go to the server's log, not to whoever sent it. */
  readonly onProblem: (message: string) => void;
}

interface HttpRoute {
  /** Any method when absent. */
  readonly method?: 'GET';
  readonly path: RegExp;
  readonly handle: (request: IncomingMessage, response: ServerResponse, match: RegExpExecArray, path: string) => void | Promise<void>;
}

/** Every HTTP route, the first match serving; what matches none is a 404. */
function routes(context: HttpContext): readonly HttpRoute[] {
  const { store } = context;
  return [
    // The web sign-in pages answer their own methods (identity/sign-in-pages.ts).
    { path: /^\/signin(\/|$)/, handle: (request, response) => void context.signInPages.handle(request, response) },
    { path: /^\/admin\//, handle: (request, response, _match, path) => admin(context, request, response, path) },
    { method: 'GET', path: firmwarePath, handle: (request, response, match) => serveFirmware(store, match, response, request) },
    {
      method: 'GET',
      path: /^\/provisioning\/$/,
      handle: (_request, response) => sendText(response, 200, `${JSON.stringify(Object.fromEntries(store.provisioningTargets()))}\n`, 'application/json'),
    },
    {
      method: 'GET',
      path: provisioningFilePath,
      handle: (_request, response, match, path) => {
        const status = serveProvisioningFile(store, match, response);
        context.onProvisioningFile?.(path, status);
      },
    },
    // The web console (console/console-page.ts): at /console, and at / for a browser.
    { method: 'GET', path: consolePath, handle: (request, response, match) => serveConsole(request, response, match[1], context.ownHosts()) },
    {
      method: 'GET',
      path: /^\/$/,
      handle: (request, response) =>
        wantsHtml(request) ? serveConsole(request, response, undefined, context.ownHosts()) : sendText(response, 200, `${serverName} update server: phones connect over WebSocket on this address\n`),
    },
  ];
}

/** The HTTP server's request listener: firmware downloads, the provisioning stand-in, web sign-in and the admin API. */
export function createHttpRouter(context: HttpContext): RequestListener {
  const table = routes(context);
  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = pathOf(request);
    if (path === undefined) return sendText(response, 400, 'bad request: the address cannot be read\n');
    for (const candidate of table) {
      const match = candidate.method === undefined || candidate.method === request.method ? candidate.path.exec(path) : null;
      if (match) return candidate.handle(request, response, match, path);
    }
    sendText(response, 404, `not found: ${path}\n`);
  };
  return (request, response) => {
    void route(request, response).catch((error: unknown) => {
      context.onProblem(`${request.method ?? 'GET'} ${request.url ?? '/'}: ${(error as Error).message}`);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('internal error: the server log says more\n');
    });
  };
}

/** The admin API answers JSON requests of this site only (origin-check.ts), then admin-api.ts routes them. */
function admin(context: HttpContext, request: IncomingMessage, response: ServerResponse, path: string): void | Promise<void> {
  const foreign = foreignRequest(request, context.ownHosts(), { needsJson: true });
  if (foreign) return sendText(response, foreign.status, `${JSON.stringify({ error: foreign.message })}\n`, 'application/json; charset=utf-8');
  return handleAdmin(context.admin, request, response, path);
}

/** The request's path, undefined when its address cannot be read (a 400, not a 500). */
function pathOf(request: IncomingMessage): string | undefined {
  try {
    return new URL(request.url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}
