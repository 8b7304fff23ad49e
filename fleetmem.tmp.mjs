import { loadProjectData } from '/work/main/dist/src/profiles/load-data.js';
import { runFleet, latestTargets } from '/work/main/dist/src/fleet/fleet.js';
const data = loadProjectData('/work/main');
const mix = [{ profileId: 'polycom-vvx-601', percent: 100 }];
const base = process.memoryUsage.rss();
const n = Number(process.argv[2] ?? 10000);
const s = await runFleet({ data, serverUrl: 'ws://127.0.0.1:9920/', count: n, mix, targets: process.argv[3] ? latestTargets(data, mix) : null, startingFirmware: () => '5.8.0.13337' });
console.log(JSON.stringify({ n, baseMiB: (base/1048576).toFixed(0), peakMiB: (s.peakRssBytes/1048576).toFixed(0), perPhoneKiB: (s.peakRssBytes/n/1024).toFixed(1), deltaPerPhoneKiB: ((s.peakRssBytes-base)/n/1024).toFixed(1), wallMs: s.wallMs, converged: s.converged }));
process.exit(0);
