import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClockControl } from '../core/clock-control.js';
import { defaultServerSettings, type ServerSettings } from '../core/phone-types.js';
import type { PolicyName } from '../core/policies.js';
import { tenantSchema, type Tenant } from '../core/tenant.js';
import { maxFrameBytes } from '../protocol/codec.js';
import type { FrameBody, ServerFrame } from '../protocol/frames.js';
import type { ProjectData } from '../profiles/load-data.js';
import type { AdminContext } from './admin-api.js';
import { MacClaims } from './connection-identity.js';
import { Connections } from './connections.js';
import { ConsoleHub } from './console/console-hub.js';
import { createHttpRouter } from './http-router.js';
import { IdentityService } from './identity/identity-service.js';
import { SignInPages } from './identity/sign-in-pages.js';
import { hashTenant } from './identity/tenant-directory.js';
import { defaultServerLimits, type ServerLimits } from './limits.js';
import { foreignRequest } from './origin-check.js';
import type { PhoneConnection } from './phone-connection.js';
import { PhoneOffers } from './phone-offers.js';
import { wallClock, type ServerClock } from './server-clock.js';
import { serverName, type ServerEvents } from './server-events.js';
import { loadServerState, persistServer, type SavedServer } from './server-state.js';
import { ServerStore, type DeviceRecord, type Deployment } from './store.js';
import { SocketWorkers } from './workers/socket-workers.js';

export { serverName, type ServerEvents };
export { maxBadFramesInARow } from './phone-connection.js';

export interface UpdateServerOptions {
  readonly data: ProjectData;
  /** 127.0.0.1 unless told otherwise: the mock service is for this machine. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly settings?: Partial<ServerSettings>;
  /** Skype for Business Online or on-premises; the tenant's deployment when not given. */
  readonly deployment?: Deployment;
  /** Users, licences and deployment (Exchange, MFA); none by default. Given with a state file, it replaces the saved tenant. */
  readonly tenant?: Tenant;
  /** Keeps the server's state in this file (server/server-state.ts): restored at start, written on change. */
  readonly stateFile?: string | undefined;
  /** Start without the test devices and users of the state file that cannot be read back (listed in `dropped`). */
  readonly dropBadRecords?: boolean | undefined;
  /** Web sign-in codes and rate limits read it: the phones' VirtualClock under scenarios, the wall clock otherwise. */
  readonly clock?: ServerClock;
  /**
   * The embedded server's virtual clock and its one owner (phone-emu start): the server reads its
   * time, and `POST /admin/clock/advance` jumps it as the TUI's keys do. Absent: real time, no jumps.
   */
  readonly clockControl?: ClockControl | undefined;
  /** Virtual ms before the far end of an outgoing call answers (5 s by default). */
  readonly farEndAnswerMs?: number;
  /** Policies that differ from the cmdlets' defaults at start, as an admin would type them. */
  readonly policy?: Partial<Record<PolicyName, string | number | boolean>>;
  /** Up to this much is added at random to each phone's next check, so a fleet does not ask at once. */
  readonly checkJitterMs?: number;
  /** The jitter's randomness, in [0, 1): injected so tests are deterministic. */
  readonly random?: () => number;
  /** Required on the admin API when set; without it the API answers loopback binds only. */
  readonly adminToken?: string | undefined;
  /** Wall-clock ms a phone's connection has to answer a ping before another hello with its MAC takes over (5 s). */
  readonly takeoverProbeMs?: number;
  /** Bounds on connections, hello time and records (server/limits.ts); tests lower them. */
  readonly limits?: Partial<ServerLimits>;
  /**
   * Socket worker processes holding the phones' sockets (workers/socket-workers.ts); 1, the
   * default, keeps them in this process. Each worker holds up to `limits.maxConnections`.
   */
  readonly workers?: number;
  /**
   * With workers: the phones this process serves itself before it hands sockets to them (default
   * 12,000, room left under the 20,000 open files for downloads and pages). A socket served here
   * costs no relay; one on a worker crosses the IPC channel with each frame. 0 hands every one over.
   */
  readonly workersAfter?: number;
  /** Workers keep dying and the server cannot serve: told once; a 'problem' event when not given. */
  readonly onFatal?: (message: string) => void;
}

