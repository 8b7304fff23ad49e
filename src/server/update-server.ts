import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { format } from '../core/messages/index.js';
import { parseVersion } from '../core/version.js';
import { defaultServerSettings, type ProvisioningTarget, type ServerSettings } from '../core/phone-types.js';
import type { PolicyName } from '../core/policies.js';
import { tenantSchema, type Tenant, type TenantUser } from '../core/tenant.js';
import { decodePhoneFrame, encodeFrame, maxFrameBytes } from '../protocol/codec.js';
import type { FrameBody, PhoneFrame, ServerFrame } from '../protocol/frames.js';
import type { ProjectData } from '../profiles/load-data.js';
import { handleAdmin } from './admin-api.js';
import { firmwarePath, offerFor, serveFirmware } from './firmware-downloads.js';
import { closeReason, defaultServerLimits, guarded, type ServerLimits } from './limits.js';
import { IdentityService, type ClientPort } from './identity/identity-service.js';
import { SignInPages } from './identity/sign-in-pages.js';
import { wallClock, type ServerClock } from './server-clock.js';
import { hashTenant } from './identity/tenant-directory.js';
import { loadServerState, persistServer } from './server-state.js';
import { clipWarning, repairedByReport } from './records.js';
import { ServerStore, type DeviceRecord, type Deployment } from './store.js';
import { decideOffer } from './update-rules.js';
import { MacClaims } from './connection-identity.js';
import { foreignRequest } from './origin-check.js';

export const serverName = 'phone-emu';

/** A connection that sends this many bad frames in a row is closed: it is not a phone, and replying costs. */
export const maxBadFramesInARow = 100;
/** A peer that does not read its replies is cut off before they pile up in this process. */
const maxBufferedBytes = 1024 * 1024;

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
}

export interface ServerEvents {
  frame: [direction: 'in' | 'out', connection: number, frame: string];
  device: [record: DeviceRecord];
  refused: [connection: number, message: string];
  /** Something went wrong that the server survives (its state file could not be written). */
  problem: [message: string];
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
  /** Rings a phone, by MAC or by the UPN signed in on it, with a call from `from`; false when no such phone is connected. */
  ring(target: string, from: string): boolean;
  close(): Promise<void>;
}

interface Connection {
  readonly send: (body: FrameBody<ServerFrame>) => void;
  /** Set once the phone has said hello. */
  phone?: { readonly mac: string; readonly family: string };
}

/**
 * Starts the mock in-band update server: WebSocket for phones; HTTP for firmware, the
 * third-party provisioning stand-in and the admin API. Its state lives in a ServerStore.
 */
