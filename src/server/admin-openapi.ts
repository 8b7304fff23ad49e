import { z } from 'zod';
import { licenses, tenantUserSchema } from '../core/tenant.js';
import { adminBodies } from './admin-bodies.js';
import { callStates, lockPhases } from '../protocol/console-frames.js';
import { deployments, downloadFaults, testDeviceTypes } from './store.js';

/**
 * The admin API as an OpenAPI 3.1 document (`GET /admin/openapi.json`, docs/admin-api.openapi.json).
 * Request bodies are the schemas the server parses with (admin-bodies.ts); answers are described
 * here, and test/server/admin-openapi.test.ts checks real answers against them.
 */

const error = z.object({ error: z.string().describe('what is wrong and what to do') });
const message = z.object({ message: z.string() });

const policyView = z.object({
  name: z.string(),
  cmdlet: z.string().describe('the cmdlet that sets it, e.g. Set-CsIPPhonePolicy'),
  type: z.enum(['boolean', 'integer', 'timespan', 'enum', 'text']),
  value: z.string().describe('as an admin types it: True, 00:05:00, 6'),
  default: z.string(),
  allowed: z.string().describe('the values it takes, in words'),
  online: z.boolean().describe('whether it applies to Skype for Business Online'),
  description: z.string(),
});

const version = z.string().describe('a firmware version, e.g. 6.1.0.6189');
const firmwareFamily = z.object({
  family: z.string(),
  published: z.array(version).describe('Online: the builds offered, oldest first'),
  rule: z
    .object({ approved: version.nullable(), pending: version.nullable(), restore: version.nullable(), withdrawn: version.nullable().optional() })
    .nullable()
    .describe('on-premises: the device update rule; null Online'),
  provisioning: version.nullable().describe('the build the third-party provisioning stand-in pushes, if any'),
  builds: z.array(z.object({ version, released: z.string(), certified: z.boolean(), sizeBytes: z.int() })),
});

const testDevice = z.object({ name: z.string(), type: z.enum(testDeviceTypes), identifier: z.string() });

const device = z.object({
  model: z.string(),
  mac: z.string(),
  serial: z.string(),
  firmware: version,
  connected: z.boolean(),
  user: z.string().nullable(),
  update: z.string().describe("the update region's state as the phone last reported it"),
  state: z.string().describe('offline, or the update state of a connected phone'),
  warnings: z.array(z.string()),
  installed: z.array(version),
  lastResult: z
    .object({ version, outcome: z.enum(['installed', 'failed']), previous: version.optional(), reason: z.string().optional() })
    .nullable(),
  testDevice: z.boolean(),
  progress: z.number().optional().describe('download progress from 0 to 1, in tenths, while downloading'),
  lock: z.enum(lockPhases).optional(),
  call: z.enum(callStates).optional(),
  paired: z.boolean().optional().describe('a PC is paired over BToE'),
});

const serverFacts = z.looseObject({
  server: z.string(),
  deployment: z.enum(deployments),
  tenant: z.object({ exchange: z.enum(['online', 'onprem']), mfa: z.boolean() }),
  settings: z.looseObject({}).describe('what phones are told at welcome'),
  checkJitterMs: z.int(),
  downloadFault: z.enum(downloadFaults),
  provisioning: z.record(z.string(), version).describe('family -> the build pushed'),
});

const shownUser = z.object({
  upn: z.string(),
  displayName: z.string().optional(),
  licenses: z.array(z.enum(licenses)),
  extension: z.string().optional(),
});

const clockView = z.object({
  virtual: z.boolean().describe('true on the embedded server of phone-emu start (virtual time, jumps allowed); false on phone-emu server'),
  nowMs: z.number().describe('the emulated wall-clock time, epoch ms (the TUI clock bar\'s); the real time when not virtual'),
  speed: z.number().optional().describe('virtual ms per wall-clock ms between jumps: 1 while the TUI runs, 0 when only jumps move it'),
  running: z.boolean().optional().describe('a phone runs on the clock (false while the TUI shows its device picker)'),
  jumps: z.array(z.object({ ms: z.int(), label: z.string() })).optional().describe("the TUI's jump keys, as the console's buttons"),
});

/** One admin route as documented. */
export interface AdminRouteDoc {
  readonly summary: string;
  /** The body it parses, when it takes one. */
  readonly body?: z.ZodType;
  /** Its answer on success (200). */
  readonly answer: z.ZodType;
  /** What the answer is when it is not JSON (a stream of server-sent events). */
  readonly contentType?: 'text/event-stream';
  /** The refusals it can give besides 400, 401, 403 and 415, which every route can. */
  readonly refusals?: readonly (404 | 409)[];
}