export interface UpdateServer {
  /** ws://host:port/ for phones. */
  readonly url: string;
  /** http://host:port/ for downloads and the admin API. */
  readonly httpUrl: string;
  readonly port: number;
  readonly settings: ServerSettings;
  readonly store: ServerStore;
  readonly events: EventEmitter<ServerEvents>;
  /** Records of the state file that could not be read back and were dropped at start, each as `field: problem`. */
  readonly dropped: readonly string[];
  devices(): readonly DeviceRecord[];
  /** With `workers` over 1: the socket worker processes (their pids, the connections each holds). */
  readonly socketWorkers?: SocketWorkers | undefined;
  /** Sends a frame to the phone with this MAC, on whichever worker its socket is; false when it is not connected. */
  deliver(mac: string, body: FrameBody<ServerFrame>): boolean;
  /** Rings a phone, by MAC or by the UPN signed in on it, with a call from `from`; false when no such phone is connected. */
  ring(target: string, from: string): boolean;
  close(): Promise<void>;
}

/** Where the server listens, known once it does: addresses in offers and sign-in links are built on it. */
interface BoundAddress {
  host: string;
  port: number;
  httpUrl: string;
}

/**
 * Starts the mock in-band update server: WebSocket for phones (phone-connection.ts); HTTP for
 * firmware, the third-party provisioning stand-in, web sign-in and the admin API (http-router.ts).
 * Its state lives in a ServerStore (store.ts).
 */
export async function startUpdateServer(options: UpdateServerOptions): Promise<UpdateServer> {
  const { data } = options;
  const settings: ServerSettings = { ...defaultServerSettings, ...options.settings };
  const limits: ServerLimits = { ...defaultServerLimits, ...options.limits };
  const { saved, tenant, store } = await openStore(options, limits);
  const events = new EventEmitter<ServerEvents>();
  const bound: BoundAddress = { host: '', port: 0, httpUrl: '' };
  const clock = options.clock ?? options.clockControl ?? wallClock;
  const identity = new IdentityService(data, {
    tenant: { ...tenant, deployment: { ...tenant.deployment, sfb: store.deployment } },
    clock,
    farEndAnswerMs: options.farEndAnswerMs ?? 5_000,
    signInUrl: () => new URL('signin', bound.httpUrl).href,
    sessions: saved?.sessions,
  });
  const jitter = { ms: options.checkJitterMs ?? 0, random: options.random ?? Math.random };
  const offers = new PhoneOffers(store, settings, jitter, () => bound.httpUrl);
  const claims = new MacClaims<PhoneConnection>(options.takeoverProbeMs);
  const consoleHub = new ConsoleHub(store, (mac) => claims.holder(mac), options.clockControl);
  const workerCount = Math.max(1, options.workers ?? 1);
  const connections = new Connections({
    data,
    store,
    identity,
    claims,
    limits: { ...limits, maxConnections: limits.maxConnections * workerCount },
    settings,
    offers,
    events,
    console: consoleHub,
    batchWrites: options.clock === undefined && options.clockControl === undefined,
  });
  store.events.on('device', (record) => events.emit('device', record));

  const http = createServer(createHttpRouter({
    store,
    signInPages: new SignInPages(identity, clock),
    admin: { ...adminContext(options, { store, identity, settings, tenant, jitterMs: jitter.ms }), console: consoleHub, clock: options.clockControl },
    ownHosts: () => bound,
    onProvisioningFile: (path, status) => events.emit('provisioningFile', path, status),
    onProblem: (message) => events.emit('problem', message),
  }));
  const wss = phoneSockets(http, bound, workerCount > 1);
  wss.on('connection', (socket) => connections.accept(socket));
  const workers = workerCount > 1 ? socketWorkers(workerCount, http, bound, connections, options, events, wss) : undefined;
  await workers?.start();
  // A WebSocketServer of its own (noServer, with workers) does not re-emit the HTTP server's errors.
  Object.assign(bound, await listen(http, workers ? undefined : wss, options).catch(async (error: unknown) => {
    await workers?.close();
    throw error;
  }));
  const persisted = options.stateFile === undefined ? undefined : persistServer(options.stateFile, { store, identity }, (message) => events.emit('problem', message));

  return {
    url: bound.httpUrl.replace(/^http:/, 'ws:'),
    httpUrl: bound.httpUrl,
    port: bound.port,
    settings,
    store,
    events,
    dropped: saved?.dropped ?? [],
    devices: () => store.devices(),
    socketWorkers: workers,
    deliver: (mac, body) => connections.deliver(mac, body),
    ring: (target, from) => identity.ring(target, from),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      // Closing first: node asks each live worker about the sockets handed to it, and would wait for ever once none is left.
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      await workers?.close();
      await closed;
      persisted?.close();
    },
  };
}

