import { z } from 'zod';
import { compareVersions, parseVersion, type VersionSchemeName } from '../core/version.js';
import { printable } from './printable.js';
import { printTable } from './table.js';

/**
 * The listings the CLI prints (README: Machine-readable listings): one schema per listing,
 * which is both the `--json` document and what the table's columns read, so the two cannot
 * disagree. Keys are camelCase, values typed; a field the server may lack is `null`, never left out.
 */

const text = z.string();
const version = z.string();
const policyValue = z.union([z.boolean(), z.number(), z.string()]);

export const listingSchemas = {
  /** `phone-emu devices`: the device profiles. */
  devices: z.strictObject({
    devices: z.array(
      z.strictObject({
        id: text,
        manufacturer: text,
        model: text,
        vendor: text,
        firmwareFamily: text,
        /** The newest certified build for this model; null when it has none. */
        newestFirmware: version.nullable(),
        signIn: z.strictObject({ online: z.array(text), onprem: z.array(text) }),
      }),
    ),
  }),
  /** `phone-emu devices --server URL`: the phones a running server knows. */
  phones: z.strictObject({
    phones: z.array(
      z.strictObject({
        model: text,
        mac: text,
        serial: text,
        firmware: version,
        connected: z.boolean(),
        user: text.nullable(),
        /** What its update region is doing, or `offline`. */
        state: text,
        testDevice: z.boolean(),
        warnings: z.array(text),
        installed: z.array(version),
        lastResult: z
          .strictObject({ version, outcome: z.enum(['installed', 'failed']), previous: version.nullable(), reason: text.nullable() })
          .nullable(),
      }),
    ),
  }),
  /** `phone-emu policy get [NAME]`: every policy, or the one named (an array of one). */
  policies: z.strictObject({
    policies: z.array(
      z.strictObject({
        name: text,
        cmdlet: text,
        type: z.enum(['boolean', 'integer', 'timespan', 'enum', 'text']),
        /** A boolean, a number, or text: a time span as `hh:mm:ss`. */
        value: policyValue,
        default: policyValue,
        allowed: text,
        online: z.boolean(),
        description: text,
      }),
    ),
  }),
  /** `phone-emu firmware list`: every build of every family (or one), oldest first by the vendor's scheme. */
  builds: z.strictObject({
    builds: z.array(
      z.strictObject({
        family: text,
        version,
        released: text,
        certified: z.boolean(),
        published: z.boolean(),
        approved: z.boolean(),
        pending: z.boolean(),
        restorePoint: z.boolean(),
        provisioning: z.boolean(),
        sizeBytes: z.number().int().nonnegative(),
      }),
    ),
  }),
  /** `phone-emu test-device list`. */
  testDevices: z.strictObject({
    testDevices: z.array(z.strictObject({ name: text, type: z.enum(['MACAddress', 'SerialNumber']), identifier: text })),
  }),
  /** `phone-emu chart --list [DEVICE]`: the regions `chart --region` draws, and the build it draws by default. */
  charts: z.strictObject({
    charts: z.array(z.strictObject({ device: text, firmware: version, regions: z.array(text) })),
  }),
} as const;

type Schemas = typeof listingSchemas;
export type ListingName = keyof Schemas;
/** One row of a listing, as its `--json` document holds it. */
export type ListingRow<Name extends ListingName> = { [N in ListingName]: z.infer<Schemas[N]> extends Record<N, readonly (infer Row)[]> ? Row : never }[Name];

type Column<Row> = readonly [title: string, cell: (row: Row) => string];

const yesNo = (value: boolean) => (value ? 'yes' : 'no');
/** A typed policy value as the cmdlets print it: True/False, numbers and text as they are. */
const cmdletText = (value: boolean | number | string) => (typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value));

