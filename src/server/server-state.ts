import { z } from 'zod';
import { resolveBuild } from '../core/catalog.js';
import { signInMethods } from '../core/device-profile.js';
import { isSecretHash } from '../core/secret-hash.js';
import { deploymentSchema, tenantUserSchema } from '../core/tenant.js';
import { policySchema } from '../protocol/frames.js';
import type { ProjectData } from '../profiles/load-data.js';
import { readStateFile, StateFileError, stateText, writeFileAtomic } from '../state/state-file.js';
import type { IdentityService, SavedSession } from './identity/identity-service.js';
import type { DirectoryTenant } from './identity/tenant-directory.js';
import { deviceRecordSchema, schemaProblem, testDeviceSchema } from './records.js';
import { deployments, type ServerStore, type StoreState } from './store.js';

/**
 * The update server's state file (`phone-emu server --state FILE`): the tenant (secrets as
 * hashes), policies, publications and on-premises rules, test devices, provisioning targets,
 * the device list and the sign-in sessions (tokens as hashes). A restarted server with the
 * same file offers the same builds and resumes the same sessions.
 */
export const serverStateFormat = 'phone-emu server state';

const secretHash = z.string().refine(isSecretHash, 'a salted scrypt hash written by phone-emu (scrypt$ln=...)');
const version = z.string().min(1).max(64);
const familyRecord = <T extends z.ZodType>(value: T) => z.record(z.string().min(1), value);

const userRecordSchema = tenantUserSchema.omit({ password: true, pin: true }).extend({ passwordHash: secretHash, pinHash: secretHash.optional() });
const sessionRecordSchema = z.strictObject({ tokenHash: z.string().regex(/^[0-9a-f]{64}$/), upn: z.string().min(1).max(256), method: z.enum(signInMethods) });

const directoryTenantSchema = z.strictObject({
  deployment: deploymentSchema,
  users: z.array(userRecordSchema),
  emergencyNumbers: z.array(z.string().regex(/^\d{2,6}$/)).min(1),
});

export const serverStateSchema = z.strictObject({
  format: z.literal(serverStateFormat),
  version: z.literal(1),
  deployment: z.enum(deployments),
  tenant: directoryTenantSchema,
  policy: policySchema,
  published: familyRecord(z.array(version)),
  rules: familyRecord(
    z.strictObject({ approved: version.nullable(), pending: version.nullable(), restore: version.nullable(), withdrawn: version.nullable().optional() }),
  ),
  testDevices: z.array(testDeviceSchema),
  provisioning: familyRecord(version),
  devices: z.array(deviceRecordSchema),
  sessions: z.array(sessionRecordSchema),
});

/**
 * The same file with its record lists unchecked: read when the whole file fails, so that one
 * bad record costs that record, not the start. Each record is then checked on its own.
 */
const recordListsUnchecked = serverStateSchema.extend({
  tenant: directoryTenantSchema.extend({ users: z.array(z.unknown()) }),
  testDevices: z.array(z.unknown()),
  devices: z.array(z.unknown()),
  sessions: z.array(z.unknown()),
});

export interface SavedServer extends StoreState {
  readonly tenant: DirectoryTenant;
  readonly sessions: readonly SavedSession[];
  /** Records the file held that could not be read back, each as `field: problem`: dropped at start. */
  readonly dropped: readonly string[];
}

export interface LoadOptions {
  /** Drop unreadable test devices and users too (`--drop-bad-records`); phones' records and sessions always go. */
  readonly dropBadRecords?: boolean | undefined;
}

/**
 * Reads a server state file; undefined when there is none yet. Builds it names must be in today's catalog.
 * A device record or session that cannot be read is dropped and listed in `dropped` (phones report
 * themselves again); a bad test device or user refuses the start unless `dropBadRecords` says to drop it.
 */
