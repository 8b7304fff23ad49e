import type { ProjectData } from '../profiles/load-data.js';
import { defaultUpdatePolicy, type UpdatePolicy } from '../server/offer-policy.js';
import { startUpdateServer, type UpdateServer } from '../server/update-server.js';
import type { PolicyValues } from './policy-names.js';
import { NotSupported } from './step-errors.js';

/**
 * The server a scenario's phone talks to: its own in-process server, or one given with
 * --server. `server:` steps act on it; what it cannot do yet is NotSupported.
 */
export interface ServerControl {
  readonly url: string;
  /** Warnings the server raised (frames it refused...), for `expect: { warning }`. */
  readonly warnings: readonly string[];
  /** The in-process server, or undefined for one given by URL. */
  readonly local: UpdateServer | undefined;
  /** Stops the server, awaits `whileDown` (the phone noticing), starts it again on the same port. */
  restart(whileDown: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** The policy names the update server acts on today: the keys of its policy object. */
const serverPolicyNames = Object.keys(defaultUpdatePolicy) as (keyof UpdatePolicy)[];

/** Only the names the server acts on pass; any other is NotSupported, never silently ignored. */
export function serverPolicy(policy: PolicyValues, where: string): Partial<UpdatePolicy> {
  const unsupported = Object.keys(policy).find((name) => !(serverPolicyNames as string[]).includes(name));
  if (unsupported) throw new NotSupported(`${where}.${unsupported} (the update server acts on ${serverPolicyNames.join(', ')})`);
  return policy as Partial<UpdatePolicy>;
}

export async function startLocalServer(data: ProjectData, policy: Partial<UpdatePolicy>): Promise<ServerControl> {
  const warnings: string[] = [];
  const start = (port?: number) => startUpdateServer({ data, policy, port });
  const watch = (server: UpdateServer) => server.events.on('refused', (_connection, message) => warnings.push(`the server refused a frame: ${message}`));
  let server = await start();
  watch(server);
  return {
    get url() {
      return server.url;
    },
    get local() {
      return server;
    },
    warnings,
    restart: async (whileDown) => {
      const { port } = server;
      await server.close();
      await whileDown();
      // The same port, so the phone finds it again when it reconnects.
      server = await start(port);
      watch(server);
    },
    close: () => server.close(),
  };
}

export function remoteServer(url: string): ServerControl {
  return {
    url,
    local: undefined,
    warnings: [],
    restart: () => Promise.reject(new NotSupported('server.restart against --server (restart that server yourself)')),
    close: () => Promise.resolve(),
  };
}
