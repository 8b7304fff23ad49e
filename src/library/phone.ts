import { stringify } from 'yaml';
import type { SignInMethod } from '../core/device-profile.js';
import { callState, firmware, identity, isLocked, isPaired, signedInUser } from '../core/selectors.js';
import { screenText, type PhoneSnapshot } from '../core/screen.js';
import { VirtualClock } from '../core/virtual-clock.js';
import { describeFrame, stateRegions } from '../phone/event-log.js';
import { loadProjectData } from '../profiles/load-data.js';
import { describeScenarioProblem, parseScenario, type Scenario } from '../scenario/load-scenario.js';
import { stepSchemas, type CallState, type ScenarioUser, type StepName } from '../scenario/scenario-schema.js';
import { openWorld, type ScenarioWorld } from '../scenario/scenario-world.js';
import { stepExecutors } from '../scenario/step-executors.js';
import type { ServerHandle } from './server.js';

export interface PhoneOptions {
  /** A device profile id: `polycom-vvx-601` (phone-emu devices lists them). */
  readonly device: string;
  /** The server it talks to: a startServer handle, or the ws:// URL of a running one. */
  readonly server: ServerHandle | string;
  /** A build of the model's catalog, or `latest`; the newest certified build by default. */
  readonly firmware?: string;
  readonly locale?: 'en-US' | 'fr-FR';
  /** Device parameters, as a provisioning file sets them: `{ 'lync.deviceUpdate.popUpSK.enabled': 0 }`. */
  readonly settings?: Readonly<Record<string, string | number | boolean>>;
  /** A virtual clock to share; the server handle's, else a fresh one. */
  readonly clock?: VirtualClock;
  /** The admin token of a server given by URL. */
  readonly adminToken?: string;
  /** Numbers the phone's MAC and serial, so phones on one server stay apart (1 by default). */
  readonly index?: number;
}

/** The facts scenarios `expect`, as they are now. */
export interface PhoneFacts {
  readonly firmware: string;
  readonly locked: boolean;
  /** The UPN signed in, or false. */
  readonly signedIn: string | false;
  readonly exchange: boolean;
  readonly call: CallState;
  readonly paired: boolean;
  readonly warnings: readonly string[];
  readonly mac: string;
  /** Each parallel region's state: `{ update: 'offered.waiting', signIn: 'signedIn', ... }`. */
  readonly regions: Readonly<Record<string, string>>;
}

/** What `on` delivers. */
export interface PhoneEvents {
  /** A protocol frame, sent (`out`) or received (`in`), as one line. */
  frame: (direction: 'in' | 'out', frame: string) => void;
  /** A region changed state: `('update', 'downloading.transferring')`. */
  state: (region: string, state: string) => void;
  /** Something the link refused or could not do. */
  problem: (message: string) => void;
}

/** An `expect:` of a scenario, as YAML writes it: `{ screen: '/Software version/', locked: false }`. */
export type Expectation = Readonly<Record<string, unknown>>;

export interface PhoneHandle {
  readonly device: string;
  readonly mac: string;
  readonly clock: VirtualClock;
  /** The softkey with this label on the screen, else the key of that name (Select, Back, 5, Lock...). */
  press(labelOrKey: string): Promise<void>;
  /** The menu row or softkey with this label. */
  select(label: string): Promise<void>;
  /** Characters into the focused field. */
  type(text: string): Promise<void>;
  /** The whole sign-in flow of `method`; `password` for a user the server knows but this phone was not told about. */
  signIn(options: { readonly method: SignInMethod; readonly user?: string; readonly password?: string; readonly phoneLockPin?: string }): Promise<void>;
  /** Dials a number. */
  dial(number: string): Promise<void>;
  /** Creates the Phone-Lock PIN the phone asks for after sign-in (twice, as the phone asks). */
  setPin(pin: string): Promise<void>;
  /** Enters the PIN on the lock screen. */
  unlock(pin: string): Promise<void>;
  /** Virtual time ahead: milliseconds, or a duration such as '15m' or '1h30m'. */
  advance(duration: number | string): Promise<void>;
  /** The text the TUI shows: the screen's rows, the softkeys last. */
  screen(): string;
  state(): PhoneFacts;
  /** Resolves once `holds` (a predicate of state(), or an expectation) holds; rejects after `timeout` real ms (10 s). */
  waitFor(holds: ((facts: PhoneFacts) => boolean) | Expectation, options?: { readonly timeout?: number }): Promise<void>;
  /** Fails with the scenario runner's words unless every key holds now. */
  expect(expectation: Expectation): Promise<void>;
  on<E extends keyof PhoneEvents>(event: E, listener: PhoneEvents[E]): () => void;
  /** The scenario world underneath (actor, link, clock), for what this handle does not cover. */
  readonly world: ScenarioWorld;
  close(): Promise<void>;
}

