import { z } from 'zod';

/**
 * The tenant a mock server serves: its users (credentials, licences, extension and PIN
 * for PIN authentication) and its deployment. Tenant files (tenants/*.yaml) and
 * scenarios (`users:`, `deployment:`) share this shape.
 */

export const licenses = ['PhoneSystem', 'CallingPlan'] as const;
export type License = (typeof licenses)[number];

export const deploymentSchema = z.strictObject({
  /** Skype for Business Online or on-premises. */
  sfb: z.enum(['online', 'onprem']).default('online'),
  /** Exchange Online or on-premises: with MFA and the sign-in method it decides calendar and voicemail access. */
  exchange: z.enum(['online', 'onprem']).default('online'),
  /** Modern Authentication with multi-factor authentication. */
  mfa: z.boolean().default(false),
});
export type Deployment = z.infer<typeof deploymentSchema>;
export type SfbDeployment = Deployment['sfb'];

/** 911, 112 and 999 dial on every phone unless the tenant lists its own. */
export const defaultEmergencyNumbers: readonly string[] = ['911', '112', '999'];

export const defaultDeployment: Deployment = { sfb: 'online', exchange: 'online', mfa: false };

const digits = (what: string) => z.string().regex(/^\d{1,15}$/, `${what}: 1 to 15 digits, written in quotes ("4321")`);

export const tenantUserSchema = z.strictObject({
  /** The sign-in name, as Online users write it: amosm@contoso.com. */
  upn: z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'a UPN such as amosm@contoso.com'),
  password: z.string().min(1).max(128),
  /** Shown on the phone once signed in; defaults to the UPN. */
  displayName: z.string().min(1).max(64).optional(),
  licenses: z.array(z.enum(licenses)).default([]),
  /** For PIN authentication (on-premises): the extension and its PIN. Also what colleagues dial. */
  extension: digits('an extension').optional(),
  pin: digits('a PIN').optional(),
});
export type TenantUser = z.infer<typeof tenantUserSchema>;

export const tenantSchema = z
  .strictObject({
    deployment: deploymentSchema.default(defaultDeployment),
    users: z.array(tenantUserSchema).default([]),
    /** Numbers that always dial, even on a locked phone. */
    emergencyNumbers: z.array(z.string().regex(/^\d{2,6}$/, 'digits such as "911"')).min(1).default([...defaultEmergencyNumbers]),
  })
  .superRefine((tenant, context) => {
    const seen = new Map<string, number>();
    tenant.users.forEach((user, index) => {
      const key = user.upn.toLowerCase();
      if (seen.has(key)) context.addIssue({ code: 'custom', path: ['users', index, 'upn'], message: `"${user.upn}" is listed twice` });
      seen.set(key, index);
    });
    const extensions = new Set<string>();
    tenant.users.forEach((user, index) => {
      if (user.extension === undefined) return;
      if (extensions.has(user.extension)) {
        context.addIssue({ code: 'custom', path: ['users', index, 'extension'], message: `"${user.extension}" belongs to another user` });
      }
      if (tenant.emergencyNumbers.includes(user.extension)) {
        context.addIssue({ code: 'custom', path: ['users', index, 'extension'], message: `"${user.extension}" is an emergency number` });
      }
      extensions.add(user.extension);
    });
  });
export type Tenant = z.infer<typeof tenantSchema>;
