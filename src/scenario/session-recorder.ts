import type { DeviceSettings, KeyName } from '../core/device-profile.js';
import type { Locale } from '../core/messages/index.js';
import { renderScreen, screenText, type PhoneSnapshot, type Screen } from '../core/screen.js';
import { callState, deviceProfile, firmware, focusedField, isLocked, isPaired, noticeKey, pairingCode, policy, signedInUser } from '../core/selectors.js';
import { defaultDeployment, type Tenant } from '../core/tenant.js';
import type { PcInput, SessionInput, SessionObserver } from '../phone/session-input.js';
import { rowLabel, rowShows } from './drive-phone.js';
import { formatDuration } from './duration.js';
import { recordingText, writeRecording, type SecretValue } from './recording-file.js';
import { upnSchema } from './scenario-schema.js';

/**
 * Turns what a person does in the TUI into scenario steps that `phone-emu run` replays:
 * softkeys by their label, list rows by `select`, characters typed into a field as one
 * `type` (a PIN or password as a `${NAME}` reference), time that passed as `advance`,
 * the PC panel as `pc:` steps, and at each checkpoint an `expect` of what the phone shows.
 */

/** One step as it will be written: a mapping with one key; secrets stay values until written. */
export type RecordedStep = Readonly<Record<string, unknown>>;

export interface RecordingOptions {
  /** Where the recording is written (at each checkpoint, after each step, and at the end). */
  readonly file: string;
  readonly device: string;
  readonly firmware: string;
  readonly locale: Locale;
  readonly settings: DeviceSettings;
  /** The runner boots the phone for this long before the first step. */
  readonly bootMs: number;
  /** Virtual time when the session started. */
  readonly startedAt: number;
  /** The server's tenant when it is known (an embedded server): its users and deployment go into the file. */
  readonly tenant?: Tenant | undefined;
  /** --record-secrets: PINs and passwords written as typed, not as ${NAME} references. */
  readonly secrets: boolean;
  /** The command line the session ran, for the header. */
  readonly command: string;
  readonly now: () => number;
  readonly snapshot: () => PhoneSnapshot;
}

/** Which variable family a secret field's text belongs to. */
const secretKinds: Readonly<Record<string, string>> = {
  password: 'PASSWORD',
  pin: 'PIN',
  newLockPin: 'LOCK_PIN',
  confirmLockPin: 'LOCK_PIN',
  lockPin: 'LOCK_PIN',
  adminCode: 'ADMIN_CODE',
};

/** Characters typed into one field of a form, from the value it had to the value it has. */
interface FieldRun {
  readonly id: string;
  readonly index: number;
  readonly secret: boolean;
  readonly start: string;
  value: string;
}

const arrows: readonly string[] = ['Up', 'Down'];
const isUpn = (text: string) => upnSchema.safeParse(text).success;

export class SessionRecorder implements SessionObserver {
  readonly #options: RecordingOptions;
  readonly #steps: { step: RecordedStep; readonly title: string }[] = [];
  /** Where the replay's virtual time stands after the steps so far. */
  #replayAt: number;
  #run: FieldRun | null = null;
  /** The user name last typed into a form, for the password that follows it. */
  #lastUser: string | undefined;
  /** UPN to password, as typed (User ID form, the PC's sign-in): the users of a server whose tenant is unknown. */
  readonly #credentials = new Map<string, string>();
  /** What the recording cannot express, for its header. */
  readonly #notes: string[] = [];
  /** Whether someone was signed in when the recorder last looked: a web sign-in since then happened in a browser. */
  #wasSignedIn = false;
  #recabled: 'ethernet' | 'usb' | undefined;
  #finished = false;

  /** Characters a row of the phone's screen holds: a longer label is clipped there. */
  readonly #columns: number;

  constructor(options: RecordingOptions) {
    this.#options = options;
    this.#columns = deviceProfile(options.snapshot()).display.columns;
    this.#replayAt = options.startedAt + options.bootMs;
  }

