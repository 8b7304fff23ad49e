import { describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli.js';

describe('--provisioning on phone, start and fleet', () => {
  it('refuses a provisioning server that is not an http(s) URL, before anything starts', () => {
    for (const command of [['fleet', '--count', '1'], ['phone', '--device', 'yealink-t46g', '--server', 'ws://127.0.0.1:8080'], ['start']]) {
      const result = run(...command, '--provisioning', 'tftp://10.0.0.5/');
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/^phone-emu: --provisioning: "tftp:\/\/10\.0\.0\.5\/" uses tftp:\/\/; give a http:\/\/ URL/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('runs a fleet whose phones read a provisioning server that is down: they boot and connect all the same', () => {
    const result = run('fleet', '--count', '2', '--devices', 'yealink-t46g', '--provisioning', 'http://127.0.0.1:9/', '--json');
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1)!)).toMatchObject({ phones: 2, connected: 2 });
  });

  it('lists the options in --help', () => {
    for (const command of ['phone', 'start', 'fleet']) expect(run(command, '--help').stdout).toMatch(/--provisioning <url>[\s\S]*--provisioning-insecure/);
  });
});
