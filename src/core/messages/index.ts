import { enUS, type MessageKey } from './en-US.js';
import { frFR } from './fr-FR.js';

export type { MessageKey };

export const locales = ['en-US', 'fr-FR'] as const;
export type Locale = (typeof locales)[number];

const catalogs: Record<Locale, Record<MessageKey, string>> = { 'en-US': enUS, 'fr-FR': frFR };

export type MessageParams = Readonly<Record<string, string | number>>;

/** A message with its parameters, kept unformatted in machine context so the locale can change. */
export interface Message {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(enUS, key);
}

/** The message keys that start with `prefix`, e.g. every softkey label. */
export function messageKeysStartingWith(prefix: string): MessageKey[] {
  return (Object.keys(enUS) as MessageKey[]).filter((key) => key.startsWith(prefix));
}

export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function format(locale: Locale, message: Message): string {
  return translate(locale, message.key, message.params);
}