/** The phone as a scenario: its device, build, locale and settings validated as a scenario's are. */
function scenarioFor(options: PhoneOptions): Scenario {
  const raw = {
    name: `startPhone ${options.device}`,
    device: options.device,
    ...(options.firmware === undefined ? {} : { firmware: options.firmware }),
    ...(options.locale === undefined ? {} : { locale: options.locale }),
    ...(options.settings === undefined ? {} : { settings: options.settings }),
    steps: [{ advance: '0s' }],
  };
  const result = parseScenario(stringify(raw), 'startPhone', loadProjectData());
  if (!result.ok) throw new Error(`phone-emu: ${result.problems.map(describeScenarioProblem).join('; ')}`);
  return { ...result.scenario, users: [] };
}

function parsed<K extends StepName>(kind: K, value: unknown) {
  const result = stepSchemas[kind].safeParse(value);
  if (!result.success) throw new Error(`phone-emu: ${kind}: ${result.error.issues.map((issue) => `${issue.path.join('.') || kind}: ${issue.message}`).join('; ')}`);
  return result.data;
}

/** Starts one phone against a server: booted and connected (its first check answered) when this resolves. */
export async function startPhone(options: PhoneOptions): Promise<PhoneHandle> {
  const scenario = scenarioFor(options);
  const server = typeof options.server === 'string' ? undefined : options.server;
  const clock = options.clock ?? server?.clock ?? new VirtualClock();
  const world = await openWorld(scenario, {
    data: loadProjectData(),
    serverUrl: typeof options.server === 'string' ? options.server : options.server.url,
    adminToken: options.adminToken ?? server?.adminToken,
    phoneNumber: options.index ?? 1,
    clock,
  });
  const users = scenario.users as ScenarioUser[];
  const run = async <K extends StepName>(kind: K, value: unknown) => {
    await (stepExecutors[kind] as (value: unknown, world: ScenarioWorld) => Promise<void>)(parsed(kind, value), world);
    await world.settle();
  };
  const facts = (snapshot: PhoneSnapshot = world.snapshot()): PhoneFacts => {
    const user = signedInUser(snapshot);
    return {
      firmware: firmware(snapshot),
      locked: isLocked(snapshot),
      signedIn: user?.upn ?? false,
      exchange: user?.exchange ?? false,
      call: callState(snapshot),
      paired: isPaired(snapshot),
      warnings: world.warnings(),
      mac: identity(snapshot).mac,
      regions: Object.fromEntries(stateRegions(snapshot.value)),
    };
  };
  const holdsNow = async (holds: ((facts: PhoneFacts) => boolean) | Expectation) => {
    if (typeof holds === 'function') return holds(facts());
    return run('expect', holds).then(
      () => true,
      () => false,
    );
  };
  try {
    await clock.advance(scenario.profile.timings.bootMs, world.settle);
  } catch (error) {
    await world.close();
    throw error;
  }
  return {
    device: scenario.profile.id,
    mac: identity(world.snapshot()).mac,
    clock,
    world,
    press: (label) => run('press', label),
    select: (label) => run('select', label),
    type: (text) => run('type', text),
    signIn: async ({ method, user, password, phoneLockPin }) => {
      if (user !== undefined && password !== undefined && !users.some((known) => known.upn === user)) {
        users.push({ upn: user, password, licenses: [] } as unknown as ScenarioUser);
      }
      await run('signIn', { method, ...(user === undefined ? {} : { user }), ...(phoneLockPin === undefined ? {} : { phoneLockPin }) });
    },
    dial: (number) => run('dial', number),
    setPin: (pin) => run('setPin', pin),
    unlock: (pin) => run('unlock', pin),
    advance: (duration) => (typeof duration === 'number' ? clock.advance(duration, world.settle) : run('advance', duration)),
    screen: () => screenText(world.screen()),
    state: () => facts(),
    expect: (expectation) => run('expect', expectation),
    waitFor: async (holds, { timeout = 10_000 } = {}) => {
      if (typeof holds !== 'function') parsed('expect', holds);
      if (await holdsNow(holds)) return;
      await new Promise<void>((resolve, reject) => {
        let checking = false;
        const timer = setTimeout(() => {
          subscription.unsubscribe();
          reject(new Error(`phone-emu: waitFor: still not true after ${timeout} ms; the screen:\n${screenText(world.screen())}`));
        }, timeout);
        const subscription = world.actor.subscribe(() => {
          if (checking) return;
          checking = true;
          void holdsNow(holds).then((holdsYet) => {
            checking = false;
            if (!holdsYet) return;
            clearTimeout(timer);
            subscription.unsubscribe();
            resolve();
          });
        });
      });
    },
    on: (event, listener) => {
      if (event === 'state') {
        let last = stateRegions(world.snapshot().value);
        const subscription = world.actor.subscribe((snapshot) => {
          const regions = stateRegions(snapshot.value);
          for (const [region, state] of regions) if (last.get(region) !== state) (listener as PhoneEvents['state'])(region, state);
          last = regions;
        });
        return () => subscription.unsubscribe();
      }
      if (event === 'frame') {
        const onFrame = (direction: 'in' | 'out', frame: string) => (listener as PhoneEvents['frame'])(direction, describeFrame(frame));
        world.link.events.on('frame', onFrame);
        return () => world.link.events.off('frame', onFrame);
      }
      const onProblem = listener as PhoneEvents['problem'];
      world.link.events.on('problem', onProblem);
      return () => world.link.events.off('problem', onProblem);
    },
    close: () => world.close(),
  };
}
