import type { DeviceProvisioning } from '../profiles/provisioning-schema.js';
import { parseAudioCodesConfig } from './audiocodes.js';
import { getFile, shownUrl, type GetOutcome } from './http-get.js';
import { mapParameters, versionInUrl, type ModelledValues, type SetParameter } from './modelled.js';
import type { Entry, Parsed } from './parsed.js';
import { parsePolycomConfig, parsePolycomMaster } from './polycom.js';
import { parseYealinkConfig } from './yealink.js';

/**
 * Reads a phone's provisioning files from any HTTP(S) provisioning server, in its vendor's order,
 * and says what they set. Never throws for what a server or a file does: each problem is reported
 * with the file (URL), line and reason, and the caller keeps its last good configuration.
 */

export interface ReadProvisioningOptions {
  /** The provisioning server (DHCP option 66/160, or the phone's menu): a folder URL, or a file URL ending in .cfg (Polycom, AudioCodes). */
  readonly url: string;
  /** The model: its id for messages, and its provisioning data (ProjectData.provisioning.get(id)). */
  readonly profile: { readonly id: string; readonly provisioning: DeviceProvisioning };
  /** The phone's MAC, in any usual writing (00:04:F2:AB:CD:EF, 0004f2abcdef). */
  readonly mac: string;
  /** Each file's MD5 at the last boot, by its shown URL: an unchanged file is not applied again where the vendor does so (Yealink). */
  readonly previousMd5?: ReadonlyMap<string, string>;
  /** Accept a self-signed HTTPS certificate. */
  readonly insecure?: boolean;
  /** Wall-clock bound of each request (default 10 s). */
  readonly timeoutMs?: number;
  /** A larger file is refused (default 1 MiB). */
  readonly maxFileBytes?: number;
  /** How deep includes may nest (default 8). */
  readonly maxIncludeDepth?: number;
  /** How many files one boot may fetch (default 64). */
  readonly maxFiles?: number;
}

export type FileStatus = 'applied' | 'unchanged' | 'missing' | 'refused' | 'unreachable';

export interface ProvisioningFile {
  /** As fetched, with any password shown as ***. */
  readonly url: string;
  /** Of the body, when one came. */
  readonly md5?: string;
  readonly status: FileStatus;
}

export interface ProvisioningProblem {
  readonly file: string;
  readonly line?: number;
  readonly reason: string;
}

export interface ProvisioningResult {
  /** False for a phone that reads no third-party provisioning (LPE): `problems` says why. */
  readonly supported: boolean;
  /** Who wins over the in-band service on a setting both give (profile data). */
  readonly precedence: DeviceProvisioning['precedence'];
  readonly files: readonly ProvisioningFile[];
  /** Each parameter that takes effect, with the file and line that set it (after the vendor's precedence). */
  readonly parameters: ReadonlyMap<string, SetParameter>;
  readonly firmware: { readonly url: string; readonly version?: string } | null;
  /** Parameters the emulator does not model, in the order the files set them. */
  readonly ignored: readonly string[];
  readonly modelled: ModelledValues;
  readonly problems: readonly ProvisioningProblem[];
}

const defaults = { timeoutMs: 10_000, maxFileBytes: 1024 * 1024, maxIncludeDepth: 8, maxFiles: 64 };

export async function readProvisioning(options: ReadProvisioningOptions): Promise<ProvisioningResult> {
  const { provisioning } = options.profile;
  const session = new Session(options);
  const base = serverUrl(options.url);
  if (typeof base === 'string') {
    session.problems.push({ file: options.url, reason: base });
  } else if (provisioning.format === 'none') {
    session.problems.push({ file: shownUrl(base), reason: provisioning.notSupported ?? 'this phone reads no provisioning files' });
  } else {
    const mac = macDigits(options.mac);
    if (mac === undefined) session.problems.push({ file: shownUrl(base), reason: `"${options.mac}" is not a MAC address (12 hexadecimal digits)` });
    else if (provisioning.format === 'polycom-ucs') await session.polycom(base, mac);
    else if (provisioning.format === 'yealink') await session.yealink(base, mac);
    else await session.audiocodes(base, mac);
  }
  const mapped = mapParameters(session.parameters, provisioning, (name) => session.setBy.get(name)?.href ?? options.url);
  const firmwareUrl = mapped.modelled.firmwareUrl;
  const version = firmwareUrl === undefined ? undefined : versionInUrl(firmwareUrl);
  return {
    supported: provisioning.format !== 'none',
    precedence: provisioning.precedence,
    files: session.files,
    parameters: session.parameters,
    firmware: firmwareUrl === undefined ? null : { url: firmwareUrl, ...(version === undefined ? {} : { version }) },
    ignored: mapped.ignored,
    modelled: mapped.modelled,
    problems: [...session.problems, ...mapped.problems],
  };
}

