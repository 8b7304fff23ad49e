/**
 * The keypress bench in a process of its own, set up as `phone-emu` sets itself up
 * (src/cli/main.ts: React's production build unless NODE_ENV says otherwise), so that it
 * measures what a user's terminal gets. Prints its figures as one JSON line.
 */
process.env['NODE_ENV'] ??= 'production';
const { keypressThroughInk } = await import('./keypress-bench.js');
// ink-defaults: Ink's own render options (30 fps), for the before-and-after pair.
const renderOptions = process.argv[3] === 'ink-defaults' ? { exitOnCtrlC: true } : undefined;
console.log(JSON.stringify(await keypressThroughInk(Number(process.argv[2] ?? 200), renderOptions)));
process.exit(0);
