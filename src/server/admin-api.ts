import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { allowedValues, formatPolicyValue, policyDefinition, policyDefinitions, type PolicyDefinition } from '../core/policies.js';
import { tenantUserSchema, type TenantUser } from '../core/tenant.js';
import { adminBodies as bodies } from './admin-bodies.js';
import { adminOpenApiDocument } from './admin-openapi.js';
import { advanceClock, clockView } from './admin-clock.js';
import type { ClockControl } from '../core/clock-control.js';
import { deviceView, type ConsoleHub } from './console/console-hub.js';
import { timingSafeEqual, createHash } from 'node:crypto';
import { parseBoundedJson } from '../protocol/safe-decode.js';
import { decodedSegment } from './firmware-downloads.js';
import { Conflict, DomainError, InvalidInput, NotFound } from './domain-errors.js';
import { sendJson, statusOf } from './http-replies.js';
import { normalizeMac, type ServerStore } from './store.js';

/** The HTTP admin API (docs/admin-api.md): what `phone-emu policy|firmware|test-device|devices` call. */
export interface AdminAccess {
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** Bound to a loopback address: without a token the API is open to this machine only. */
  readonly loopback: boolean;
}

export interface AdminContext {
  readonly store: ServerStore;
  readonly access: AdminAccess;
  /** Server facts shown by GET /admin/server. */
  readonly describe: () => Record<string, unknown>;
  /** Rings the connected phone with this MAC with a call from `from`; false when it is not connected. */
  readonly ring: (mac: string, from: string) => boolean;
  /** Adds a user to the tenant, or replaces the one with the same UPN. */
  readonly putUser: (user: TenantUser) => { readonly added: boolean } | { readonly problem: string };
  /** The web console's event streams and keys (console/console-hub.ts). */
  readonly console?: ConsoleHub;
  /** The embedded server's virtual clock (phone-emu start); absent on real time. */
  readonly clock?: ClockControl | undefined;
}

const maxBodyBytes = 64 * 1024;

/** The request and its response, for a route that streams its answer (it returns `streamed`). */
interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
}
const streamed = Symbol('streamed');

type Route = (context: AdminContext, body: unknown, name: string, exchange: Exchange) => unknown;

const consoleOf = (context: AdminContext): ConsoleHub => {
  if (!context.console) throw new Conflict('this server has no web console');
  return context.console;
};

const routes: Record<string, Route> = {
  'GET /admin/openapi.json': () => adminOpenApiDocument(),
  'GET /admin/server': ({ describe }) => describe(),
  'GET /admin/policies': ({ store }) => (policyDefinitions as readonly PolicyDefinition[]).map((definition) => policyView(store, definition)),
  'GET /admin/policies/:name': ({ store }, _body, name) => policyView(store, knownPolicy(name)),
  'PUT /admin/policies/:name': ({ store }, body, name) => {
    const { value } = parse(bodies.policy, body);
    const { definition } = store.setPolicy(name, value);
    return policyView(store, definition);
  },
  'GET /admin/firmware': ({ store }) =>
    [...store.data.families.values()].map((family) => ({
      family: family.family,
      published: store.published(family.family),
      rule: store.deployment === 'onprem' ? store.rule(family.family) : null,
      provisioning: store.provisioning(family.family),
      builds: family.builds.map(({ version, released, certified, sizeBytes }) => ({ version, released, certified, sizeBytes })),
    })),
  'POST /admin/firmware/publish': ({ store }, body) => {
    const { version, ...ref } = parse(bodies.publish, body);
    return { message: store.publish(version, ref) };
  },
  'POST /admin/firmware/approve': ({ store }, body) => {
    const { version, ...ref } = parse(bodies.approve, body);
    return { message: store.approve(version, ref) };
  },
  'POST /admin/firmware/reset': ({ store }, body) => ({ message: store.reset(parse(bodies.rule, body)) }),
  'POST /admin/firmware/restore': ({ store }, body) => ({ message: store.restore(parse(bodies.rule, body)) }),
  'GET /admin/test-devices': ({ store }) => store.testDevices(),
  'POST /admin/test-devices': ({ store }, body) => {
    const { type, identifier, name } = parse(bodies.testDevice, body);
    return store.addTestDevice(type, identifier, name);
  },
  'GET /admin/devices': ({ store }) => store.devices().map((device) => deviceView(store, device)),
  'GET /admin/events': (context, _body, _name, { request, response }) => {
    consoleOf(context).stream(request, response);
    return streamed;
  },
  'POST /admin/devices/:mac/keys': (context, body, mac) => ({ message: consoleOf(context).press(mac, parse(bodies.keys, body).keys) }),
  'GET /admin/clock': ({ clock }) => clockView(clock),
  'POST /admin/clock/advance': ({ clock }, body) => advanceClock(clock, parse(bodies.clockAdvance, body).ms),
  'PUT /admin/provisioning': ({ store }, body) => {
    const { version, ...ref } = parse(bodies.provisioning, body);
    return { message: store.setProvisioning(version, ref) };
  },
  'PUT /admin/faults': ({ store }, body) => ({ message: store.setDownloadFault(parse(bodies.faults, body).download) }),
  'POST /admin/devices/:mac/call': ({ store, ring }, body, mac) => {
    const { from } = parse(bodies.call, body);
    const wanted = normalizeMac(mac);
    const device = store.devices().find((candidate) => wanted !== undefined && normalizeMac(candidate.mac) === wanted);
    if (!device) throw new NotFound(`no phone with MAC ${mac} has connected; GET /admin/devices lists them`);
    if (!ring(device.mac, from)) throw new Conflict(`the phone ${device.mac} is not connected`);
    return { message: `ringing ${device.mac} with a call from ${from}` };
  },
  'POST /admin/users': ({ putUser }, body) => {
    const user = parse(tenantUserSchema, body);
    const outcome = putUser(user);
    if ('problem' in outcome) throw new Conflict(outcome.problem);
    const { password: _password, pin: _pin, ...shown } = user;
    return { message: `${outcome.added ? 'added' : 'replaced'} ${user.upn}`, user: shown };
  },
};