  /** Hears one input, then rewrites the file: a session killed later keeps every step so far. */
  observe(input: SessionInput, before: PhoneSnapshot, after: PhoneSnapshot): void {
    if (this.#finished) return;
    this.#record(input, before, after);
    this.write();
  }

  #record(input: SessionInput, before: PhoneSnapshot, after: PhoneSnapshot): void {
    this.#catchUp(before);
    if ((input.kind === 'key' || input.kind === 'text') && this.#typedIntoField(before, after)) return this.#noteSnapshot(after);
    this.#flushRun();
    this.#advance();
    const screen = renderScreen(before);
    switch (input.kind) {
      case 'key':
        this.#key(input.key, screen, renderScreen(after));
        break;
      case 'softkey':
        this.#push({ press: input.label }, screen);
        break;
      case 'text':
        this.#push({ type: input.text }, screen);
        break;
      case 'ring':
        this.#push({ server: { call: input.from } }, screen);
        break;
      case 'pc':
        this.#pc(input.action, before, screen);
        break;
      case 'checkpoint':
        this.#push({ expect: expectationOf(after, this.#knownUsers()) }, screen);
        break;
    }
    this.#noteSnapshot(after);
  }

  /** The steps so far (characters still being typed into a field too), secrets as values. */
  steps(): readonly RecordedStep[] {
    return [...this.#steps.map((entry) => entry.step), ...(this.#run ? typedSteps(this.#run) : [])];
  }

  /** The recording as it would be written now. */
  text(): string {
    const { device, firmware: build, locale, settings, tenant, secrets, command } = this.#options;
    const users = this.#users();
    return recordingText({
      file: this.#options.file,
      command,
      secrets,
      notes: this.#notes,
      head: {
        name: `recorded session on ${device}`,
        device,
        firmware: build,
        ...(locale === 'en-US' ? {} : { locale }),
        ...(tenant && !sameDeployment(tenant.deployment) ? { deployment: tenant.deployment } : {}),
        ...(users.length > 0 ? { users } : {}),
        ...(Object.keys(settings).length > 0 ? { settings } : {}),
      },
      steps: this.steps(),
    });
  }

  /** Writes the file as it stands (temp file, then rename): a session killed later keeps this much. */
  write(): void {
    writeRecording(this.#options.file, this.text());
  }

  /** The session ends: what the phone shows now is the last step's expectation; the file is written. */
  finish(): void {
    if (this.#finished) return;
    this.observe({ kind: 'checkpoint' }, this.#options.snapshot(), this.#options.snapshot());
    this.#finished = true;
  }

  /** A key or text that changed the focused field's value (typing, Back erasing): part of one `type`. */
  #typedIntoField(before: PhoneSnapshot, after: PhoneSnapshot): boolean {
    const was = focusedField(before);
    const is = focusedField(after);
    if (!was || !is || was.id !== is.id || was.index !== is.index || was.value === is.value) return false;
    const run = this.#run;
    if (run && run.id === is.id && run.index === is.index) {
      run.value = is.value;
      return true;
    }
    this.#flushRun();
    this.#advance();
    this.#run = { id: is.id, index: is.index, secret: is.secret, start: was.value, value: is.value };
    return true;
  }

  /** The characters a field gained as one `type` step, after a Back for each one erased of what it held. */
  #flushRun(): void {
    const run = this.#run;
    if (!run) return;
    this.#run = null;
    for (const step of typedSteps(run)) this.#push(step, null);
    if (run.id === 'user') this.#lastUser = run.value;
    if (run.id === 'password' && this.#lastUser !== undefined && isUpn(this.#lastUser)) this.#credentials.set(this.#lastUser, run.value);
  }

  /** Time that passed since the last step, in whole seconds, as the replay's `advance`. */
  #advance(): void {
    const elapsed = Math.floor((this.#options.now() - this.#replayAt) / 1000) * 1000;
    if (elapsed < 1000) return;
    this.#replayAt += elapsed;
    this.#push({ advance: formatDuration(elapsed) }, null);
  }

  /** A phone key: the row of a list by its label (`select`), else the key by its name. */
  #key(key: KeyName, screen: Screen, after: Screen): void {
    const row = key === 'Select' ? selectedRow(screen, this.#columns) : numberedRow(screen, key);
    if (row === undefined) {
      // `press: Menu` presses a softkey labelled Menu first: a key of that name that changed nothing (a Yealink has no Menu key) is left out.
      if (screen.softkeys.some((softkey) => softkey.label === key) && screenText(screen) === screenText(after)) return;
      return this.#push({ press: key }, screen);
    }
    if (key === 'Select') {
      // The arrows that moved the cursor on this list: `select` moves it itself.
      for (let last = this.#steps.at(-1); last && arrows.includes(last.step.press as string) && last.title === screen.title; last = this.#steps.at(-1)) {
        this.#steps.pop();
      }
    }
    this.#push({ select: row }, screen);
  }

  #pc(action: PcInput, before: PhoneSnapshot, screen: Screen): void {
    if ('pair' in action) {
      const manual = policy(before).BetterTogetherOverEthernetPairingMode === 'Manual';
      this.#push({ pc: { pair: manual ? 'manual' : 'auto', ...(action.pair === 'windows' ? {} : { os: action.pair }) } }, screen);
    } else if ('code' in action) {
      this.#pairingCode(action.code, before);
    } else if ('lock' in action) {
      this.#push({ pc: action.lock ? 'lock' : 'unlock' }, screen);
    } else if ('call' in action) {
      if (/^\+?[0-9*#]+$/.test(action.call)) this.#push({ pc: { call: action.call } }, screen);
      else this.#notes.push(`click-to-call "${action.call}" from the PC: pc: { call } takes a phone number`);
    } else if ('signIn' in action) {
      this.#credentials.set(action.signIn, action.password);
      this.#push(this.#pcLink(before) === 'usb' ? { signIn: { method: 'usb', user: action.signIn } } : { pc: { signIn: action.signIn } }, screen);
    } else {
      this.#recabled = action.link;
    }
  }

  /** `pair: manual` types the code the phone shows; another code is written on that step. */
  #pairingCode(code: string, before: PhoneSnapshot): void {
    const last = this.#steps.at(-1);
    const pair = last?.step.pc as { pair?: string; code?: string } | undefined;
    if (!last || pair?.pair !== 'manual' || pair.code !== undefined) {
      this.#notes.push('a pairing code typed on the PC other than right after pairing in Manual mode');
      return;
    }
    if (pairingCode(before) !== code) last.step = { pc: { ...pair, code } };
  }

  /** How the TUI's PC is cabled: USB on a phone without BToE (LPE), until the user recables it. */
  #pcLink(snapshot: PhoneSnapshot): 'ethernet' | 'usb' {
    return this.#recabled ?? (deviceProfile(snapshot).btoe ? 'ethernet' : 'usb');
  }

  /** Web sign-in done in a browser (outside the TUI) shows as the phone signed in: a `browser:` step replays it. */
  #catchUp(now: PhoneSnapshot): void {
    const user = signedInUser(now);
    if (this.#wasSignedIn || user?.method !== 'web') return;
    this.#wasSignedIn = true;
    this.#flushRun();
    this.#advance();
    if (this.#knownUsers().includes(user.upn)) this.#push({ browser: { user: user.upn } }, null);
    else this.#notes.push(`${user.upn} signed in on the web sign-in pages: not a known user, so no browser: step replays it`);
  }

  #noteSnapshot(after: PhoneSnapshot): void {
    this.#wasSignedIn = signedInUser(after) !== null;
  }

  #push(step: RecordedStep, screen: Screen | null): void {
    this.#steps.push({ step, title: screen?.title ?? '' });
  }

  /** The tenant's users when it is known, else those whose name and password were typed. */
  #users(): Record<string, unknown>[] {
    const { tenant } = this.#options;
    if (tenant) {
      return tenant.users.map((user) => ({
        upn: user.upn,
        password: secret('PASSWORD', user.password, `${user.upn}'s password`),
        ...(user.displayName === undefined ? {} : { displayName: user.displayName }),
        licenses: user.licenses,
        ...(user.extension === undefined ? {} : { extension: user.extension }),
        ...(user.pin === undefined ? {} : { pin: secret('PIN', user.pin, `${user.upn}'s PIN`) }),
      }));
    }
    return [...this.#credentials].map(([upn, password]) => ({
      upn,
      password: secret('PASSWORD', password, `${upn}'s password, as typed`),
      licenses: ['PhoneSystem', 'CallingPlan'],
    }));
  }

