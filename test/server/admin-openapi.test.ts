import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/profiles/paths.js';
import { adminRouteKeys } from '../../src/server/admin-api.js';
import { adminOpenApiText } from '../../src/server/admin-openapi.js';
import { admin } from '../helpers/admin.js';
import { oneUserTenant, rawPhonesClosedAfterEach, serversClosedAfterEach } from '../helpers/servers.js';

/**
 * docs/admin-api.openapi.json: valid OpenAPI 3.1 (checked by a validator of its own), every
 * route the server answers and nothing else, and real answers that match what it says.
 */
const committedFile = join(packageRoot(), 'docs', 'admin-api.openapi.json');
const committed = readFileSync(committedFile, 'utf8');
const document = JSON.parse(committed) as {
  paths: Record<string, Record<string, { responses: Record<string, { content: { 'application/json': { schema: object } } }> }>>;
};
const startServer = serversClosedAfterEach();
const rawPhone = rawPhonesClosedAfterEach('00:04:F2:0A:00');

/** `/admin/devices/{mac}/call` -> `/admin/devices/:mac/call`, as the router names it. */
const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\{([a-z]+)\}/g, ':$1')}`;

const ajv = new Ajv2020.default({ strict: false, allErrors: true });
function answerMatches(method: string, path: string, answer: unknown): void {
  const schema = document.paths[path]![method]!.responses['200']!.content['application/json'].schema;
  const validate = ajv.compile(schema);
  expect(validate(answer), `${method.toUpperCase()} ${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

describe('the OpenAPI document of the admin API', () => {
  it('is what the server generates today (regenerate with npm run docs:openapi)', () => {
    expect(committed, 'docs/admin-api.openapi.json is stale: run npm run docs:openapi').toBe(adminOpenApiText());
  });

  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(committed) as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('names every route the server answers, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => routeKey(method, path)));
    expect([...documented].sort()).toEqual([...adminRouteKeys].sort());
  });

  it('is served at GET /admin/openapi.json', async () => {
    const server = await startServer();
    const { status, body } = await admin(server, 'GET', 'openapi.json');
    expect(status).toBe(200);
    expect(`${JSON.stringify(body, null, 2)}\n`).toBe(committed);
  });

  it("describes what the server really answers on each route", async () => {
    const server = await startServer({ tenant: oneUserTenant });
    await rawPhone(server.url);
    const call = async (method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown) => {
      const answer = await admin(server, method, path, body);
      expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(200);
      answerMatches(method.toLowerCase(), `/admin/${path}`.replace(/policies\/[A-Za-z]+$/, 'policies/{name}').replace(/devices\/[^/]+\/call$/, 'devices/{mac}/call'), answer.body);
    };
    await call('POST', 'test-devices', { type: 'MACAddress', identifier: '00-04-F2-0A-00-01' });
    await call('PUT', 'policies/EnableDeviceUpdate', { value: 'False' });
    await call('POST', 'firmware/publish', { version: '6.1.0.6189' });
    await call('PUT', 'provisioning', { version: '5.9.5.0614', device: 'polycom-vvx-601' });
    await call('PUT', 'faults', { download: 'cut' });
    await call('POST', 'devices/00:04:F2:0A:00:01/call', { from: '+14255550123' });
    await call('POST', 'users', { upn: 'lidiah@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem'], extension: '4321', pin: '1234' });
    for (const path of ['server', 'policies', 'policies/PhoneLockTimeout', 'firmware', 'test-devices', 'devices', 'openapi.json']) await call('GET', path);
  });

  it('on-premises routes answer as documented too', async () => {
    const server = await startServer({ deployment: 'onprem' });
    for (const [method, path, body] of [
      ['POST', 'firmware/publish', { version: '6.1.0.6189' }],
      ['POST', 'firmware/approve', {}],
      ['POST', 'firmware/publish', { version: '5.9.5.0614' }],
      ['POST', 'firmware/reset', { family: 'polycom-ucs' }],
      ['POST', 'firmware/restore', { family: 'polycom-ucs' }],
      ['GET', 'firmware', undefined],
    ] as const) {
      const answer = await admin(server, method, path, body);
      expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(200);
      answerMatches(method.toLowerCase(), `/admin/${path}`, answer.body);
    }
  });
});