/** Every route the admin API answers, as `METHOD /path` (admin-openapi.ts documents each). */
export const adminRouteKeys: readonly string[] = Object.keys(routes);

/** Routes with a name in their path: `/admin/policies/EnableDeviceUpdate`. */
const namedRoutes: readonly { readonly pattern: RegExp; readonly route: string }[] = [
  { pattern: /^\/admin\/policies\/([^/]+)$/, route: '/admin/policies/:name' },
  { pattern: /^\/admin\/devices\/([^/]+)\/call$/, route: '/admin/devices/:mac/call' },
  { pattern: /^\/admin\/devices\/([^/]+)\/keys$/, route: '/admin/devices/:mac/keys' },
];

/** Answers a request under /admin/; JSON in, JSON out, `{ "error": "..." }` with a 4xx status on refusal (statusOf). */
export async function handleAdmin(context: AdminContext, request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  const reply = (status: number, value: unknown) => sendJson(response, status, value);
  const denied = adminRefusal(context.access, request.headers.authorization);
  if (denied) return reply(denied.status, { error: denied.message });

  const named = namedRoutes.map(({ pattern, route }) => ({ match: pattern.exec(path), route })).find(({ match }) => match !== null);
  const routePath = named?.route ?? path;
  const route = routes[`${request.method ?? 'GET'} ${routePath}`];
  if (!route) {
    const known = Object.keys(routes).some((route) => route.endsWith(` ${routePath}`));
    return reply(known ? 405 : 404, { error: known ? `${request.method} is not allowed on ${path}` : `no admin route ${path}; see docs/admin-api.md` });
  }
  try {
    const body = request.method === 'GET' ? undefined : await readJson(request);
    const name = named ? decodedSegment(named.match![1]!) : '';
    if (name === undefined) return reply(400, { error: `${path}: a malformed %-escape in the address` });
    const answer = await route(context, body, name, { request, response });
    if (answer !== streamed) reply(200, answer);
  } catch (error) {
    if (error instanceof DomainError) return reply(statusOf(error), { error: error.message });
    throw error;
  }
}

export function adminRefusal(access: AdminAccess, authorization: string | undefined): { status: number; message: string } | undefined {
  if (access.token !== undefined) {
    return sameSecret(authorization ?? '', `Bearer ${access.token}`) ? undefined : { status: 401, message: 'the admin API needs Authorization: Bearer <token> (--admin-token)' };
  }
  // Issue 8: an admin API reachable from other machines must be protected by a token.
  if (!access.loopback) return { status: 403, message: 'the server listens beyond this machine: start it with --admin-token to use the admin API' };
  return undefined;
}

/** Compares in constant time (of SHA-256 digests, which have one length): the answer's timing tells nothing of the token. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function policyView(store: ServerStore, definition: PolicyDefinition) {
  const value = store.policy()[definition.name as keyof ReturnType<ServerStore['policy']>];
  return {
    name: definition.name,
    cmdlet: definition.cmdlet,
    type: definition.kind,
    value: formatPolicyValue(definition, value),
    default: formatPolicyValue(definition, definition.default),
    allowed: allowedValues(definition),
    online: definition.online,
    description: definition.description,
  };
}

function knownPolicy(name: string): PolicyDefinition {
  const definition = policyDefinition(name);
  if (!definition) throw new NotFound(`"${name}" is not a policy; GET /admin/policies lists them`);
  return definition;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new InvalidInput(`${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length > maxBodyBytes) throw new InvalidInput(`the request body is over ${maxBodyBytes} bytes`);
  }
  if (text.trim() === '') return undefined;
  const parsed = parseBoundedJson(text, maxBodyBytes);
  if (!parsed.ok) throw new InvalidInput(`the request body is ${parsed.message}`);
  return parsed.value;
}
