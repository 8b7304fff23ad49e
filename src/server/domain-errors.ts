/**
 * What the store refuses, said in domain terms. The store knows no transport: the HTTP edge
 * turns these into statuses in one place (http-replies.ts), the WebSocket edge into `error` frames.
 */
export abstract class DomainError extends Error {}

/** The request names something the server does not have: a policy, a family, a build, a device. */
export class NotFound extends DomainError {
  override readonly name = 'NotFound';
}

/** The request is well formed but clashes with the server's state (Online vs on-premises, nothing pending, a duplicate). */
export class Conflict extends DomainError {
  override readonly name = 'Conflict';
}

/** The request's values are malformed or out of range. */
export class InvalidInput extends DomainError {
  override readonly name = 'InvalidInput';
}