/** The server's URL as a folder (a trailing slash), or a file URL; or why it is not one. */
function serverUrl(text: string): URL | string {
  if (!URL.canParse(text)) return `"${text}" is not a URL (e.g. http://10.0.0.5/provisioning/)`;
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol} is not read: give an http:// or https:// provisioning server`;
  if (!url.pathname.endsWith('/') && !url.pathname.endsWith('.cfg')) url.pathname = `${url.pathname}/`;
  return url;
}

/** The 12 hexadecimal digits of a MAC in lower case. */
export function macDigits(mac: string): string | undefined {
  const digits = mac.replace(/[-:.\s]/g, '').toLowerCase();
  return /^[0-9a-f]{12}$/.test(digits) ? digits : undefined;
}

class Session {
  readonly files: ProvisioningFile[] = [];
  readonly problems: ProvisioningProblem[] = [];
  readonly parameters = new Map<string, SetParameter>();
  /** The URL (credentials included) of the file that set each parameter: relative URLs in values resolve against it. */
  readonly setBy = new Map<string, URL>();
  private readonly limits: typeof defaults;

  constructor(private readonly options: ReadProvisioningOptions) {
    this.limits = {
      timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
      maxFileBytes: options.maxFileBytes ?? defaults.maxFileBytes,
      maxIncludeDepth: options.maxIncludeDepth ?? defaults.maxIncludeDepth,
      maxFiles: options.maxFiles ?? defaults.maxFiles,
    };
  }

  private set(name: string, parameter: SetParameter, file: URL): void {
    this.parameters.set(name, parameter);
    this.setBy.set(name, file);
  }

  /** Fetches one file and records it; the body as text when it came and is to be applied. */
  private async fetch(url: URL): Promise<{ text: string; shown: string } | { outcome: Exclude<GetOutcome['kind'], 'ok'> | 'unchanged'; shown: string }> {
    const shown = shownUrl(url);
    if (this.files.length >= this.limits.maxFiles) {
      this.problems.push({ file: shown, reason: `not fetched: one boot reads at most ${this.limits.maxFiles} files` });
      return { outcome: 'refused', shown };
    }
    const got = await getFile(url, { insecure: this.options.insecure ?? false, timeoutMs: this.limits.timeoutMs, maxBytes: this.limits.maxFileBytes });
    if (got.kind !== 'ok') {
      this.files.push({ url: shown, status: got.kind });
      if (got.kind !== 'missing' || got.status !== 404) this.problems.push({ file: shown, reason: got.reason });
      return { outcome: got.kind, shown };
    }
    const unchanged = this.options.profile.provisioning.skipUnchangedFiles && this.options.previousMd5?.get(shown) === got.md5;
    this.files.push({ url: shown, md5: got.md5, status: unchanged ? 'unchanged' : 'applied' });
    if (unchanged) return { outcome: 'unchanged', shown };
    const text = got.body.toString('utf8');
    if (text.includes('\u0000') || text.includes('\uFFFD')) {
      this.refuse(shown, 1, 'not a text file (it holds binary data or is not UTF-8)');
      return { outcome: 'refused', shown };
    }
    return { text, shown };
  }

  /** Marks the last fetched file refused, with the line and reason. */
  private refuse(file: string, line: number, reason: string): void {
    const index = this.files.findLastIndex((entry) => entry.url === file);
    if (index !== -1) this.files[index] = { ...this.files[index]!, status: 'refused' };
    this.problems.push({ file, line, reason });
  }

  private parsed<T>(result: Parsed<T>): T | undefined {
    if ('ok' in result) return result.ok;
    this.refuse(result.error.file, result.error.line, result.error.reason);
    return undefined;
  }

