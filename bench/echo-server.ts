import { WebSocketServer } from 'ws';

/** The baseline for server throughput: a bare ws server that echoes every frame. */
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => {
  const address = server.address();
  if (typeof address === 'object' && address) console.log(`echo server listening on ws://127.0.0.1:${address.port}/`);
});
server.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