/** Every admin route, by `METHOD /path` as the router names it. */
export const adminRouteDocs: Readonly<Record<string, AdminRouteDoc>> = {
  'GET /admin/openapi.json': { summary: 'This document', answer: z.looseObject({ openapi: z.literal('3.1.0') }) },
  'GET /admin/server': { summary: 'Server facts: deployment, tenant, settings told to phones, faults, provisioning', answer: serverFacts },
  'GET /admin/policies': { summary: 'Every in-band policy with its value, default and allowed values', answer: z.array(policyView) },
  'GET /admin/policies/:name': { summary: 'One policy (the name is case-insensitive)', answer: policyView, refusals: [404] },
  'PUT /admin/policies/:name': {
    summary: 'Change a policy; connected phones get it at once (policy.changed)',
    body: adminBodies.policy,
    answer: policyView,
    refusals: [404, 409],
  },
  'GET /admin/firmware': { summary: 'Per family: published builds, on-premises rule, provisioning, builds', answer: z.array(firmwareFamily) },
  'POST /admin/firmware/publish': {
    summary: 'Online: offer a build; on-premises: import it as Pending',
    body: adminBodies.publish,
    answer: message,
    refusals: [404, 409],
  },
  'POST /admin/firmware/approve': { summary: 'Approve-CsDeviceUpdateRule', body: adminBodies.approve, answer: message, refusals: [404, 409] },
  'POST /admin/firmware/reset': { summary: 'Reset-CsDeviceUpdateRule: reject the pending build', body: adminBodies.rule, answer: message, refusals: [404, 409] },
  'POST /admin/firmware/restore': {
    summary: 'Restore-CsDeviceUpdateRule: back to the restore point, or uninstall the approved build',
    body: adminBodies.rule,
    answer: message,
    refusals: [404, 409],
  },
  'GET /admin/test-devices': { summary: 'The test devices', answer: z.array(testDevice) },
  'POST /admin/test-devices': { summary: 'Add a test device (New-CsTestDevice)', body: adminBodies.testDevice, answer: testDevice, refusals: [409] },
  'GET /admin/devices': { summary: 'Every phone the server has seen', answer: z.array(device) },
  'GET /admin/events': {
    summary:
      'Server-sent events for the web console: `devices` (an array of devices as GET /admin/devices shows them: all at first, then those that changed, at most 4 batches a second); with ?watch=MAC also `screen` ({ mac, screen }: that phone\'s display); on virtual time `clock` (as GET /admin/clock) at first and after each jump',
    contentType: 'text/event-stream',
    answer: z.string().describe('event: devices | screen | clock, data: JSON'),
    refusals: [404, 409],
  },
  'POST /admin/devices/:mac/keys': {
    summary: 'Press keys on the connected phone with this MAC, as its keypad, softkeys (by slot, left to right) or text for a field',
    body: adminBodies.keys,
    answer: message,
    refusals: [404, 409],
  },
  'GET /admin/clock': { summary: "The server's clock: virtual (phone-emu start) with its jumps, or real time", answer: clockView },
  'POST /admin/clock/advance': {
    summary: "Jump the embedded server's virtual clock ahead, firing the phone's timers on the way, as the TUI's jump keys do",
    body: adminBodies.clockAdvance,
    answer: clockView,
    refusals: [409],
  },
  'PUT /admin/provisioning': {
    summary: 'Act as a third-party provisioning server pushing a build (null: stop)',
    body: adminBodies.provisioning,
    answer: message,
    refusals: [404, 409],
  },
  'PUT /admin/faults': { summary: 'How firmware downloads are served from now on', body: adminBodies.faults, answer: message },
  'POST /admin/devices/:mac/call': {
    summary: 'Ring the connected phone with this MAC',
    body: adminBodies.call,
    answer: message,
    refusals: [404, 409],
  },
  'POST /admin/users': {
    summary: 'Add a user to the tenant, or replace the one with that UPN',
    body: tenantUserSchema,
    answer: z.object({ message: z.string(), user: shownUser }),
    refusals: [409],
  },
};

const refusalText: Record<number, string> = {
  400: 'the body or address is malformed',
  401: 'the server has an admin token and the request did not carry it',
  403: 'a foreign Origin or Host, or a server bound beyond loopback without --admin-token',
  404: 'no such policy, build, family or phone',
  409: 'not possible in this deployment or state',
  415: 'a PUT or POST without Content-Type: application/json',
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** `/admin/devices/:mac/call` -> `/admin/devices/{mac}/call`, and the parameters it names. */
function openApiPath(path: string): { path: string; parameters: string[] } {
  const parameters: string[] = [];
  const converted = path.replace(/:([a-z]+)/g, (_all, name: string) => {
    parameters.push(name);
    return `{${name}}`;
  });
  return { path: converted, parameters };
}

/** The OpenAPI 3.1 document of the admin API. */
export function adminOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, doc] of Object.entries(adminRouteDocs)) {
    const [method, routePath] = key.split(' ') as [string, string];
    const { path, parameters } = openApiPath(routePath);
    const statuses = [400, 401, 403, ...(doc.body ? [415] : []), ...(doc.refusals ?? [])].sort();
    const responses: Record<string, unknown> = {
      200: { description: 'done', content: { [doc.contentType ?? 'application/json']: { schema: jsonSchema(doc.answer, 'output') } } },
    };
    for (const status of statuses) {
      responses[status] = { description: refusalText[status], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = {
      operationId: `${method.toLowerCase()}${path.replace(/[^A-Za-z]+(.)?/g, (_all, next: string | undefined) => next?.toUpperCase() ?? '')}`,
      summary: doc.summary,
      ...(parameters.length > 0
        ? { parameters: parameters.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })) }
        : {}),
      ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'phone-emu update server admin API',
      version: '1',
      description: 'What phone-emu policy|firmware|test-device|provisioning|fault|devices --server call. JSON in, JSON out; see docs/admin-api.md.',
    },
    servers: [{ url: 'http://127.0.0.1:8080' }],
    components: {
      schemas: { Error: jsonSchema(error, 'output') },
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'needed when the server runs with --admin-token' } },
    },
    security: [{}, { adminToken: [] }],
    paths,
  };
}

/** The document as written to docs/admin-api.openapi.json. */
export function adminOpenApiText(): string {
  return `${JSON.stringify(adminOpenApiDocument(), null, 2)}\n`;
}
