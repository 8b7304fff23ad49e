import { z } from 'zod';

/**
 * The schema of a device profile (`devices/<vendor>/<model>.yaml`): everything that
 * differs between models as data. `devices/_example.yaml` documents each field.
 */

export const vendors = ['polycom', 'yealink', 'audiocodes', 'lpe'] as const;
export type Vendor = (typeof vendors)[number];

export const keyNames = [
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#',
  'Up', 'Down', 'Left', 'Right', 'Select', 'Back', 'Home', 'Menu', 'Lock', 'Hook',
] as const;
export type KeyName = (typeof keyNames)[number];

export const signInMethods = ['userId', 'web', 'pin', 'pc', 'usb'] as const;
export type SignInMethod = (typeof signInMethods)[number];

/** What a menu leaf shows. */
export const menuViews = ['firmwareVersion', 'deviceSummary', 'phoneInfo', 'networkInfo', 'notEmulated'] as const;
export type MenuView = (typeof menuViews)[number];

/** The views that show the running firmware version: a firmware path must end on one. */
export const firmwareViews: readonly MenuView[] = ['firmwareVersion', 'deviceSummary'];

export interface MenuNode {
  /** Names the node; its label is the message `menu.<id>` of the phone's locale. */
  readonly id: string;
  readonly children?: readonly MenuNode[] | undefined;
  readonly view?: MenuView | undefined;
}

const identifier = z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'a camelCase identifier such as "platform"');

export const menuNodeSchema: z.ZodType<MenuNode> = z.lazy(() =>
  z
    .strictObject({
      id: identifier,
      children: z.array(menuNodeSchema).min(1).optional(),
      view: z.enum(menuViews).optional(),
    })
    .refine((node) => (node.children === undefined) !== (node.view === undefined), {
      message: 'a menu node has either children or a view, not both and not neither',
    }),
);

const settingValue = z.union([z.string(), z.number(), z.boolean()]);

/** A version as the vendor writes it; cross-checks read it with the family's version scheme. */
const versionText = z.string().min(1);

/** A softkey of the idle screen that opens the menu tree at a node (Yealink's Status). */
export const idleSoftkeySchema = z.strictObject({
  /** Names the softkey; its label is the message `softkey.<id>`. */
  id: identifier,
  /** Menu ids from the root to the node it opens; [] opens the root. */
  opens: z.array(identifier),
});
export type IdleSoftkey = z.infer<typeof idleSoftkeySchema>;

/**
 * Behaviour that depends on the firmware the phone runs, as named conditions on its
 * version (read with the vendor's scheme). Resolved once, in src/core/quirks.ts.
 */
export const quirksSchema = z.strictObject({
  /** Below this version the lock is the vendor's own Device-Lock; upgrading past it drops that PIN. */
  deviceLockBefore: versionText.optional(),
  /** From this version on, lync.deviceUpdate.popUpSK.enabled defaults to 1 (0 before). */
  popUpDefaultFrom: versionText.optional(),
});
export type Quirks = z.infer<typeof quirksSchema>;

