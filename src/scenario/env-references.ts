/**
 * `${NAME}` in a string value of a step or of `users:` is read from the environment when the
 * scenario loads, so a file can name a PIN or password without holding it (a recorded session
 * does this). `$${NAME}` is the text `${NAME}` itself.
 */

export type Environment = Readonly<Record<string, string | undefined>>;

const reference = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The scenario's parts whose strings may hold references. */
export const referenceKeys = ['steps', 'users'] as const;

/** `text` with every reference replaced; `missing` hears each name the environment lacks. */
export function expandText(text: string, env: Environment, missing: (name: string) => void): string {
  return text.replace(reference, (whole, escaped: string, name: string) => {
    if (escaped) return whole.slice(1);
    const value = env[name];
    if (value === undefined) {
      missing(name);
      return whole;
    }
    return value;
  });
}

/** Every string inside `value`, expanded; `missing` hears the path of the string and the name. */
export function expandReferences(
  value: unknown,
  env: Environment,
  missing: (path: readonly PropertyKey[], name: string) => void,
  path: readonly PropertyKey[] = [],
): unknown {
  if (typeof value === 'string') return expandText(value, env, (name) => missing(path, name));
  if (Array.isArray(value)) return value.map((item, index) => expandReferences(item, env, missing, [...path, index]));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandReferences(item, env, missing, [...path, key])]));
  }
  return value;
}

/** Text that must read back as itself: each `${` written `$${`. */
export const escapeReferences = (text: string): string => text.replace(/\$(?=\{[A-Za-z_][A-Za-z0-9_]*\})/g, '$$$$');