export async function startUpdateServer(options: UpdateServerOptions): Promise<UpdateServer> {
  const { data } = options;
  const settings: ServerSettings = { ...defaultServerSettings, ...options.settings };
  const saved = options.stateFile === undefined ? undefined : loadServerState(options.stateFile, data, { dropBadRecords: options.dropBadRecords });
  // Passwords and PINs are hashed as the tenant loads: the server never holds them in the clear.
  const tenant = options.tenant || !saved ? await hashTenant(options.tenant ?? tenantSchema.parse({})) : saved.tenant;
  const limits: ServerLimits = { ...defaultServerLimits, ...options.limits };
  const store = new ServerStore(data, options.deployment ?? saved?.deployment ?? tenant.deployment.sfb, saved, limits);
  for (const [name, value] of Object.entries(options.policy ?? {})) store.setPolicy(name, value);
  const random = options.random ?? Math.random;
  const jitterMs = options.checkJitterMs ?? 0;
  const events = new EventEmitter<ServerEvents>();
  const connections = new Map<number, Connection>();
  /** Which connection each MAC is bound to (connection-identity.ts): one live connection per phone. */
  const claims = new MacClaims<Connection>(options.takeoverProbeMs);
  let nextConnection = 1;
  let httpUrl = '';
  let boundHost = { host: '', port: 0 };
  const ownHosts = () => boundHost;
  const clock = options.clock ?? wallClock;
  const identity = new IdentityService(data, {
    tenant: { ...tenant, deployment: { ...tenant.deployment, sfb: store.deployment } },
    clock,
    farEndAnswerMs: options.farEndAnswerMs ?? 5_000,
    signInUrl: () => new URL('signin', httpUrl).href,
    sessions: saved?.sessions,
  });
  const signInPages = new SignInPages(identity, clock);
  const provisioningServer = () => new URL('provisioning/', httpUrl).href;
  const nextCheckMs = () => settings.checkIntervalMs + Math.floor(random() * jitterMs);

  const provisioningTarget = (family: string, version: string | null): ProvisioningTarget => {
    const familyData = data.families.get(family)!;
    const build = version === null ? undefined : familyData.builds.find((b) => b.version === version);
    return { server: provisioningServer(), offer: build ? offerFor(store, familyData, build, httpUrl) : null };
  };

  store.events.on('device', (record) => events.emit('device', record));
  store.events.on('policy', (policy) => {
    for (const connection of connections.values()) if (connection.phone) connection.send({ type: 'policy.changed', policy });
  });
  store.events.on('provisioning', (family, version) => {
    for (const connection of connections.values()) {
      if (connection.phone?.family === family) connection.send({ type: 'provisioning.target', target: provisioningTarget(family, version) });
    }
  });

  const http = createServer((request, response) => {
    void routeHttp(request, response).catch((error: unknown) => {
      // The details go to the server's log, not to whoever sent the request.
      events.emit('problem', `${request.method ?? 'GET'} ${request.url ?? '/'}: ${(error as Error).message}`);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('internal error: the server log says more\n');
    });
  });
  // A browser page of another site may not open a phone's or a PC's connection (origin-check.ts).
  const wss = new WebSocketServer({
    server: http,
    maxPayload: maxFrameBytes,
    verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string) => void) => {
      const foreign = foreignRequest(req, ownHosts());
      done(!foreign, foreign?.status, foreign?.message);
    },
  });
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(options.host ?? '127.0.0.1');

  async function routeHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = pathOf(request);
    if (path === undefined) return sendText(response, 400, 'bad request: the address cannot be read\n');
    if (signInPages.handle(request, response)) return;
    if (path.startsWith('/admin/')) {
      const foreign = foreignRequest(request, ownHosts(), { needsJson: true });
      if (foreign) return sendText(response, foreign.status, `${JSON.stringify({ error: foreign.message })}\n`, 'application/json; charset=utf-8');
      const describe = () => ({
        server: serverName,
        deployment: store.deployment,
        tenant: { exchange: tenant.deployment.exchange, mfa: tenant.deployment.mfa },
        settings,
        checkJitterMs: jitterMs,
        downloadFault: store.downloadFault(),
        provisioning: Object.fromEntries(store.provisioningTargets()),
      });
      const admin = {
        store,
        access: { token: options.adminToken, loopback },
        describe,
        ring: (mac: string, from: string) => identity.ring(mac, from),
        putUser: (user: TenantUser) => identity.putUser(user),
      };
      return handleAdmin(admin, request, response, path);
    }
    const match = firmwarePath.exec(path);
    if (request.method === 'GET' && match) return serveFirmware(store, match, response, request);
    if (request.method === 'GET' && path === '/provisioning/') {
      return sendText(response, 200, `${JSON.stringify(Object.fromEntries(store.provisioningTargets()))}\n`, 'application/json');
    }
    if (request.method === 'GET' && path === '/') {
      return sendText(response, 200, `${serverName} update server: phones connect over WebSocket on this address\n`);
    }
    sendText(response, 404, `not found: ${path}\n`);
  }

  /** Why a reported firmware version cannot be read in its family's scheme, if it cannot. */
  const versionProblem = (familyName: string, version: string): string | undefined => {
    const family = data.families.get(familyName);
    if (!family) return undefined;
    const parsed = parseVersion(family.versionScheme, version);
    return typeof parsed === 'string' ? parsed : undefined;
  };

  wss.on('connection', (socket: WebSocket) => {
    if (connections.size >= limits.maxConnections) return socket.close(1013, closeReason(`${limits.maxConnections} connections open: try again later`));
    const id = nextConnection++;
    const connection: Connection = {
      send: (body) => {
        if (socket.bufferedAmount > maxBufferedBytes) return socket.terminate();
        const text = encodeFrame<ServerFrame>(body);
        events.emit('frame', 'out', id, text);
        socket.send(text);
      },
    };
    connections.set(id, connection);
    // A connection that never says hello is not a phone: it would hold a socket forever.
    const helloDeadline = setTimeout(() => socket.close(1008, closeReason(`no hello within ${limits.helloDeadlineMs} ms`)), limits.helloDeadlineMs);
    helloDeadline.unref();
    let badInARow = 0;
    /** Whether the frame being handled was refused: refusals count toward the close as undecodable frames do. */
    let refusedThisFrame = false;
    const refuse = (code: Extract<ServerFrame, { type: 'error' }>['code'], message: string) => {
      refusedThisFrame = true;
      events.emit('refused', id, message);
      connection.send({ type: 'error', code, message });
      badInARow += 1;
      if (badInARow >= maxBadFramesInARow) socket.close(1008, `${maxBadFramesInARow} bad frames in a row`);
    };
    const port: ClientPort = {
      id,
      send: connection.send,
      refuse,
      phone: () => (connection.phone ? store.device(connection.phone.mac) : undefined),
      setUser: (user) => {
        if (connection.phone) store.updateDevice(connection.phone.mac, { user });
      },
    };

    const refuseDuplicate = (mac: string) => {
      refuse('duplicate-mac', `hello: device.mac: ${mac} is already connected on another connection; a duplicate MAC is a network fault: give each phone its own MAC`);
      socket.close(1008, 'duplicate MAC');
    };

    // The last guard: whatever one connection's input breaks closes that connection, never the process.
    const lastGuard = (work: () => void) =>
      guarded(work, (message) => {
        events.emit('problem', `connection ${id}: ${message}; closed it`);
        socket.terminate();
      });
    socket.on('message', (raw: RawData, isBinary: boolean) => lastGuard(() => {
      refusedThisFrame = false;
      if (isBinary) return refuse('bad-frame', 'binary frames are not accepted: send JSON text');
      const text = rawText(raw);
      events.emit('frame', 'in', id, text);
      const decoded = decodePhoneFrame(text);
      if (!decoded.ok) return refuse(decoded.code, decoded.message);
      try {
        handle(decoded.frame);
      } catch (error) {
        // A frame that passed validation but still broke a handler: refuse it, keep the server.
        refuse('bad-frame', `${decoded.frame.type}: ${(error as Error).message}`);
      }
      if (refusedThisFrame) return;
      badInARow = 0;
      if (decoded.frame.type === 'hello' || decoded.frame.type === 'pc.hello') clearTimeout(helloDeadline);
    }));
    socket.on('close', () => lastGuard(() => {
      clearTimeout(helloDeadline);
      connections.delete(id);
      const phone = connection.phone;
      // A phone that reconnected already has a newer connection: leave its record alone.
      if (phone && claims.release(phone.mac, connection)) store.updateDevice(phone.mac, { connected: false });
      identity.closed(port);
    }));
    socket.on('error', () => socket.terminate());

    function handle(frame: PhoneFrame): void {
      // A PC speaks first with pc.hello; the identity service knows PCs.
      if (frame.type.startsWith('pc.')) return identity.handle(port, frame);
      const record = connection.phone && store.device(connection.phone.mac);
      if (frame.type !== 'hello' && !record) return refuse('not-ready', `${frame.type}: send hello first`);
      switch (frame.type) {
        case 'hello': {
          const profile = data.profiles.get(frame.device.model);
          if (!profile) return refuse('unknown-device', `hello: device.model: "${frame.device.model}" is not a known device id`);
          const badVersion = versionProblem(profile.firmwareFamily, frame.device.firmware);
          if (badVersion) return refuse('bad-frame', `hello: device.firmware: ${badVersion}`);
          // One socket is one phone: a second MAC on it would leave the first one "connected" for ever.
          if (connection.phone && connection.phone.mac.toLowerCase() !== frame.device.mac.toLowerCase()) {
            return refuse('bad-frame', `hello: device.mac: this connection is already phone ${connection.phone.mac}; open a new connection for another phone`);
          }
          if (!store.device(frame.device.mac) && !store.makeRoomForDevice()) {
            return refuse('bad-frame', `hello: the server keeps ${limits.maxDevices} devices and all are connected; try again later`);
          }
          const welcome = (outcome: 'granted' | 'refused') => {
            if (outcome === 'refused') return refuseDuplicate(frame.device.mac);
            connection.phone = { mac: frame.device.mac, family: profile.firmwareFamily };
            const known = store.device(frame.device.mac);
            // Who is signed in is the server's to say (identity-service.ts): a new connection has no session until it resumes one.
            store.updateDevice(frame.device.mac, { ...frame.device, connected: true, update: 'idle', user: null, ...(known && repairedByReport(known, frame.device.firmware)) });
            const target = store.provisioning(profile.firmwareFamily);
            const provisioning = target === null ? undefined : provisioningTarget(profile.firmwareFamily, target);
            const tenantInfo = identity.phoneWelcomed(port, frame.pcPort);
            return connection.send({ type: 'welcome', server: serverName, settings, policy: store.policy(), provisioning, tenant: tenantInfo });
          };
          const claimed = claims.claim(frame.device.mac, connection, socket);
          if (typeof claimed === 'string') return welcome(claimed);
          void claimed.then((outcome) => lastGuard(() => welcome(outcome))).catch((error: unknown) => refuse('bad-frame', `hello: ${(error as Error).message}`));
          return;
        }
        case 'update.check': {
          const badVersion = versionProblem(connection.phone!.family, frame.firmware);
          if (badVersion) return refuse('bad-frame', `update.check: firmware: ${badVersion}`);
          const phone = store.updateDevice(record!.mac, { firmware: frame.firmware, ...repairedByReport(record!, frame.firmware) })!;
          const decision = decideOffer(store, phone);
          return connection.send(
            'build' in decision
              ? { type: 'update.offer', offer: offerFor(store, decision.family, decision.build, httpUrl), nextCheckMs: nextCheckMs() }
              : { type: 'update.none', reason: decision.none, nextCheckMs: nextCheckMs() },
          );
        }
        case 'update.result': {
          const badVersion = frame.outcome === 'installed' ? versionProblem(connection.phone!.family, frame.version) : undefined;
          if (badVersion) return refuse('bad-frame', `update.result: version: ${badVersion}`);
          const lastResult = { version: frame.version, outcome: frame.outcome, previous: frame.previous, reason: frame.reason };
          store.updateDevice(
            record!.mac,
            frame.outcome === 'installed'
              ? { firmware: frame.version, installed: store.withInstalled(record!, frame.version), lastResult }
              : { lastResult },
          );
          return;
        }
        case 'status': {
          const warnings = frame.warnings.map((warning) => clipWarning(format('en-US', warning.message)));
          // `user` is what the phone believes; the device list shows whom the server signed in.
          store.updateDevice(record!.mac, { update: frame.update, warnings });
          return;
        }
        default:
          return identity.handle(port, frame);
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    // ws re-emits the http server's errors: a port in use or an address this machine lacks
    // must reject here, not throw from an 'error' event nobody hears.
    wss.once('error', reject);
    // A deep accept queue: a fleet connects thousands of phones within a second.
    http.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: 4096 }, () => {
      wss.off('error', reject);
      resolve();
    });
  });
  const persisted = options.stateFile === undefined ? undefined : persistServer(options.stateFile, { store, identity }, (message) =>
    events.emit('problem', message),
  );
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  httpUrl = `http://${host}:${address.port}/`;
  boundHost = { host: address.address, port: address.port };

  return {
    url: `ws://${host}:${address.port}/`,
    httpUrl,
    port: address.port,
    settings,
    store,
    events,
    dropped: saved?.dropped ?? [],
    devices: () => store.devices(),
    ring: (target, from) => identity.ring(target, from),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      persisted?.close();
    },
  };
}

/** The request's path, undefined when its address cannot be read (a 400, not a 500). */
function pathOf(request: IncomingMessage): string | undefined {
  try {
    return new URL(request.url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw as ArrayBuffer).toString('utf8');
}

function sendText(response: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': type });
  response.end(text);
}
