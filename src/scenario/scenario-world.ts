import type { PcOs } from '../core/identity/identity-types.js';
import { renderScreen, type PhoneSnapshot, type Screen } from '../core/screen.js';
import { identity, isOnline } from '../core/selectors.js';
import { defaultDeployment, tenantSchema } from '../core/tenant.js';
import { VirtualClock } from '../core/virtual-clock.js';
import { PcClient, type PcState } from '../pc/pc-client.js';
import { assemblePhone } from '../phone/assemble-phone.js';
import { identityFor, type PhoneActor } from '../phone/create-phone.js';
import type { PhoneLink } from '../phone/phone-link.js';
import type { ProjectData } from '../profiles/load-data.js';
import type { Scenario, ScenarioPhone } from './load-scenario.js';
import { serveFolder } from './provisioning-files.js';
import type { BrowserOutcome } from './scenario-schema.js';
import { remoteServer, startLocalServer, type ServerControl } from './server-control.js';

/** One scenario's phone, clock and server: what every step acts on and every expectation reads. */
export interface ScenarioWorld {
  readonly scenario: Scenario;
  readonly clock: VirtualClock;
  readonly actor: PhoneActor;
  readonly link: PhoneLink;
  readonly server: ServerControl;
  snapshot(): PhoneSnapshot;
  screen(): Screen;
  /** The warnings the phone shows now, then every one its link or its server raised so far. */
  warnings(): readonly string[];
  /** Resolves once nothing waits on the server. */
  settle(): Promise<void>;
  /** The PC cabled to the phone, connected on first use (again when its OS or link changes). */
  pc(options: { readonly os?: PcOs; readonly link?: 'ethernet' | 'usb' }): Promise<PcClient>;
  /** `pc: unplug`: the cable (the BToE link) goes; what the PC was (OS, link, paired) is kept for `pc: plug`. Undefined: no PC. */
  unplugPc(): { readonly wasPaired: boolean } | undefined;
  /** The PC as it sees itself and its phone, if one is plugged in. */
  pcState(): PcState | undefined;
  /** Resolves once the PC's state satisfies `holds`, or after `withinMs` of real time: its frames come over its own socket. */
  untilPc(holds: (state: PcState) => boolean, withinMs: number): Promise<void>;
  /** Resolves once the phone's state satisfies `holds` (at once if it does already). */
  until(holds: (snapshot: PhoneSnapshot) => boolean): Promise<void>;
  /** Resolves once the phone is not connected (it noticed its server go away). */
  offline(): Promise<void>;
  /** How the last `browser:` step ended, for `expect: { browser, browserReason }`. */
  browser: BrowserRecord | undefined;
  /** Makes every later settle throw `reason`: a step out of real time stops where virtual time got to. */
  stop(reason: Error): void;
  close(): Promise<void>;
}

/** The browser side of web sign-in as it ended: done, or refused with the page's reason. */
export interface BrowserRecord {
  readonly outcome: BrowserOutcome;
  readonly reason: string;
}

export interface WorldOptions {
  readonly data: ProjectData;
  /** A server to use instead of an in-process one. */
  readonly serverUrl?: string | undefined;
  /** The --server's admin token, when it has one. */
  readonly adminToken?: string | undefined;
  /** Numbers the phone (its MAC and serial), so scenarios sharing a --server stay apart. */
  readonly phoneNumber?: number;
  /** A clock shared with other phones and the server (the library's startPhone); a fresh one by default. */
  readonly clock?: VirtualClock;
  /**
   * A multi-phone scenario's phone (scenario-phones.ts): which of `phones:` this world is, the
   * server the phones share (closed by them, not by this world), and a settle that waits on every phone.
   */
  readonly shared?: { readonly phone: ScenarioPhone; readonly index: number; readonly server: ServerControl; readonly settle: () => Promise<void> } | undefined;
}

/** The scenario as one of its phones sees it: that phone's device, build, locale and settings. */
function scenarioOf(scenario: Scenario, phone: ScenarioPhone | undefined): Scenario {
  if (!phone) return scenario;
  const { profile, firmware, versionScheme, locale, settings } = phone;
  return { ...scenario, profile, firmware, versionScheme, locale, settings };
}

/** A phone of `phones:`: its MAC and serial as written, else numbered apart from the others on the server. */
function identityOf(scenario: Scenario, options: WorldOptions) {
  const base = options.phoneNumber ?? 1;
  const phone = options.shared?.phone;
  const numbered = identityFor(scenario.profile, base + (options.shared?.index ?? 0) * 0x1000);
  const mac = phone?.mac ?? numbered.mac;
  return { mac, serial: phone?.serial ?? (phone?.mac === undefined ? numbered.serial : mac.replaceAll(':', '')) };
}

