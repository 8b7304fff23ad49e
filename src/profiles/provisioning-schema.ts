import { z } from 'zod';
import { locales } from '../core/messages/index.js';

/**
 * The `provisioning:` field of a device profile (`devices/<vendor>/_vendor.yaml` and the model
 * files): which files the vendor's phones fetch from a third-party provisioning server, and which
 * of their parameters the emulator models. Kept beside the device profile, not inside its schema,
 * so the phone's chart does not depend on it; src/provisioning reads it.
 */

/** The emulator's settings a provisioning parameter can set. */
export const modelledSettings = ['updatePopUp', 'locale', 'line1DisplayName', 'line1Label', 'phoneLockEnabled', 'firmwareUrl'] as const;
export type ModelledSetting = (typeof modelledSettings)[number];

/** The kind of value each setting holds. */
export const settingKinds: Readonly<Record<ModelledSetting, 'boolean' | 'locale' | 'text' | 'url'>> = {
  updatePopUp: 'boolean',
  locale: 'locale',
  line1DisplayName: 'text',
  line1Label: 'text',
  phoneLockEnabled: 'boolean',
  firmwareUrl: 'url',
};

export const provisioningFormats = ['polycom-ucs', 'yealink', 'audiocodes', 'none'] as const;
export type ProvisioningFormat = (typeof provisioningFormats)[number];

const parameterMappingSchema = z.strictObject({
  /** The emulator's setting this parameter sets. */
  setting: z.enum(modelledSettings),
  /** The vendor's values and what each means: a locale id for `locale`, true/false for booleans ("1"/"0" when left out). */
  values: z.record(z.string().min(1), z.union([z.string(), z.boolean()])).optional(),
});
export type ParameterMapping = z.infer<typeof parameterMappingSchema>;

export const provisioningSchema = z
  .strictObject({
    /** The file format and fetch order; `none` for phones that read no third-party files (LPE). */
    format: z.enum(provisioningFormats),
    /** What a `none` phone says when it is given a provisioning server. */
    notSupported: z.string().min(1).optional(),
    /**
     * Who wins when a provisioning file and the in-band service set the same thing:
     * `provisioningFile` (Polycom: centralized-provisioning parameters override server settings) or `inBand`.
     */
    precedence: z.enum(['provisioningFile', 'inBand']),
    /** Yealink: the model's code XX in its common file y0000000000XX.cfg. */
    commonFileCode: z.string().regex(/^\d{2}$/, 'two digits, e.g. "28"').optional(),
    /** Polycom: the model names of model-specific master-file attributes (APP_FILE_PATH_<name>, CONFIG_FILES_<name>). */
    modelNames: z.array(z.string().regex(/^[A-Za-z0-9]+$/, 'letters and digits, e.g. "VVX401"')).optional(),
    /** A file whose MD5 has not changed since the last boot is not applied again (Yealink). */
    skipUnchangedFiles: z.boolean().default(false),
    /** The vendor parameters the emulator models, by their exact name. Every other parameter is ignored. */
    parameters: z.record(z.string().min(1), parameterMappingSchema).default({}),
  })
  .superRefine((value, context) => {
    if (value.format === 'yealink' && value.commonFileCode === undefined) {
      context.addIssue({ code: 'custom', path: ['commonFileCode'], message: 'a Yealink model needs its common file code (y0000000000XX.cfg)' });
    }
    if (value.format === 'none' && value.notSupported === undefined) {
      context.addIssue({ code: 'custom', path: ['notSupported'], message: 'a phone without third-party provisioning says why (notSupported)' });
    }
    for (const [name, mapping] of Object.entries(value.parameters)) {
      const kind = settingKinds[mapping.setting];
      for (const [vendorValue, meaning] of Object.entries(mapping.values ?? {})) {
        const path = ['parameters', name, 'values', vendorValue];
        if (kind === 'locale' && !(locales as readonly unknown[]).includes(meaning)) {
          context.addIssue({ code: 'custom', path, message: `"${String(meaning)}" is not a locale of the emulator (${locales.join(', ')})` });
        } else if (kind === 'boolean' && typeof meaning !== 'boolean') {
          context.addIssue({ code: 'custom', path, message: 'a boolean setting maps each value to true or false' });
        } else if ((kind === 'text' || kind === 'url') && mapping.values !== undefined) {
          context.addIssue({ code: 'custom', path, message: `${mapping.setting} takes the value as written: leave out values` });
          break;
        }
      }
      if (kind === 'locale' && mapping.values === undefined) {
        context.addIssue({ code: 'custom', path: ['parameters', name, 'values'], message: 'a language parameter lists the vendor values it maps to locales' });
      }
    }
  });
export type DeviceProvisioning = z.infer<typeof provisioningSchema>;

/** What a template (`_vendor.yaml`) may hold: the same fields, none required yet. */
export const provisioningTemplateSchema = z.record(z.string(), z.unknown());
