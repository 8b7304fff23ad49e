import { z } from 'zod';
import { vendors } from './device-profile.js';
import { versionSchemeNames } from './version.js';

/**
 * The schema of a firmware family (`firmware-catalog/<family>.yaml`): the certified
 * builds one vendor ships for a set of models. `firmware-catalog/_example.yaml`
 * documents each field.
 */

export const firmwareBuildSchema = z.strictObject({
  version: z.string().min(1),
  /** ISO date, YYYY-MM-DD. */
  released: z.iso.date(),
  /** The size of the real image: drives how long the download takes in virtual time. */
  sizeBytes: z.int().positive(),
  /** Hex sha256 of the image the server serves; phones refuse a download that does not match. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits'),
  certified: z.boolean(),
  /** Whether the update service offers it from the start; false: it waits for `phone-emu firmware publish`. */
  published: z.boolean().default(true),
  /** Profile ids this build runs on; omitted: every model of the family. */
  models: z.array(z.string()).min(1).optional(),
  notes: z.string().default(''),
  /** Other spellings of this build, as Microsoft's phone lists write its release (Polycom `5.4.0A`): accepted wherever a version is. */
  aliases: z.array(z.string().min(1)).default([]),
});

export const firmwareFamilySchema = z.strictObject({
  family: z.string().regex(/^[a-z0-9-]+$/),
  vendor: z.enum(vendors),
  versionScheme: z.enum(versionSchemeNames),
  /** The lowest version Skype for Business Online accepts. */
  onlineMinimum: z.string().min(1),
  builds: z.array(firmwareBuildSchema).min(1),
});

export type FirmwareBuild = z.infer<typeof firmwareBuildSchema>;
export type FirmwareFamily = z.infer<typeof firmwareFamilySchema>;
