/**
 * Figures docs/reliability.md quotes (frames fuzzed, kills survived, phones converged),
 * printed only under `npm run reliability`, so `npm test` output stays clean.
 */
export function reportFigure(line: string): void {
  if (process.env['PHONE_EMU_RELIABILITY_REPORT']) console.log(`reliability: ${line}`);
}
