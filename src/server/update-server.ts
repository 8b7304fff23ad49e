import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { findBuild } from '../core/catalog.js';
import { synthesizeFirmwareImage } from '../core/firmware-image.js';
import { defaultServerSettings, type ServerSettings } from '../core/phone-types.js';
import { decodePhoneFrame, encodeFrame, maxFrameBytes } from '../protocol/codec.js';
import type { FrameBody, PhoneFrame, ServerFrame } from '../protocol/frames.js';
import type { ProjectData } from '../profiles/load-data.js';
import { decideOffer, defaultUpdatePolicy, type UpdatePolicy } from './offer-policy.js';

export const serverName = 'phone-emu';

export interface UpdateServerOptions {
  readonly data: ProjectData;
  /** 127.0.0.1 unless told otherwise: the mock service is for this machine. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly settings?: Partial<ServerSettings>;
  readonly policy?: Partial<UpdatePolicy>;
}

/** A phone as the server knows it. */
export interface DeviceRecord {
  readonly connection: number;
  readonly model: string;
  readonly mac: string;
  readonly serial: string;
  readonly firmware: string;
  readonly connected: boolean;
  /** Builds this phone reported installing, oldest first. */
  readonly installed: readonly string[];
}

export interface ServerEvents {
  frame: [direction: 'in' | 'out', connection: number, frame: string];
  device: [record: DeviceRecord];
  refused: [connection: number, message: string];
}

export interface UpdateServer {
  /** ws://host:port/ for phones. */
  readonly url: string;
  /** http://host:port/ for downloads. */
  readonly httpUrl: string;
  readonly port: number;
  readonly settings: ServerSettings;
  readonly events: EventEmitter<ServerEvents>;
  devices(): DeviceRecord[];
  close(): Promise<void>;
}

/** Starts the mock in-band update server: WebSocket for phones, HTTP for firmware. */
export async function startUpdateServer(options: UpdateServerOptions): Promise<UpdateServer> {
  const { data } = options;
  const settings: ServerSettings = { ...defaultServerSettings, ...options.settings };
  const policy: UpdatePolicy = { ...defaultUpdatePolicy, ...options.policy };
  const events = new EventEmitter<ServerEvents>();
  const devices = new Map<number, DeviceRecord>();
  let nextConnection = 1;
  let httpUrl = '';

  const http = createServer((request, response) => serveHttp(data, request, response));
  const wss = new WebSocketServer({ server: http, maxPayload: maxFrameBytes });

  wss.on('connection', (socket: WebSocket) => {
    const connection = nextConnection++;
    const send = (body: FrameBody<ServerFrame>) => {
      const text = encodeFrame<ServerFrame>(body);
      events.emit('frame', 'out', connection, text);
      socket.send(text);
    };
    const refuse = (code: Extract<ServerFrame, { type: 'error' }>['code'], message: string) => {
      events.emit('refused', connection, message);
      send({ type: 'error', code, message });
    };
    const update = (record: DeviceRecord) => {
      devices.set(connection, record);
      events.emit('device', record);
    };

    socket.on('message', (raw: RawData, isBinary: boolean) => {
      if (isBinary) return refuse('bad-frame', 'binary frames are not accepted: send JSON text');
      const text = rawText(raw);
      events.emit('frame', 'in', connection, text);
      const decoded = decodePhoneFrame(text);
      if (!decoded.ok) return refuse(decoded.code, decoded.message);
      handle(decoded.frame);
    });
    socket.on('close', () => {
      const record = devices.get(connection);
      if (record) update({ ...record, connected: false });
    });
    socket.on('error', () => socket.terminate());

    function handle(frame: PhoneFrame): void {
      const record = devices.get(connection);
      switch (frame.type) {
        case 'hello': {
          if (!data.profiles.has(frame.device.model)) {
            return refuse('unknown-device', `hello: device.model: "${frame.device.model}" is not a known device id`);
          }
          update({ connection, ...frame.device, connected: true, installed: record?.installed ?? [] });
          return send({ type: 'welcome', server: serverName, settings });
        }
        case 'update.check': {
          if (!record) return refuse('not-ready', 'update.check: send hello first');
          if (frame.firmware !== record.firmware) update({ ...record, firmware: frame.firmware });
          const decision = decideOffer(data, policy, { model: record.model, firmware: frame.firmware }, (family, version) =>
            new URL(`firmware/${encodeURIComponent(family)}/${encodeURIComponent(version)}.bin`, httpUrl).href,
          );
          return send('offer' in decision ? { type: 'update.offer', offer: decision.offer } : { type: 'update.none', reason: decision.none });
        }
        case 'update.result': {
          if (!record) return refuse('not-ready', 'update.result: send hello first');
          if (frame.outcome === 'installed') {
            update({ ...record, firmware: frame.version, installed: [...record.installed, frame.version] });
          }
          return;
        }
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    // A deep accept queue: a fleet connects thousands of phones within a second.
    http.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: 4096 }, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  httpUrl = `http://${host}:${address.port}/`;

  return {
    url: `ws://${host}:${address.port}/`,
    httpUrl,
    port: address.port,
    settings,
    events,
    devices: () => [...devices.values()],
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw as ArrayBuffer).toString('utf8');
}

const firmwarePath = /^\/firmware\/([^/]+)\/([^/]+)\.bin$/;

function serveHttp(data: ProjectData, request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const match = firmwarePath.exec(path);
  if (request.method === 'GET' && match) {
    // Images are looked up in the catalog, never on disk: no path can reach a file.
    const familyName = decodeURIComponent(match[1]!);
    const version = decodeURIComponent(match[2]!);
    const family = data.families.get(familyName);
    if (!family || !findBuild(family, version)) return sendText(response, 404, `no firmware ${version} in family ${familyName}\n`);
    const image = synthesizeFirmwareImage(family.family, findBuild(family, version)!.version);
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': image.length });
    response.end(image);
    return;
  }
  if (request.method === 'GET' && path === '/') {
    return sendText(response, 200, `${serverName} update server: phones connect over WebSocket on this address\n`);
  }
  sendText(response, 404, `not found: ${path}\n`);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
