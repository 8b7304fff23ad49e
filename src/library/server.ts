import type { PolicyName } from '../core/policies.js';
import { tenantSchema, type Tenant } from '../core/tenant.js';
import { VirtualClock } from '../core/virtual-clock.js';
import { loadProjectData } from '../profiles/load-data.js';
import { loadTenant } from '../profiles/load-tenant.js';
import { adminRequest } from '../server/admin-client.js';
import { wallClock } from '../server/server-clock.js';
import type { Deployment } from '../server/store.js';
import { startUpdateServer, type UpdateServer } from '../server/update-server.js';

/** The options of `phone-emu server`, for code. */
export interface ServerOptions {
  /** 0 (a free port) by default. */
  readonly port?: number;
  /** 127.0.0.1 by default. */
  readonly host?: string;
  /** A tenant file (tenants/*.yaml) or a tenant as that file holds it; tenants/contoso.yaml by default. */
  readonly tenant?: string | TenantInput;
  readonly deployment?: Deployment;
  /** In-band policies at start, under the cmdlets' names: `{ EnableDeviceUpdate: false }`. */
  readonly policy?: Partial<Record<PolicyName, string | number | boolean>>;
  /** 'real' (the wall clock) or a virtual clock shared with phones: web sign-in codes expire on it. A fresh virtual clock by default. */
  readonly clock?: 'real' | VirtualClock;
  readonly checkIntervalMs?: number;
  readonly checkJitterMs?: number;
  readonly updateInactivityMs?: number;
  /** Required on the admin API when set. */
  readonly adminToken?: string;
}

/** A tenant as tenants/*.yaml writes it: `{ deployment?, users: [{ upn, password, licenses }] }`. */
export type TenantInput = Parameters<typeof tenantSchema.parse>[0];

export interface ServerHandle {
  /** ws://host:port/ for phones. */
  readonly url: string;
  /** http://host:port/ for downloads and the sign-in page. */
  readonly httpUrl: string;
  /** http://host:port/admin/: the admin API (docs/admin-api.md). */
  readonly adminUrl: string;
  readonly port: number;
  /** The clock its phones should share (startPhone takes it from here); undefined on the wall clock. */
  readonly clock: VirtualClock | undefined;
  readonly adminToken: string | undefined;
  /** Calls the admin API: `admin('PUT', 'policies/EnableDeviceUpdate', { value: false })`. */
  admin<T = unknown>(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<T>;
  /** The phones it knows, as `phone-emu devices --server` lists them. */
  devices(): ReturnType<UpdateServer['devices']>;
  /** Rings a phone (by MAC or signed-in UPN) with a call from `from`; false when no such phone is connected. */
  ring(target: string, from: string): boolean;
  /** The server underneath, for what this handle does not cover. */
  readonly server: UpdateServer;
  close(): Promise<void>;
}

function tenantOf(tenant: ServerOptions['tenant']): Tenant {
  if (tenant === undefined) return loadTenant();
  if (typeof tenant === 'string') return loadTenant(tenant);
  const parsed = tenantSchema.safeParse(tenant);
  if (!parsed.success) throw new Error(`phone-emu: tenant: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(tenant)'}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

/** Starts the mock in-band update server in this process, as `phone-emu server` does. */
export async function startServer(options: ServerOptions = {}): Promise<ServerHandle> {
  const clock = options.clock === 'real' ? undefined : (options.clock ?? new VirtualClock());
  const server = await startUpdateServer({
    data: loadProjectData(),
    tenant: tenantOf(options.tenant),
    port: options.port ?? 0,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.deployment === undefined ? {} : { deployment: options.deployment }),
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...(options.checkJitterMs === undefined ? {} : { checkJitterMs: options.checkJitterMs }),
    settings: {
      ...(options.checkIntervalMs === undefined ? {} : { checkIntervalMs: options.checkIntervalMs }),
      ...(options.updateInactivityMs === undefined ? {} : { updateInactivityMs: options.updateInactivityMs }),
    },
    clock: clock ?? wallClock,
    adminToken: options.adminToken,
  });
  return {
    url: server.url,
    httpUrl: server.httpUrl,
    adminUrl: new URL('admin/', server.httpUrl).href,
    port: server.port,
    clock,
    adminToken: options.adminToken,
    admin: <T>(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown) =>
      adminRequest<T>({ server: server.httpUrl, adminToken: options.adminToken }, method, path, body),
    devices: () => server.devices(),
    ring: (target, from) => server.ring(target, from),
    server,
    close: () => server.close(),
  };
}
