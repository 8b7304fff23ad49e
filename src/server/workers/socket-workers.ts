import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Decoded } from '../../protocol/codec.js';
import type { PhoneFrame } from '../../protocol/frames.js';
import { packageRoot } from '../../profiles/paths.js';
import { Batcher, type BoundHost, type FromWorker, type ToWorker } from './worker-messages.js';

/** Worker exits within this wall-clock window, past which the server stops replacing them and gives up. */
const maxExitsPerMinute = 3;

/** ws's readyState values, which the server's connection code reads (connection-identity.ts). */
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * A phone's socket held by a socket worker, as the primary's connection code sees it: the part of
 * ws's WebSocket it uses (send, close, terminate, ping; message, pong and close events). Frames
 * arrive already decoded, as a `decoded` event.
 */
export class RemoteSocket extends EventEmitter {
  readyState = OPEN;
  /** The worker watches its own buffers and cuts a peer that does not read. */
  readonly bufferedAmount = 0;

  constructor(
    private readonly worker: SocketWorker,
    readonly id: number,
  ) {
    super();
  }

  send(text: string): void {
    if (this.readyState === OPEN) this.worker.post({ t: 'send', id: this.id, text });
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= CLOSING) return;
    this.readyState = CLOSING;
    this.worker.post({ t: 'close', id: this.id, code, reason });
  }

  terminate(): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSING;
    this.worker.post({ t: 'terminate', id: this.id });
  }

  ping(): void {
    if (this.readyState !== OPEN) throw new Error('the socket is not open');
    this.worker.post({ t: 'ping', id: this.id });
  }

  /** The worker says the socket closed, or the worker is gone. */
  closed(): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.emit('close', 1006, Buffer.alloc(0));
  }
}

/** One socket worker process and the sockets it holds. */
class SocketWorker {
  readonly sockets = new Map<number, RemoteSocket>();
  readonly #out: Batcher<ToWorker>;
  /** The last of what the worker wrote to stderr: why it died, if it says. */
  stderr = '';

  constructor(
    readonly child: ChildProcess,
    private readonly onSocket: (socket: RemoteSocket) => void,
  ) {
    this.#out = new Batcher((batch) => {
      if (this.child.connected) this.child.send(batch);
    });
    child.on('message', (batch: readonly FromWorker[]) => {
      for (const message of batch) this.#receive(message);
    });
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2048)));
  }

  post(message: ToWorker): void {
    this.#out.push(message);
  }

  /** Hands an upgraded socket over; the primary keeps no descriptor of it. */
  handOver(request: IncomingMessage, socket: Duplex, head: Buffer, bound: BoundHost): void {
    this.#out.flush();
    const handover: ToWorker = {
      t: 'handover',
      request: { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, head: head.toString('base64') },
      bound,
    };
    this.child.send(handover, socket as never, (error) => {
      if (error) socket.destroy();
    });
  }

  /** The worker is gone: each of its phones' connections closes. */
  lost(): void {
    for (const socket of this.sockets.values()) socket.closed();
    this.sockets.clear();
  }

  #receive(message: FromWorker): void {
    if (message.t === 'ready') return;
    if (message.t === 'open') {
      const socket = new RemoteSocket(this, message.id);
      this.sockets.set(message.id, socket);
      return this.onSocket(socket);
    }
    const socket = this.sockets.get(message.id);
    if (!socket) return;
    if (message.t === 'frame') return void socket.emit('decoded', { ok: true, frame: message.frame } satisfies Decoded<PhoneFrame>);
    if (message.t === 'refused') return void socket.emit('decoded', { ok: false, code: message.code, message: message.message } satisfies Decoded<PhoneFrame>);
    if (message.t === 'pong') return void socket.emit('pong');
    this.sockets.delete(message.id);
    socket.closed();
  }
}

export interface SocketWorkersOptions {
  readonly count: number;
  /** Where the primary listens, known once it does. */
  readonly bound: () => BoundHost;
  /** A phone's socket, open on a worker. */
  readonly onSocket: (socket: RemoteSocket) => void;
  /** A worker died and was replaced. */
  readonly onProblem: (message: string) => void;
  /** Workers keep dying: the server cannot serve. */
  readonly onFatal: (message: string) => void;
}

/**
 * The socket workers of `phone-emu server --workers N` (docs/decisions, serverscale-workers): the
 * primary accepts every connection, and hands each upgraded one to the next worker in turn.
 */
export class SocketWorkers {
  readonly #workers: SocketWorker[] = [];
  #next = 0;
  #closing = false;
  readonly #exits: number[] = [];

  constructor(private readonly options: SocketWorkersOptions) {}

  /** Starts every worker; resolves once each says it is ready. */
  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.options.count }, (_, index) => this.#start(index)));
  }

  /** The phones' connections open on each worker, in worker order. */
  connectionsPerWorker(): readonly number[] {
    return this.#workers.map((worker) => worker.sockets.size);
  }

  /** Pids of the workers, in worker order: tests kill one to see it replaced. */
  pids(): readonly (number | undefined)[] {
    return this.#workers.map((worker) => worker.child.pid);
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const worker = this.#workers[this.#next++ % this.#workers.length];
    if (!worker?.child.connected) return void socket.destroy();
    worker.handOver(request, socket, head, this.options.bound());
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(
      this.#workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.child.exitCode !== null || worker.child.signalCode !== null) return resolve();
            worker.child.once('exit', () => resolve());
            worker.child.kill('SIGTERM');
          }),
      ),
    );
  }

  #start(index: number): Promise<void> {
    const child = fork(workerScript(), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const worker = new SocketWorker(child, this.options.onSocket);
    this.#workers[index] = worker;
    return new Promise<void>((resolve, reject) => {
      const onReady = (batch: readonly FromWorker[]) => {
        if (!batch.some((message) => message.t === 'ready')) return;
        child.off('message', onReady);
        child.off('exit', onEarlyExit);
        child.on('exit', (code, signal) => this.#exited(index, worker, code, signal));
        resolve();
      };
      const onEarlyExit = (code: number | null) => reject(new Error(`socket worker ${index + 1} exited at start (code ${code}): ${firstLine(worker.stderr)}`));
      child.on('message', onReady);
      child.once('exit', onEarlyExit);
    });
  }

  #exited(index: number, worker: SocketWorker, code: number | null, signal: NodeJS.Signals | null): void {
    worker.lost();
    if (this.#closing) return;
    const now = performance.now();
    this.#exits.push(now);
    while (this.#exits.length > 0 && now - this.#exits[0]! > 60_000) this.#exits.shift();
    const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
    const why = worker.stderr.trim() === '' ? '' : `: ${firstLine(worker.stderr)}`;
    if (this.#exits.length >= maxExitsPerMinute) {
      return this.options.onFatal(`socket worker ${index + 1} (pid ${worker.child.pid}) ${how}${why}; ${maxExitsPerMinute} workers died within a minute, so the server stops`);
    }
    this.options.onProblem(`socket worker ${index + 1} (pid ${worker.child.pid}) ${how}${why}; its phones were disconnected and reconnect; started another`);
    this.#start(index).catch((error: unknown) => this.options.onFatal(`could not replace socket worker ${index + 1}: ${(error as Error).message}`));
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n').find((line) => line.trim() !== '')?.trim() ?? 'no message';
}

/** The worker's entry: beside this file once built; the built copy when this runs from source (tests). */
function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? join(packageRoot(), 'dist', 'src', 'server', 'workers', 'socket-worker.js') : join(dirname(here), 'socket-worker.js');
}
