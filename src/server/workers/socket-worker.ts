import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { decodePhoneFrame, maxFrameBytes } from '../../protocol/codec.js';
import { sharedDecoder } from '../../protocol/shared-decode.js';
import { foreignRequest } from '../origin-check.js';
import { Batcher, type BoundHost, type FromWorker, type HandedRequest, type ToWorker } from './worker-messages.js';

/** A fleet's phones send the very same status, check and result: each text parsed and checked once. */
const decodeShared = sharedDecoder(decodePhoneFrame, new Set(['status', 'update.check', 'update.result']));

/**
 * A socket worker of `phone-emu server --workers N` (socket-workers.ts starts it): holds the
 * phones' sockets the primary hands over, answers the WebSocket handshake, reads and checks
 * every frame (JSON, schema) and writes what the primary sends. It keeps no state of its own:
 * the primary's store is the only one.
 */

/** A peer that does not read its replies is cut off before they pile up in this process. */
const maxBufferedBytes = 1024 * 1024;

// The primary gone, a batch has nowhere to go: the disconnect below ends this process.
const toPrimary = new Batcher<FromWorker>((batch) => {
  if (process.connected) process.send!(batch);
});
const sockets = new Map<number, WebSocket>();
let nextId = 1;
let bound: BoundHost = { host: '', port: 0 };

const wss = new WebSocketServer({
  noServer: true,
  maxPayload: maxFrameBytes,
  verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string) => void) => {
    const foreign = foreignRequest(req, bound);
    done(!foreign, foreign?.status, foreign?.message);
  },
});

function adopt(request: HandedRequest, socket: Socket): void {
  const req = Object.assign(Object.create(null) as IncomingMessage, { method: request.method, url: request.url, headers: request.headers, socket });
  wss.handleUpgrade(req, socket, Buffer.from(request.head, 'base64'), (ws) => {
    const id = nextId++;
    sockets.set(id, ws);
    toPrimary.push({ t: 'open', id });
    ws.on('message', (raw: RawData, isBinary: boolean) => toPrimary.push(decoded(id, raw, isBinary)));
    ws.on('pong', () => toPrimary.push({ t: 'pong', id }));
    ws.on('close', () => {
      sockets.delete(id);
      toPrimary.push({ t: 'closed', id });
    });
    ws.on('error', () => ws.terminate());
  });
}

/** A frame as the primary takes it: checked here, so the primary does no JSON or schema work. */
function decoded(id: number, raw: RawData, isBinary: boolean): FromWorker {
  if (isBinary) return { t: 'refused', id, code: 'bad-frame', message: 'binary frames are not accepted: send JSON text' };
  const result = decodeShared(Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.concat(raw as Buffer[]).toString('utf8'));
  return result.ok ? { t: 'frame', id, frame: result.frame } : { t: 'refused', id, code: result.code, message: result.message };
}

/** Writes of one tick leave in one system call per socket (as the single-process server does). */
const corked = new Set<Socket>();
function send(ws: WebSocket, text: string): void {
  if (ws.bufferedAmount > maxBufferedBytes) return ws.terminate();
  const raw = (ws as unknown as { _socket?: Socket })._socket;
  if (raw && !corked.has(raw)) {
    raw.cork();
    corked.add(raw);
    if (corked.size === 1) process.nextTick(uncorkAll);
  }
  ws.send(text);
}
function uncorkAll(): void {
  for (const raw of corked) raw.uncork();
  corked.clear();
}

function handle(message: ToWorker, handle: unknown): void {
  if (message.t === 'handover') {
    bound = message.bound;
    return adopt(message.request, handle as Socket);
  }
  const ws = sockets.get(message.id);
  if (!ws) return;
  if (message.t === 'send') return send(ws, message.text);
  if (message.t === 'close') return ws.close(message.code, message.reason);
  if (message.t === 'terminate') return ws.terminate();
  try {
    ws.ping();
  } catch {
    // Closing already: the close tells the primary.
  }
}

process.on('message', (message: ToWorker | readonly ToWorker[], socket: unknown) => {
  if (Array.isArray(message)) for (const each of message as readonly ToWorker[]) handle(each, undefined);
  else handle(message as ToWorker, socket);
});
// The primary gone, its phones have no state: leave with it.
process.on('disconnect', () => process.exit(0));
toPrimary.push({ t: 'ready' });