  #knownUsers(): string[] {
    return this.#options.tenant ? this.#options.tenant.users.map((user) => user.upn) : [...this.#credentials.keys()];
  }
}

/** A field's run of typing as steps: Back for each character erased of what it held, then what it gained. */
function typedSteps(run: FieldRun): RecordedStep[] {
  const start = [...run.start];
  const value = [...run.value];
  let common = 0;
  while (common < start.length && common < value.length && start[common] === value[common]) common += 1;
  const steps: RecordedStep[] = Array.from({ length: start.length - common }, () => ({ press: 'Back' }));
  const typed = value.slice(common).join('');
  const kind = secretKinds[run.id];
  if (typed !== '') steps.push({ type: run.secret && kind ? secret(kind, typed, `typed into the ${run.id} field`) : typed });
  return steps;
}

function secret(kind: string, value: string, what: string): SecretValue {
  return { secret: kind, value, what };
}

const sameDeployment = (deployment: Tenant['deployment']) =>
  deployment.sfb === defaultDeployment.sfb && deployment.exchange === defaultDeployment.exchange && deployment.mfa === defaultDeployment.mfa;

/** The label of the row the cursor is on, when `select:` would find that row first. */
function selectedRow(screen: Screen, columns: number): string | undefined {
  if (screen.highlighted === null) return undefined;
  const line = screen.lines[screen.highlighted];
  const label = line === undefined ? '' : rowLabel(line);
  if (label === '') return undefined;
  return screen.lines.findIndex((each) => rowShows(each, label, columns)) === screen.highlighted ? label : undefined;
}