  /** Polycom: <mac>.cfg, else 000000000000.cfg; then its CONFIG_FILES in order, the first listed winning. */
  async polycom(base: URL, mac: string): Promise<void> {
    const candidates = [...(base.pathname.endsWith('.cfg') ? [base] : []), new URL(`${mac}.cfg`, base), new URL('000000000000.cfg', base)];
    for (const url of candidates) {
      const got = await this.fetch(url);
      if (!('text' in got)) {
        if (got.outcome === 'missing') continue;
        return;
      }
      const master = this.parsed(parsePolycomMaster(got.text, got.shown));
      if (!master) return;
      const model = this.options.profile.provisioning.modelNames?.map((name) => master.models.get(name)).find((found) => found !== undefined);
      const appFilePath = model?.appFilePath ?? master.appFilePath;
      const substitute = (name: string) => name.replaceAll('[PHONE_MAC_ADDRESS]', mac);
      if (appFilePath && appFilePath.value !== '') {
        this.set('APP_FILE_PATH', { value: substitute(appFilePath.value), file: got.shown, line: appFilePath.line }, url);
      }
      for (const name of model?.configFiles ?? master.configFiles) {
        const configUrl = URL.canParse(substitute(name), url.href) ? new URL(substitute(name), url) : undefined;
        if (!configUrl) {
          this.problems.push({ file: got.shown, line: master.configFilesLine ?? 1, reason: `CONFIG_FILES: "${name}" is not a file name or URL` });
          continue;
        }
        const config = await this.fetch(configUrl);
        if (!('text' in config)) {
          if (config.outcome === 'missing') this.problems.push({ file: config.shown, reason: `listed in CONFIG_FILES of ${got.shown} but not found (HTTP 404)` });
          if (config.outcome === 'unreachable') return;
          continue;
        }
        for (const parameter of this.parsed(parsePolycomConfig(config.text, config.shown)) ?? []) {
          // The parameter found first in the list of files is the one that takes effect.
          if (!this.parameters.has(parameter.name)) this.set(parameter.name, { value: parameter.value, file: config.shown, line: parameter.line }, configUrl);
        }
      }
      return;
    }
    this.problems.push({ file: shownUrl(base), reason: `no master configuration file: neither ${mac}.cfg nor 000000000000.cfg is there` });
  }

  /** Yealink: the common file, then <mac>.cfg; a later setting overrides an earlier one. */
  async yealink(base: URL, mac: string): Promise<void> {
    const code = this.options.profile.provisioning.commonFileCode ?? '00';
    let found = 0;
    for (const name of [`y0000000000${code}.cfg`, `${mac}.cfg`]) {
      const outcome = await this.keyValueFile(new URL(name, base), (text, file) => parseYealinkConfig(text, file), []);
      if (outcome === 'unreachable') return;
      if (outcome !== 'missing') found++;
    }
    if (found === 0) this.problems.push({ file: shownUrl(base), reason: `no configuration file: neither y0000000000${code}.cfg nor ${mac}.cfg is there` });
  }

  /** AudioCodes: <MAC>.cfg (upper case), or the file the URL names. */
  async audiocodes(base: URL, mac: string): Promise<void> {
    const url = base.pathname.endsWith('.cfg') ? base : new URL(`${mac.toUpperCase()}.cfg`, base);
    const outcome = await this.keyValueFile(url, (text, file) => parseAudioCodesConfig(text, file), []);
    if (outcome === 'missing') this.problems.push({ file: shownUrl(url), reason: 'the configuration file is not there (HTTP 404)' });
  }

  /** One key = value file and, where they stand, the files it includes (relative to it), loops and depth bounded. */
  private async keyValueFile(url: URL, parse: (text: string, file: string) => Parsed<readonly Entry[]>, chain: readonly string[]): Promise<FileStatus | 'missing'> {
    const got = await this.fetch(url);
    if (!('text' in got)) return got.outcome === 'unchanged' ? 'unchanged' : got.outcome;
    const entries = this.parsed(parse(got.text, got.shown));
    if (!entries) return 'refused';
    for (const entry of entries) {
      if (entry.kind === 'parameter') {
        this.parameters.delete(entry.name); // re-inserted last: the map keeps the order settings take effect
        this.set(entry.name, { value: entry.value, file: got.shown, line: entry.line }, url);
        continue;
      }
      const target = URL.canParse(entry.url, url.href) ? new URL(entry.url, url) : undefined;
      const path = [...chain, got.shown];
      if (!target) {
        this.problems.push({ file: got.shown, line: entry.line, reason: `include: "${entry.url}" is not a URL` });
      } else if (path.includes(shownUrl(target))) {
        this.problems.push({ file: got.shown, line: entry.line, reason: `include loop: ${[...path, shownUrl(target)].join(' -> ')}; not read again` });
      } else if (path.length > this.limits.maxIncludeDepth) {
        this.problems.push({ file: got.shown, line: entry.line, reason: `includes nest deeper than ${this.limits.maxIncludeDepth} files; ${shownUrl(target)} not read` });
      } else {
        const included = await this.keyValueFile(target, parse, path);
        if (included === 'missing') this.problems.push({ file: got.shown, line: entry.line, reason: `include: ${shownUrl(target)} is not there (HTTP 404)` });
        if (included === 'unreachable') return 'unreachable';
      }
    }
    return 'applied';
  }
}