export function loadServerState(file: string, data: ProjectData, options: LoadOptions = {}): SavedServer | undefined {
  let saved: z.infer<typeof serverStateSchema> | undefined;
  const dropped: string[] = [];
  try {
    saved = readStateFile(file, serverStateSchema);
  } catch (error) {
    if (!(error instanceof StateFileError)) throw error;
    // A fault outside the record lists (a policy, the deployment) is reported as the whole file's.
    let lenient: z.infer<typeof recordListsUnchecked> | undefined;
    try {
      lenient = readStateFile(file, recordListsUnchecked);
    } catch {
      throw error;
    }
    if (!lenient) throw error;
    const keep = <T>(field: string, records: readonly unknown[], schema: z.ZodType<T>, always: boolean): T[] =>
      records.flatMap((record, index) => {
        const problem = schemaProblem(schema, record);
        if (problem === undefined) return [record as T];
        if (!always && !options.dropBadRecords) {
          throw new StateFileError(file, `${field}[${index}]`, `${problem} (start with --drop-bad-records to start without it)`);
        }
        dropped.push(`${field}[${index}].${problem}`);
        return [];
      });
    saved = {
      ...lenient,
      tenant: { ...lenient.tenant, users: keep('tenant.users', lenient.tenant.users, userRecordSchema, false) },
      testDevices: keep('testDevices', lenient.testDevices, testDeviceSchema, false),
      devices: keep('devices', lenient.devices, deviceRecordSchema, true),
      sessions: keep('sessions', lenient.sessions, sessionRecordSchema, true),
    };
  }
  if (!saved) return undefined;
  const { format: _format, version: _version, ...state } = saved;
  const check = (field: string, family: string, versions: readonly (string | null)[]) => {
    const known = data.families.get(family);
    if (!known) throw new StateFileError(file, field, `"${family}" is not a firmware family of firmware-catalog/`);
    for (const build of versions) {
      const found = build === null ? undefined : resolveBuild(known, build);
      if (typeof found === 'string') throw new StateFileError(file, field, found);
    }
  };
  for (const [family, versions] of Object.entries(state.published)) check(`published.${family}`, family, versions);
  for (const [family, rule] of Object.entries(state.rules)) check(`rules.${family}`, family, [rule.approved, rule.pending, rule.restore, rule.withdrawn ?? null]);
  for (const [family, build] of Object.entries(state.provisioning)) check(`provisioning.${family}`, family, [build]);
  return { ...state, dropped } as SavedServer;
}

/** What a server state file holds now. */
function serverState(store: ServerStore, identity: IdentityService) {
  return { format: serverStateFormat, version: 1, ...store.state(), tenant: identity.directory.current(), sessions: identity.sessions() };
}

/** Milliseconds the device list and sessions may wait to be written: phones report themselves again anyway. */
const runtimeDelayMs = 200;
/** The least time between two prompt writes (update results): a flood of reports cannot keep the disk busy. */
const promptSpacingMs = 50;

/**
 * Keeps `file` up to date: configuration changes (policies, builds, rules, test devices,
 * provisioning, users) are on disk before the admin API answers; a known phone's firmware or
 * update result once the frames that arrived together are handled (one write for a burst, at most
 * one per 50 ms); the
 * rest of the device list and sessions, which change with every status frame, at most every 200 ms.
 */
export function persistServer(
  file: string,
  sources: { readonly store: ServerStore; readonly identity: IdentityService },
  onError: (message: string) => void,
): { flush(): void; close(): void } {
  const { store, identity } = sources;
  let timer: NodeJS.Timeout | undefined;
  let lastText = '';
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const text = stateText(serverState(store, identity));
    if (text === lastText) return;
    try {
      writeFileAtomic(file, text);
      lastText = text;
    } catch (error) {
      // The server keeps serving; the next change tries again.
      onError(`could not write the state file ${file}: ${(error as Error).message}`);
    }
  };
  /** Cancels the prompt write waiting, if one is. */
  let soon: (() => void) | undefined;
  let lastPromptAt = -Infinity;
  const later = () => {
    timer ??= setTimeout(flush, runtimeDelayMs);
  };
  const promptWrite = () => {
    soon = undefined;
    lastPromptAt = performance.now();
    flush();
  };
  // Once the frames at hand are handled; under a flood of results, at most one write per promptSpacingMs.
  const promptly = () => {
    if (soon) return;
    const wait = lastPromptAt + promptSpacingMs - performance.now();
    if (wait > 0) {
      const timeout = setTimeout(promptWrite, wait);
      soon = () => clearTimeout(timeout);
    } else {
      const immediate = setImmediate(promptWrite);
      soon = () => clearImmediate(immediate);
    }
  };
  const onChange = (kind: 'config' | 'results' | 'devices') => (kind === 'config' ? flush() : kind === 'results' ? promptly() : later());
  store.events.on('change', onChange);
  identity.events.on('sessions', later);
  identity.events.on('tenant', flush);
  flush();
  return {
    flush,
    close: () => {
      soon?.();
      store.events.off('change', onChange);
      identity.events.off('sessions', later);
      identity.events.off('tenant', flush);
      flush();
    },
  };
}
