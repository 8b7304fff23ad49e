import type { WebSocket } from 'ws';
import type { FrameBody, ServerFrame } from '../protocol/frames.js';
import { closeReason } from './limits.js';
import { PhoneConnection, type ConnectionContext } from './phone-connection.js';

/**
 * The open WebSocket connections: admits new ones up to the limit, and tells connected phones
 * what changed in the store (policies, the provisioning stand-in's address) as it changes.
 */
export class Connections {
  readonly #open = new Map<number, PhoneConnection>();
  #nextId = 1;

  constructor(private readonly context: ConnectionContext) {
    const { store, offers } = context;
    store.events.on('policy', (policy) => {
      for (const connection of this.#open.values()) if (connection.phone) connection.send({ type: 'policy.changed', policy });
    });
    // The stand-in changed (set, set to another build, cleared): its family's phones hear the network's
    // provisioning server again, as after a DHCP renewal, and read its files over HTTP.
    store.events.on('provisioning', (family) => {
      const provisioningServer = offers.provisioningServer(family);
      for (const connection of this.#open.values()) {
        if (connection.phone?.family === family) connection.send({ type: 'network.options', provisioningServer });
      }
    });
  }

  /**
   * Sends a frame to the phone with this MAC wherever its socket is (here, or on a socket worker:
   * the connection is served here either way); false when no connection holds the MAC.
   */
  deliver(mac: string, body: FrameBody<ServerFrame>): boolean {
    const connection = this.context.claims.holder(mac);
    if (!connection?.phone) return false;
    connection.send(body);
    return true;
  }

  accept(socket: WebSocket): void {
    const { maxConnections } = this.context.limits;
    if (this.#open.size >= maxConnections) return socket.close(1013, closeReason(`${maxConnections} connections open: try again later`));
    const id = this.#nextId++;
    this.#open.set(id, new PhoneConnection(id, socket, this.context, () => this.#open.delete(id)));
  }
}