/** Starts the scenario's server (unless one is given), then its phone, both on a fresh virtual clock. */
export async function openWorld(whole: Scenario, options: WorldOptions): Promise<ScenarioWorld> {
  const scenario = scenarioOf(whole, options.shared?.phone);
  const clock = options.clock ?? new VirtualClock();
  const server = options.shared?.server ?? (await openServer(scenario, options, clock));
  const served = scenario.provisioning && 'files' in scenario.provisioning ? await serveFolder(scenario.provisioning.files) : undefined;
  const provisioningUrl = served?.url ?? (scenario.provisioning && 'url' in scenario.provisioning ? scenario.provisioning.url : undefined);
  const provisioningData = options.data.provisioning.get(scenario.profile.id);
  const phone = assemblePhone({
    ...(provisioningUrl !== undefined && provisioningData && { provisioning: { url: provisioningUrl, data: provisioningData } }),
    provisioningData,
    profile: scenario.profile,
    firmware: scenario.firmware,
    serverUrl: server.url,
    clock,
    identity: identityOf(scenario, options),
    locale: scenario.locale,
    settings: scenario.settings,
  });
  return worldOf(scenario, options, { clock, server, phone, served });
}

/** The scenario's own server with its policy, deployment and users, or the --server told them. */
export function openServer(scenario: Scenario, options: WorldOptions, clock: VirtualClock): Promise<ServerControl> {
  const { policy, deployment, users } = scenario;
  return options.serverUrl === undefined
    ? startLocalServer(options.data, {
        policy,
        deployment: deployment?.sfb ?? 'online',
        tenant: tenantSchema.parse({ deployment: deployment ?? defaultDeployment, users }),
        clock,
      })
    : remoteServer(options.serverUrl, options.adminToken, { policy, users, deployment });
}

type Parts = {
  readonly clock: VirtualClock;
  readonly server: ServerControl;
  readonly phone: ReturnType<typeof assemblePhone>;
  /** `provisioning: { files: DIR }`: the folder this phone's runner serves. */
  readonly served?: { readonly close: () => Promise<void> } | undefined;
};

function worldOf(scenario: Scenario, options: WorldOptions, { clock, server, phone, served }: Parts): ScenarioWorld {
  const { actor, link } = phone;
  const pcPort = link.pcPort;
  const linkWarnings: string[] = [];
  link.events.on('problem', (message) => linkWarnings.push(message));
  const until = (holds: (snapshot: PhoneSnapshot) => boolean) =>
    new Promise<void>((resolve) => {
      if (holds(actor.getSnapshot())) return resolve();
      const subscription = actor.subscribe((snapshot) => {
        if (!holds(snapshot)) return;
        subscription.unsubscribe();
        resolve();
      });
    });
  let stopped: Error | undefined;
  let pc: { client: PcClient | null; os: PcOs; link: 'ethernet' | 'usb' } | undefined;
  const pcFor = async ({ os = pc?.os ?? 'windows', link = pc?.link ?? 'ethernet' }: { readonly os?: PcOs; readonly link?: 'ethernet' | 'usb' }) => {
    if (pc?.client && pc.os === os && pc.link === link) return pc.client;
    pc?.client?.close();
    const client = await PcClient.connect({ url: server.url, phone: identity(actor.getSnapshot()).mac, os, link, pcPort });
    pc = { client, os, link };
    return client;
  };
  return {
    scenario,
    clock,
    actor,
    link,
    server,
    snapshot: () => actor.getSnapshot(),
    screen: () => renderScreen(actor.getSnapshot()),
    warnings: () => [...renderScreen(actor.getSnapshot()).status.warnings, ...linkWarnings, ...server.warnings],
    settle: async () => {
      if (stopped) throw stopped;
      await (options.shared?.settle ?? (() => link.whenSettled()))();
      if (stopped) throw stopped;
    },
    pc: pcFor,
    unplugPc: () => {
      if (!pc?.client) return undefined;
      const wasPaired = pc.client.state.pairing === 'paired';
      pc.client.close();
      pc.client = null;
      return { wasPaired };
    },
    pcState: () => pc?.client?.state,
    untilPc: (holds, withinMs) =>
      new Promise<void>((resolve) => {
        const client = pc?.client;
        if (!client || holds(client.state)) return resolve();
        const done = () => {
          clearTimeout(timer);
          client.events.off('state', onState);
          resolve();
        };
        const onState = (state: PcState) => holds(state) && done();
        const timer = setTimeout(done, withinMs);
        client.events.on('state', onState);
      }),
    until,
    offline: () => until((snapshot) => !isOnline(snapshot)),
    browser: undefined,
    stop: (reason) => {
      stopped = reason;
    },
    close: async () => {
      pc?.client?.close();
      phone.close();
      await served?.close();
      if (!options.shared) await server.close();
    },
  };
}