/** The label of the numbered row a digit picks on a list without a cursor, when `select:` would press that digit. */
function numberedRow(screen: Screen, key: KeyName): string | undefined {
  if (screen.highlighted !== null || !/^[1-9]$/.test(key)) return undefined;
  const rows = screen.lines.map((line) => /^([1-9])\.\s+(.*)$/.exec(line));
  const label = rows.find((match) => match?.[1] === key)?.[2];
  if (label === undefined || label === '') return undefined;
  return rows.find((match) => match?.[2] === label)?.[1] === key ? label : undefined;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** What the phone shows and holds now, as an `expect` the replay checks: title and first steady line, call, lock, user, firmware. */
export function expectationOf(snapshot: PhoneSnapshot, users: readonly string[]): Record<string, unknown> {
  const screen = renderScreen(snapshot);
  const body = noticeKey(snapshot) === null ? screen.lines : screen.lines.slice(1);
  // Digits change with time (a countdown, a download's percent, a clock): a line without them stays put.
  const steady = screen.progress === null ? body.find((line) => line.trim() !== '' && !/\d/.test(line)) : undefined;
  const user = signedInUser(snapshot);
  return {
    ...(screen.title.trim() === '' ? {} : { screen: steady ? `/${escapeRegex(screen.title)}[\\s\\S]*${escapeRegex(steady)}/` : screen.title }),
    firmware: firmware(snapshot),
    locked: isLocked(snapshot),
    ...(user === null ? { signedIn: false } : users.includes(user.upn) ? { signedIn: user.upn } : {}),
    call: callState(snapshot),
    paired: isPaired(snapshot),
  };
}
