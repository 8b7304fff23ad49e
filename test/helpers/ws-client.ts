import WebSocket from 'ws';

/** A bare WebSocket client that collects every frame it receives, for talking to the server by hand. */
export async function rawClient(url: string) {
  const socket = new WebSocket(url);
  const received: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    received.push(JSON.parse(data.toString()) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    received,
    send: (frame: unknown) => socket.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame)),
    /** Waits for the next frame and returns it. */
    next: async (): Promise<Record<string, unknown>> => {
      const index = received.length;
      while (received.length <= index) await new Promise<void>((resolve) => waiters.push(resolve));
      return received[index]!;
    },
    closed: () => new Promise<number>((resolve) => socket.once('close', (code) => resolve(code))),
    close: () => socket.terminate(),
  };
}

export const helloFrame = (firmware = '5.8.0.13337', model = 'polycom-vvx-601') => ({
  v: 1,
  type: 'hello',
  device: { model, mac: '00:04:F2:00:00:09', serial: '0004F2000009', firmware },
});