/** The store, from the state file when there is one, with the policies given at start. */
async function openStore(options: UpdateServerOptions, limits: ServerLimits) {
  const { data } = options;
  const saved: SavedServer | undefined =
    options.stateFile === undefined ? undefined : loadServerState(options.stateFile, data, { dropBadRecords: options.dropBadRecords });
  // Passwords and PINs are hashed as the tenant loads: the server never holds them in the clear.
  const tenant = options.tenant || !saved ? await hashTenant(options.tenant ?? tenantSchema.parse({})) : saved.tenant;
  const store = new ServerStore(data, options.deployment ?? saved?.deployment ?? tenant.deployment.sfb, saved, limits);
  for (const [name, value] of Object.entries(options.policy ?? {})) store.setPolicy(name, value);
  return { saved, tenant, store };
}

interface AdminSources {
  readonly store: ServerStore;
  readonly identity: IdentityService;
  readonly settings: ServerSettings;
  readonly tenant: Awaited<ReturnType<typeof openStore>>['tenant'];
  readonly jitterMs: number;
}

/** What the admin API reads and calls, and who may call it. */
function adminContext(options: UpdateServerOptions, { store, identity, settings, tenant, jitterMs }: AdminSources): AdminContext {
  return {
    store,
    access: { token: options.adminToken, loopback: ['127.0.0.1', '::1', 'localhost'].includes(options.host ?? '127.0.0.1') },
    describe: () => ({
      server: serverName,
      deployment: store.deployment,
      tenant: { exchange: tenant.deployment.exchange, mfa: tenant.deployment.mfa },
      settings,
      checkJitterMs: jitterMs,
      downloadFault: store.downloadFault(),
      provisioning: Object.fromEntries(store.provisioningTargets()),
    }),
    ring: (mac, from) => identity.ring(mac, from),
    putUser: (user) => identity.putUser(user),
  };
}

/** The WebSocket side, on the HTTP server: a browser page of another site may not open a phone's or a PC's connection (origin-check.ts). */
function phoneSockets(http: Server, bound: BoundAddress, upgradedByWorkers: boolean): WebSocketServer {
  return new WebSocketServer({
    // With socket workers the upgrade handler (socketWorkers) decides which process takes a socket.
    ...(upgradedByWorkers ? { noServer: true } : { server: http }),
    maxPayload: maxFrameBytes,
    verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string) => void) => {
      const foreign = foreignRequest(req, bound);
      done(!foreign, foreign?.status, foreign?.message);
    },
  });
}

/** Listens with a deep accept queue: a fleet connects thousands of phones within a second. */
async function listen(http: Server, wss: WebSocketServer | undefined, options: UpdateServerOptions): Promise<BoundAddress> {
  // ws re-emits the http server's errors: a port in use or an address this machine lacks
  // must reject here, not throw from an 'error' event nobody hears.
  const errors: EventEmitter = wss ?? http;
  await new Promise<void>((resolve, reject) => {
    errors.once('error', reject);
    http.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: 4096 }, () => {
      errors.off('error', reject);
      resolve();
    });
  });
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { host: address.address, port: address.port, httpUrl: `http://${host}:${address.port}/` };
}

/** Phones the primary serves itself before its workers take the rest (UpdateServerOptions.workersAfter). */
export const defaultWorkersAfter = 12_000;

/**
 * `--workers N`: past the phones the primary serves itself, the phones' sockets live in N worker processes, handed over as they upgrade;
 * their connections are served here as any other (connections.ts), so the store stays one.
 */
function socketWorkers(
  count: number,
  http: Server,
  bound: BoundAddress,
  connections: Connections,
  options: UpdateServerOptions,
  events: EventEmitter<ServerEvents>,
  wss: WebSocketServer,
): SocketWorkers {
  const workers = new SocketWorkers({
    count,
    bound: () => bound,
    onSocket: (socket) => connections.accept(socket as unknown as WebSocket),
    onProblem: (message) => events.emit('problem', message),
    onFatal: (message) => (options.onFatal ? options.onFatal(message) : events.emit('problem', message)),
  });
  const servedHere = options.workersAfter ?? defaultWorkersAfter;
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The first phones are served here, with no relay; only those past them go to the workers.
    if (wss.clients.size < servedHere) wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
    else workers.upgrade(request, socket, head);
  });
  return workers;
}
