/** Fields that carry a credential: never shown in an event pane or a log. */
const secretFields = new Set(['password', 'pin', 'token', 'pcPort', 'secret']);

/** A copy of a decoded frame with every credential replaced, for logs and event panes. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, secretFields.has(key) ? '•••' : redactSecrets(inner)]),
  );
}
