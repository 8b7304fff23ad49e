/** The report formats of `phone-emu run`, alone so the CLI can list them without loading the reporters. */
export const reporterNames = ['human', 'junit', 'tap', 'json'] as const;
export type ReporterName = (typeof reporterNames)[number];