export const deviceProfileSchema = z.strictObject({
  id: z.string().regex(/^(polycom|yealink|audiocodes|lpe)-[a-z0-9-]+$/, 'vendor-model in lower case, e.g. "polycom-vvx-601"'),
  vendor: z.enum(vendors),
  /** As the vendor writes it, e.g. "VVX 601". */
  model: z.string().min(1),
  /** The name the web sign-in page shows: "[Manufacturer] Skype for Business Certified Phone". */
  manufacturer: z.string().min(1),
  /** The vendor's MAC prefix (OUI): emulated phones get addresses under it. */
  macPrefix: z.string().regex(/^[0-9A-F]{2}(:[0-9A-F]{2}){2}$/, 'three upper-case hex pairs such as "00:04:F2"'),
  /** A family in firmware-catalog/. */
  firmwareFamily: z.string().regex(/^[a-z0-9-]+$/),
  display: z.strictObject({
    /** Characters per line. */
    columns: z.int().min(16).max(80),
    /** Text rows, title and softkey row included. */
    rows: z.int().min(4).max(24),
    touch: z.boolean(),
  }),
  lineKeys: z.int().min(0).max(48),
  /** Where the line keys sit: both sides of the screen, or one. */
  lineKeySides: z.enum(['both', 'left', 'right']).default('both'),
  /** How many softkeys the screen shows at once. */
  softkeys: z.int().min(2).max(6),
  /** Lines a softkey label may take: a long one wraps onto the second rather than being cut (core/softkey-labels). */
  softkeyLabelLines: z.int().min(1).max(2).default(2),
  /** The keys that open the menu tree from the idle screen (none where a softkey does it). */
  menuKeys: z.array(z.enum(keyNames)),
  /** Softkeys of the idle screen that open a menu node, left to right. */
  idleSoftkeys: z.array(idleSoftkeySchema).max(6).default([]),
  menu: z.array(menuNodeSchema).min(1),
  /** Menu ids from the menu root to the firmware version, as the vendor documents it. */
  firmwarePath: z.array(identifier).min(1),
  signIn: z.strictObject({
    online: z.array(z.enum(signInMethods)),
    onprem: z.array(z.enum(signInMethods)),
    /** The vendor's own name of a method on its sign-in screen: the message signIn.method.<label>. */
    labels: z.partialRecord(z.enum(signInMethods), identifier).default({}),
    /** The softkey that asks for a new web sign-in code once one expired: Polycom Retry, Yealink OK. */
    newCodeSoftkey: z.enum(['retry', 'ok']).default('retry'),
  }),
  /** Pairs with the Windows client over Ethernet (BToE), as partner IP phones do; LPE phones tether by USB instead. */
  btoe: z.boolean().default(true),
  lock: z
    .strictObject({
      /** What too many wrong Phone-Lock PINs do. */
      afterMaxRetries: z.enum(['signOut', 'adminCode']),
      /** The administrator code that unlocks the phone after too many wrong PINs (adminCode only). */
      adminCode: z.string().min(1).max(32).optional(),
      /**
       * Outgoing calls on a locked phone besides emergency numbers: none (emergencyOnly), all (LPE), or as the
       * policy DisableHandsetOnLockedMachine says (policy: Yealink).
       */
      callsWhileLocked: z.enum(['emergencyOnly', 'all', 'policy']).default('emergencyOnly'),
      /** The lock screen's softkey that opens the dialer: newCall, or AudioCodes' emergency. */
      dialSoftkey: z.enum(['newCall', 'emergency']).default('newCall'),
      /** Wrong PINs a web sign-in user gets, where the vendor documents its own count (Polycom: six); else KeyboardLockMaxPinRetry. */
      webSignInMaxRetries: z.int().min(1).max(100).optional(),
      /** Answering an incoming call on the locked phone asks for the PIN first (Polycom). */
      answerNeedsPin: z.boolean().default(false),
      /** The lock screen's Forgot softkey: a credential sign-in user resets the PIN with the sign-in password or PIN (Polycom). */
      forgotSoftkey: z.boolean().default(false),
      /** False: auto-paired with an unlocked PC, the phone cannot be locked by hand, only with the PC (AudioCodes). */
      manualLockWhileAutoPaired: z.boolean().default(true),
      /** A broken BToE link locks the paired phone (Polycom). */
      locksWhenPairingLost: z.boolean().default(false),
    })
    .refine((lock) => lock.afterMaxRetries !== 'adminCode' || lock.adminCode !== undefined, {
      message: 'afterMaxRetries: adminCode needs an adminCode',
      path: ['adminCode'],
    }),
  update: z.strictObject({
    /** popup: Update / Postpone, when the device parameter allows; notify: a notice, installs when idle. */
    prompt: z.enum(['popup', 'notify']),
    /** A softkey on the idle screen that checks and installs at once (Polycom SwUpdate). */
    onDemandSoftkey: z.boolean(),
  }),
  /** The device's own parameters and their defaults, e.g. lync.deviceUpdate.popUpSK.enabled. */
  settings: z.record(z.string().min(1), settingValue).default({}),
  /** Firmware-dependent behaviour, each a named condition on the running version. */
  quirks: quirksSchema.default({}),
  /** Virtual durations, in milliseconds. */
  timings: z.strictObject({
    bootMs: z.int().min(0),
    installMs: z.int().min(0),
    rebootMs: z.int().min(0),
  }),
});

export type DeviceProfile = z.infer<typeof deviceProfileSchema>;
export type DeviceSettings = DeviceProfile['settings'];