/** The table of each listing: its columns, each read from the row the JSON holds. */
const columns: { readonly [Name in ListingName]: readonly Column<ListingRow<Name>>[] } = {
  devices: [
    ['ID', (row) => row.id],
    ['MODEL', (row) => `${row.manufacturer} ${row.model}`],
    ['VENDOR', (row) => row.vendor],
    ['FIRMWARE FAMILY', (row) => `${row.firmwareFamily} (newest ${row.newestFirmware ?? '-'})`],
    ['SIGN-IN ONLINE', (row) => row.signIn.online.join(',')],
    ['SIGN-IN ON-PREM', (row) => row.signIn.onprem.join(',')],
  ],
  phones: [
    ['MODEL', (row) => row.model + (row.testDevice ? ' (test)' : '')],
    ['MAC', (row) => row.mac],
    ['FIRMWARE', (row) => row.firmware],
    ['USER', (row) => row.user ?? '-'],
    ['STATE', (row) => (row.lastResult?.outcome === 'failed' ? `${row.state}; last update failed: ${row.lastResult.reason ?? ''}` : row.state)],
    ['WARNINGS', (row) => row.warnings.join(' | ') || '-'],
  ],
  policies: [
    ['NAME', (row) => row.name],
    ['VALUE', (row) => cmdletText(row.value)],
    ['DEFAULT', (row) => cmdletText(row.default)],
    ['CMDLET', (row) => row.cmdlet],
    ['ONLINE', (row) => yesNo(row.online)],
  ],
  builds: [
    ['FAMILY', (row) => row.family],
    ['VERSION', (row) => row.version],
    ['RELEASED', (row) => row.released],
    [
      'STATE',
      (row) =>
        [
          row.certified ? 'certified' : 'not certified',
          row.published ? 'published' : '',
          row.approved ? 'APPROVED' : '',
          row.pending ? 'PENDING' : '',
          row.restorePoint ? 'restore point' : '',
          row.provisioning ? 'pushed by provisioning' : '',
        ]
          .filter(Boolean)
          .join(', '),
    ],
  ],
  testDevices: [
    ['NAME', (row) => row.name],
    ['TYPE', (row) => row.type],
    ['IDENTIFIER', (row) => row.identifier],
  ],
  charts: [
    ['DEVICE', (row) => row.device],
    ['FIRMWARE', (row) => row.firmware],
    ['REGIONS', (row) => row.regions.join(', ')],
  ],
};

/** One policy in detail (`policy get NAME`): a field per line, from the same row. */
const policyDetail: readonly Column<ListingRow<'policies'>>[] = [
  ['Name', (row) => row.name],
  ['Value', (row) => cmdletText(row.value)],
  ['Default', (row) => cmdletText(row.default)],
  ['Allowed', (row) => row.allowed],
  ['Cmdlet', (row) => row.cmdlet],
  ['Online', (row) => (row.online ? 'yes' : 'no (on-premises only)')],
  ['Description', (row) => row.description],
];

export interface PrintOptions {
  /** One JSON document on stdout instead of the table. */
  readonly json?: boolean | undefined;
  /** What the table prints instead of an empty one. */
  readonly empty?: string;
  /** One row as FIELD/VALUE lines (policy get NAME). */
  readonly detail?: boolean;
}

/** Prints a listing: its table (cells made safe for the terminal), or with `json` its one JSON document. */
export function printListing<Name extends ListingName>(name: Name, rows: readonly ListingRow<Name>[], options: PrintOptions = {}): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ [name]: rows }, null, 2)}\n`);
    return;
  }
  if (rows.length === 0 && options.empty !== undefined) return console.log(options.empty);
  if (options.detail && name === 'policies') {
    const [row] = rows as readonly ListingRow<'policies'>[];
    if (row) printTable(['FIELD', 'VALUE'], policyDetail.map(([title, cell]) => [title, printable(cell(row))]));
    return;
  }
  const listed = columns[name] as readonly Column<ListingRow<Name>>[];
  printTable(
    listed.map(([title]) => title),
    rows.map((row) => listed.map(([, cell]) => printable(cell(row)))),
  );
}

/**
 * Oldest first by `scheme`; a version the scheme cannot read goes after the ones it can,
 * in text order (a server with data this CLI does not have), so sorting never throws.
 */
export function compareListedVersions(scheme: VersionSchemeName | undefined, a: string, b: string): number {
  const readable = (value: string) => scheme !== undefined && typeof parseVersion(scheme, value) !== 'string';
  const [left, right] = [readable(a), readable(b)];
  if (left && right) return compareVersions(scheme!, a, b);
  if (left !== right) return left ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
