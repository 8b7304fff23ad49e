import type { SignInMethod } from '../../src/core/device-profile.js';
import { methodLabel } from '../../src/core/identity/identity-screen.js';
import { translate } from '../../src/core/messages/index.js';
import { completeWebSignIn } from '../../src/pc/browser-sign-in.js';
import { PcClient } from '../../src/pc/pc-client.js';
import type { PhoneDriver } from './rig.js';

/** A phone to sign in, and the server it talks to (whose PC and browser sides it uses). */
type SigningPhone = PhoneDriver & { readonly server: { readonly url: string } };

export interface Credentials {
  readonly upn: string;
  readonly password: string;
  readonly extension?: string;
  readonly pin?: string;
}

/**
 * Signs in the way a person would with each method: keys and text on the phone (User ID,
 * PIN), the browser pages (web), the paired or tethered PC's client (pc, usb).
 */
export async function signInWith(rig: SigningPhone, method: SignInMethod, user: Credentials): Promise<void> {
  const { context } = rig.actor.getSnapshot();
  const t = (key: Parameters<typeof translate>[1]) => translate(context.locale, key);
  if (method === 'pc' || method === 'usb') {
    const pc = await PcClient.connect({ url: rig.server.url, phone: context.identity.mac, link: method === 'usb' ? 'usb' : 'ethernet', pcPort: rig.link.pcPort });
    if (method === 'pc') await pc.pair();
    await pc.signIn(user.upn, user.password);
    await rig.link.whenSettled();
    pc.close();
    return;
  }
  await rig.softkey(t('softkey.signIn'));
  await rig.choose(methodLabel(context, method, translate.bind(null, context.locale)));
  if (method === 'userId') {
    await rig.type(user.upn);
    await rig.key('Select');
    await rig.type(user.password);
    await rig.key('Select');
    return;
  }
  if (method === 'pin') {
    await rig.keys(user.extension ?? '');
    await rig.key('Select');
    await rig.keys(user.pin ?? '');
    await rig.key('Select');
    return;
  }
  const code = rig.context().account.webCode;
  if (!code) throw new Error(`no web sign-in code on screen:\n${rig.screen()}`);
  await completeWebSignIn({ url: code.url, user: user.upn, code: code.code, password: user.password });
  await rig.link.whenSettled();
}

/** Creates the Phone-Lock PIN on the creation screen: the PIN, then the PIN again. */
export async function createPin(rig: PhoneDriver, pin = '123456'): Promise<void> {
  await rig.keys(pin);
  await rig.key('Select');
  await rig.keys(pin);
  await rig.key('Select');
}
