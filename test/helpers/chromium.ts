/**
 * Debian's Chromium, as the browser tests launch it: scripts/ensure-chromium.sh (run before
 * npm test) installs it. The flags keep it off the network this machine does not have.
 */
export const chromiumPath = process.env.PHONE_EMU_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
