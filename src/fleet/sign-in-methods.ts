/**
 * The sign-in methods a fleet can drive alone: no PC to pair or cable. Its own module, so
 * `phone-emu fleet --help` lists them without loading the fleet.
 */
export const fleetSignInMethods = ['userId', 'pin', 'web'] as const;
export type FleetSignInMethod = (typeof fleetSignInMethods)[number];
