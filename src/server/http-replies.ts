import type { ServerResponse } from 'node:http';
import { Conflict, InvalidInput, NotFound, type DomainError } from './domain-errors.js';

/** The one place a domain error becomes an HTTP status. */
const statuses: readonly (readonly [abstract new (message: string) => DomainError, 400 | 404 | 409])[] = [
  [NotFound, 404],
  [Conflict, 409],
  [InvalidInput, 400],
];

export function statusOf(error: DomainError): 400 | 404 | 409 {
  return statuses.find(([kind]) => error instanceof kind)?.[1] ?? 400;
}

export function sendText(response: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': type });
  response.end(text);
}

/** JSON as the admin API writes it: indented, one trailing newline. */
export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  sendText(response, status, `${JSON.stringify(value, null, 2)}\n`, 'application/json; charset=utf-8');
}
