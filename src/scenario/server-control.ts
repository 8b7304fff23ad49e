import type { ProjectData } from '../profiles/load-data.js';
import { adminRequest, AdminRequestError, type AdminTarget } from '../server/admin-client.js';
import { startUpdateServer, type UpdateServer } from '../server/update-server.js';
import type { Deployment, Tenant, TenantUser } from '../core/tenant.js';
import type { ServerClock } from '../server/server-clock.js';
import type { Deployment as ServerDeployment } from '../server/store.js';
import type { PolicyValues } from './scenario-schema.js';
import { NotSupported, StepFailure } from './step-errors.js';

/**
 * The server a scenario's phone talks to: its own in-process server, or one given with
 * --server. `server:` steps go through its admin API (docs/admin-api.md), as an admin's would.
 */
export interface ServerControl {
  /** ws://host:port/ for the phone. */
  readonly url: string;
  /** Warnings the server raised (frames it refused), for `expect: { warning }`. */
  readonly warnings: readonly string[];
  /** Calls the admin API; a refusal fails the step with the server's own words. */
  admin<T>(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<T>;
  /** Stops the server, awaits `whileDown` (the phone noticing), starts it again on the same port. */
  restart(whileDown: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface ServerStart {
  readonly policy: PolicyValues;
  readonly deployment: ServerDeployment;
  /** The scenario's users and deployment. */
  readonly tenant: Tenant;
  /** The scenario's clock: web sign-in codes expire in its virtual time. */
  readonly clock: ServerClock;
}

function adminOf(target: () => AdminTarget): ServerControl['admin'] {
  return async (method, path, body) => {
    try {
      return await adminRequest(target(), method, path, body);
    } catch (error) {
      if (error instanceof AdminRequestError) throw new StepFailure(`the server refused: ${error.message}`);
      throw error;
    }
  };
}

/**
 * The scenario's own server, started with its policy and deployment. A restart is a new
 * server process on the same port: what `server:` steps changed since is gone.
 */
export async function startLocalServer(data: ProjectData, start: ServerStart): Promise<ServerControl> {
  const warnings: string[] = [];
  const launch = async (port?: number) => {
    const server = await startUpdateServer({ data, policy: start.policy, deployment: start.deployment, tenant: start.tenant, clock: start.clock, port });
    server.events.on('refused', (_connection, message) => warnings.push(`the server refused a frame: ${message}`));
    return server;
  };
  let server: UpdateServer = await launch();
  return {
    get url() {
      return server.url;
    },
    warnings,
    admin: adminOf(() => ({ server: server.httpUrl })),
    restart: async (whileDown) => {
      const { port } = server;
      await server.close();
      await whileDown();
      server = await launch(port);
    },
    close: () => server.close(),
  };
}

/** What a scenario asks of a --server: its policy, its users, and the deployment it was written for. */
export interface RemoteStart {
  readonly policy: PolicyValues;
  readonly users: readonly TenantUser[];
  /** Undefined when the scenario does not say: any server will do. */
  readonly deployment: Deployment | undefined;
}

/**
 * A server given with --server, shared by every scenario of the run: `policy:` is set on
 * it and `users:` are added to its tenant through the admin API, and its deployment must
 * be the scenario's.
 */
export async function remoteServer(url: string, adminToken: string | undefined, start: RemoteStart): Promise<ServerControl> {
  const admin = adminOf(() => ({ server: url, adminToken }));
  if (start.deployment !== undefined) {
    const { deployment, tenant } = await admin<{ deployment: ServerDeployment; tenant: Omit<Deployment, 'sfb'> }>('GET', 'server');
    const { sfb, exchange, mfa } = start.deployment;
    if (deployment !== sfb) throw new StepFailure(`the server at ${url} is ${deployment}; this scenario needs ${sfb} (phone-emu server --deployment ${sfb})`);
    if (tenant.exchange !== exchange || tenant.mfa !== mfa) {
      throw new StepFailure(
        `the server at ${url} serves a tenant with Exchange ${tenant.exchange}, MFA ${tenant.mfa ? 'on' : 'off'}; this scenario needs Exchange ${exchange}, MFA ${mfa ? 'on' : 'off'} (its --tenant file's deployment)`,
      );
    }
  }
  for (const [name, value] of Object.entries(start.policy)) await admin('PUT', `policies/${name}`, { value });
  for (const user of start.users) await admin('POST', 'users', user);
  return {
    url,
    warnings: [],
    admin,
    restart: () => Promise.reject(new NotSupported('server.restart against --server (restart that server yourself)')),
    close: () => Promise.resolve(),
  };
}
