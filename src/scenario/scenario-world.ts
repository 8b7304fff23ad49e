import { renderScreen, type PhoneSnapshot, type Screen } from '../core/screen.js';
import { VirtualClock } from '../core/virtual-clock.js';
import { createPhone, identityFor, type PhoneActor } from '../phone/create-phone.js';
import { linkPhone, type PhoneLink } from '../phone/phone-link.js';
import type { ProjectData } from '../profiles/load-data.js';
import type { Scenario } from './load-scenario.js';
import { remoteServer, serverPolicy, startLocalServer, type ServerControl } from './server-control.js';
import { NotSupported } from './step-errors.js';

/** One scenario's phone, clock and server: what every step acts on and every expectation reads. */
export interface ScenarioWorld {
  readonly scenario: Scenario;
  readonly clock: VirtualClock;
  readonly actor: PhoneActor;
  readonly link: PhoneLink;
  readonly server: ServerControl;
  snapshot(): PhoneSnapshot;
  screen(): Screen;
  /** Every warning raised so far, by the phone's link or by the server. */
  warnings(): readonly string[];
  /** Resolves once nothing waits on the server. */
  settle(): Promise<void>;
  /** Resolves once the phone is not connected (it noticed its server go away). */
  offline(): Promise<void>;
  close(): Promise<void>;
}

export interface WorldOptions {
  readonly data: ProjectData;
  /** A server to use instead of an in-process one. */
  readonly serverUrl?: string | undefined;
  /** Numbers the phone (its MAC and serial), so scenarios sharing a --server stay apart. */
  readonly phoneNumber?: number;
}

/** Keys of the format whose feature this build does not have yet: refused before the phone starts. */
function refuseUnsupported(scenario: Scenario, remote: boolean): void {
  if (scenario.users.length > 0) throw new NotSupported('users (the tenant is not emulated in this build)');
  if (scenario.deployment !== undefined) throw new NotSupported('deployment (the tenant is not emulated in this build)');
  if (remote && Object.keys(scenario.policy).length > 0) throw new NotSupported('policy with --server (set it on that server)');
}

/** Starts the scenario's server (unless one is given), then its phone on a fresh virtual clock. */
export async function openWorld(scenario: Scenario, options: WorldOptions): Promise<ScenarioWorld> {
  refuseUnsupported(scenario, options.serverUrl !== undefined);
  const server =
    options.serverUrl === undefined
      ? await startLocalServer(options.data, serverPolicy(scenario.policy, 'policy'))
      : remoteServer(options.serverUrl);
  const clock = new VirtualClock();
  const actor = createPhone({
    profile: scenario.profile,
    firmware: scenario.firmware,
    clock,
    identity: identityFor(scenario.profile, options.phoneNumber ?? 1),
    locale: scenario.locale,
    settings: scenario.settings,
  });
  const link = linkPhone(actor, { url: server.url, clock });
  const linkWarnings: string[] = [];
  link.events.on('problem', (message) => linkWarnings.push(message));
  actor.start();
  return {
    scenario,
    clock,
    actor,
    link,
    server,
    snapshot: () => actor.getSnapshot(),
    screen: () => renderScreen(actor.getSnapshot()),
    warnings: () => [...linkWarnings, ...server.warnings],
    settle: () => link.whenSettled(),
    offline: () =>
      new Promise<void>((resolve) => {
        const isOffline = () => !actor.getSnapshot().matches({ running: { connection: 'online' } });
        if (isOffline()) return resolve();
        const subscription = actor.subscribe(() => {
          if (!isOffline()) return;
          subscription.unsubscribe();
          resolve();
        });
      }),
    close: async () => {
      link.close();
      actor.stop();
      await server.close();
    },
  };
}
