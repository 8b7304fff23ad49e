import type { PcOs } from '../core/identity/identity-types.js';
import { webCode } from '../core/selectors.js';
import { completeWebSignIn, type BrowserResult } from '../pc/browser-sign-in.js';
import { PcClient } from '../pc/pc-client.js';
import type { PhoneHandle } from './phone.js';
import type { ServerHandle } from './server.js';

export { PcClient, type BrowserResult };

export interface PcOptions {
  /** The server the phone talks to: a startServer handle or its URL. */
  readonly server: ServerHandle | string;
  /** The phone it is cabled to: a startPhone handle or its MAC. */
  readonly phone: PhoneHandle | string;
  readonly os?: PcOs;
  /** A Lync Phone Edition phone's tethered PC (USB) instead of BToE. */
  readonly usb?: boolean;
  /** The phone's PC port key (docs/protocol.md, "Who may act for a phone"); read from a startPhone handle when not given. */
  readonly pcPort?: string;
}

/** The emulated PC of `phone-emu pc`: pair, enterCode, setLocked, call, signIn, close. */
export function createPc(options: PcOptions): Promise<PcClient> {
  return PcClient.connect({
    url: typeof options.server === 'string' ? options.server : options.server.url,
    phone: typeof options.phone === 'string' ? options.phone : options.phone.mac,
    ...(options.os === undefined ? {} : { os: options.os }),
    ...(options.usb ? { link: 'usb' as const } : {}),
    // The cable: a handle's phone grants its own key; a MAC alone needs the key given.
    pcPort: options.pcPort ?? (typeof options.phone === 'string' ? undefined : options.phone.world.link.pcPort),
  });
}

export interface WebSignInOptions {
  /** The phone showing the code (its code and page address are read from it), or the address and code themselves. */
  readonly phone?: PhoneHandle;
  readonly url?: string;
  readonly code?: string;
  readonly user: string;
  readonly password: string;
  /** Pick the account offered, or "Use another account". */
  readonly account?: 'pick' | 'another';
}

/** The browser side of web sign-in, walked over HTTP as a person walks the pages. */
export async function webSignIn(options: WebSignInOptions): Promise<BrowserResult> {
  const shown = (options.phone && webCode(options.phone.world.snapshot())) ?? undefined;
  const url = options.url ?? shown?.url;
  const code = options.code ?? shown?.code;
  if (url === undefined || code === undefined) throw new Error('phone-emu: webSignIn: no web sign-in code: give a phone that shows one, or url and code');
  const result = await completeWebSignIn({ url, code, user: options.user, password: options.password, ...(options.account ? { account: options.account } : {}) });
  if (options.phone) await options.phone.world.settle();
  return result;
}
