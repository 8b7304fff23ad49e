import type { WebSocket } from 'ws';
import { closeReason } from './limits.js';
import { PhoneConnection, type ConnectionContext } from './phone-connection.js';

/**
 * The open WebSocket connections: admits new ones up to the limit, and tells connected phones
 * what changed in the store (policies, provisioning targets) as it changes.
 */
export class Connections {
  readonly #open = new Map<number, PhoneConnection>();
  #nextId = 1;

  constructor(private readonly context: ConnectionContext) {
    const { store, offers } = context;
    store.events.on('policy', (policy) => {
      for (const connection of this.#open.values()) if (connection.phone) connection.send({ type: 'policy.changed', policy });
    });
    store.events.on('provisioning', (family, version) => {
      for (const connection of this.#open.values()) {
        if (connection.phone?.family === family) connection.send({ type: 'provisioning.target', target: offers.provisioningTarget(family, version) });
      }
    });
  }

  accept(socket: WebSocket): void {
    const { maxConnections } = this.context.limits;
    if (this.#open.size >= maxConnections) return socket.close(1013, closeReason(`${maxConnections} connections open: try again later`));
    const id = this.#nextId++;
    this.#open.set(id, new PhoneConnection(id, socket, this.context, () => this.#open.delete(id)));
  }
}
