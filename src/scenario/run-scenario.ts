import { performance } from 'node:perf_hooks';
import { screenText } from '../core/screen.js';
import { formatClock, formatDuration } from './duration.js';
import type { ProjectData } from '../profiles/load-data.js';
import type { Scenario, ScenarioProblem, ScenarioStep } from './load-scenario.js';
import { openPhones, type ScenarioPhones } from './scenario-phones.js';
import type { ScenarioWorld } from './scenario-world.js';
import type { Step } from './scenario-schema.js';
import { NotSupported, StepFailure } from './step-errors.js';
import { stepExecutors } from './step-executors.js';

/** Where a step is written: `steps[3]` on line 14, `press: Update`. */
export interface StepPlace {
  readonly index: number;
  readonly line: number;
  readonly source: string;
}

/** The phone after a step: what --trace prints. */
export interface TraceEntry extends StepPlace {
  /** Virtual time, ms since the phone was powered on. */
  readonly at: number;
  readonly screen: string;
  /** The phone of `phones:` the step acted on, in a multi-phone scenario. */
  readonly phone?: string | undefined;
}

export interface ScenarioFailure {
  /** The step that failed; undefined when the scenario could not start. */
  readonly step: StepPlace | undefined;
  readonly message: string;
  readonly expected?: string | undefined;
  readonly actual?: string | undefined;
  /** The screen as it was when the step failed, when the phone was running. */
  readonly screen?: string | undefined;
  readonly at: number;
  /** A step or key this build cannot carry out yet. */
  readonly notSupported: boolean;
}

export interface ScenarioResult {
  readonly file: string;
  /** The scenario's name; for an unreadable file, the file. */
  readonly name: string;
  readonly device: string | undefined;
  /** Characters per row of the device's screen, to draw it at its size. */
  readonly columns: number | undefined;
  readonly status: 'passed' | 'failed' | 'invalid';
  /** Real time the run took. */
  readonly wallMs: number;
  /** Virtual time the phone lived through. */
  readonly virtualMs: number;
  readonly steps: number;
  readonly failure?: ScenarioFailure | undefined;
  /** Why the file is invalid. */
  readonly problems?: readonly ScenarioProblem[] | undefined;
  /** Every step and the screen after it, with --trace. */
  readonly trace: readonly TraceEntry[];
}

export interface RunScenarioOptions {
  readonly data: ProjectData;
  readonly serverUrl?: string | undefined;
  /** The --server's admin token, for `policy:` and `server:` steps. */
  readonly adminToken?: string | undefined;
  readonly trace?: boolean | undefined;
  /** Numbers the phone, so that scenarios sharing one --server have their own MAC. */
  readonly phoneNumber?: number | undefined;
  /** Real time a step may take before the run gives up on it (a server that never answers). */
  readonly stepTimeoutMs?: number | undefined;
}

const defaultStepTimeoutMs = 30_000;

/**
 * Runs one validated scenario: its own server (unless --server), its phone on a fresh
 * virtual clock, booted and connected before the first step, settled after each one.
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const trace: TraceEntry[] = [];
  const timeoutMs = options.stepTimeoutMs ?? defaultStepTimeoutMs;
  let phones: ScenarioPhones | undefined;
  let failure: ScenarioFailure | undefined;
  try {
    phones = await openPhones(scenario, { data: options.data, serverUrl: options.serverUrl, adminToken: options.adminToken, phoneNumber: options.phoneNumber });
    const { first, bootMs } = phones;
    await withinRealTime(phones, () => first.clock.advance(bootMs, first.settle), timeoutMs, scenario.phones.length > 1 ? 'booting the phones' : 'booting the phone');
    for (const entry of scenario.steps) {
      const phone = phones.worldOf(entry.phone);
      try {
        await withinRealTime(phones, () => runStep(entry.step, phone), timeoutMs, entry.source);
      } catch (error) {
        failure = failureOf(error, entry, phone);
        break;
      }
      if (options.trace) trace.push({ ...placeOf(entry), at: phone.clock.now(), screen: screenText(phone.screen()), ...(entry.phone === undefined ? {} : { phone: entry.phone }) });
    }
  } catch (error) {
    failure = failureOf(error, undefined, phones?.first);
  } finally {
    await phones?.close();
  }
  return {
    file: scenario.file,
    name: scenario.name,
    device: scenario.profile.id,
    columns: scenario.profile.display.columns,
    status: failure ? 'failed' : 'passed',
    wallMs: performance.now() - started,
    virtualMs: phones?.clock.now() ?? 0,
    steps: scenario.steps.length,
    failure,
    trace,
  };
}

async function runStep(step: Step, world: ScenarioWorld): Promise<void> {
  const execute = stepExecutors[step.kind] as (value: unknown, world: ScenarioWorld) => Promise<void>;
  await execute(step.value, world);
  await world.settle();
}

const placeOf = ({ index, line, source }: ScenarioStep): StepPlace => ({ index, line, source });

function failureOf(error: unknown, entry: ScenarioStep | undefined, world: ScenarioWorld | undefined): ScenarioFailure {
  const failure = failureOnPhone(error, entry, world);
  // In a multi-phone scenario, which phone's step it was and whose screen is shown.
  return entry?.phone === undefined ? failure : { ...failure, message: `on phone ${entry.phone}: ${failure.message}` };
}

function failureOnPhone(error: unknown, entry: ScenarioStep | undefined, world: ScenarioWorld | undefined): ScenarioFailure {
  const base = {
    step: entry && placeOf(entry),
    screen: world && screenText(world.screen()),
    at: world?.clock.now() ?? 0,
  };
  if (error instanceof StepFailure) return { ...base, message: error.message, expected: error.expected, actual: error.actual, notSupported: false };
  if (error instanceof NotSupported) return { ...base, message: error.message, notSupported: true };
  // A fault of the emulator, not of the scenario: reported, and the other scenarios go on.
  return { ...base, message: `the emulator failed: ${(error as Error).message ?? String(error)}`, notSupported: false };
}

/**
 * A server that never answers must not hang a CI job: each step gets a real-time limit.
 * Once it is up the world stops (virtual time stays where it got to), and the message says
 * which it was: virtual time still moving in the second half of the limit is a busy
 * simulation (an update loop over 200,000 days); standing still, a wait on the server.
 */
async function withinRealTime(world: Pick<ScenarioPhones, 'clock' | 'stop'>, work: () => Promise<void>, ms: number, what: string): Promise<void> {
  const startedAt = world.clock.now();
  // Where virtual time was halfway through: a boot that got to its connect and then waited is not busy.
  let halfway = startedAt;
  const halfwayTimer = setTimeout(() => (halfway = world.clock.now()), ms / 2);
  halfwayTimer.unref();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const now = world.clock.now();
      const failure =
        now > halfway
          ? new StepFailure(
              `${what}: the simulation was busy: virtual time stopped at ${formatClock(now)} (${formatDuration(now - startedAt)} into this step) after ${ms / 1000} s of real time, the phone still working (timers kept firing, as in an update loop); advance less at a time`,
            )
          : new StepFailure(`${what}: gave up after ${ms / 1000} s of real time waiting for the server`);
      world.stop(failure);
      reject(failure);
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
    clearTimeout(halfwayTimer);
  }
}
