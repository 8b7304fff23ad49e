import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultPolicy,
  formatPolicyValue,
  formatTimeSpan,
  parsePolicyValue,
  parseTimeSpan,
  policyDefinition,
  policyNames,
} from '../../src/core/policies.js';

const ipp = 'Set-CsIPPhonePolicy';
const ucp = 'Set-CsUCPhoneConfiguration';
const client = 'Set-CsClientPolicy';

/**
 * domain-facts.md sections 1.2, 2 and 6, written out again by hand: name, cmdlet, default as
 * the cmdlet prints it, whether it applies Online, values it must take, values it must refuse.
 */
const table: [name: string, cmdlet: string, shown: string, online: boolean, accepts: unknown[], refuses: unknown[]][] = [
  ['UserDialTimeoutMS', ipp, '5000', true, ['10000', 0], ['-1', 'soon', 1.5]],
  ['KeyboardLockMaxPinRetry', ipp, '5', true, ['6', 1], ['-1', 'five']],
  ['PrioritizedCodecsList', ipp, 'G722_8000;PCMU;PCMA;G729', true, ['PCMU;G722_8000', 'G729'], ['PCMU;;G729', 'PCMU G729', 42]],
  ['EnablePowerSaveMode', ipp, 'True', true, ['false', '$true', false], ['maybe', 1]],
  ['PowerSaveDuringOfficeHoursTimeoutMS', ipp, '900000', true, ['60000'], ['-5']],
  ['PowerSavePostOfficeHoursTimeoutMS', ipp, '300000', true, ['0'], ['x']],
  ['EnableOneTouchVoicemail', ipp, 'True', true, ['False'], ['no']],
  ['DateTimeFormat', ipp, '24', true, ['12', 24], ['13', '0', 'AM']],
  ['EnableDeviceUpdate', ipp, 'True', true, ['false', 'TRUE', true], ['off', '']],
  ['EnableExchangeCalendaring', ipp, 'True', true, ['false'], ['0']],
  ['EnableBetterTogetherOverEthernet', ipp, 'True', true, ['false'], ['disabled']],
  ['BetterTogetherOverEthernetPairingMode', ipp, 'Auto', true, ['Manual', 'manual', 'Auto'], ['Automatic', '']],
  ['LocalProvisioningServerAddress', ipp, '', true, ['prov.contoso.com', ''], [5]],
  ['LocalProvisioningServerUser', ipp, '', true, ['admin'], [true]],
  ['LocalProvisioningServerPassword', ipp, '', true, ['Pa55w.rd'], [null]],
  ['LocalProvisioningServerType', ipp, 'FTP', true, ['HTTPS', 'tftp'], ['SMB']],
  ['CalendarPollInterval', ucp, '00:03:00', false, ['01:00:00', '00:00:30'], ['01:00:01', '00:00:00', '3m', 180]],
  ['EnforcePhoneLock', ucp, 'True', true, ['false'], ['locked']],
  ['PhoneLockTimeout', ucp, '00:10:00', true, ['00:59:59', '00:01:00'], ['01:00:00', '00:00:00', '10:00', '00:60:00']],
  ['MinPhonePinLength', ucp, '6', true, ['4', '15', 10], ['3', '16', '0']],
  ['SIPSecurityMode', ucp, 'High', false, ['Low', 'medium'], ['None']],
  ['VoiceDiffServTag', ucp, '40', false, ['0', '63'], ['64', '-1']],
  ['Voice8021p', ucp, '0', false, ['7'], ['8']],
  ['LoggingLevel', ucp, 'Off', true, ['High', 'low'], ['Verbose']],
  ['DisableHandsetOnLockedMachine', client, 'True', true, ['False', '$true'], ['emergency', 0]],
];

describe('the policy table (domain-facts.md 1, 2 and 6)', () => {
  it('holds exactly the documented policies', () => {
    expect([...policyNames].sort()).toEqual(table.map(([name]) => name).sort());
  });

  describe.each(table)('%s', (name, cmdlet, shown, online, accepts, refuses) => {
    const definition = policyDefinition(name)!;

    it(`belongs to ${cmdlet}, defaults to "${shown}", ${online ? 'applies' : 'does not apply'} Online`, () => {
      expect(definition.cmdlet).toBe(cmdlet);
      expect(definition.online).toBe(online);
      expect(formatPolicyValue(definition, defaultPolicy[name as keyof typeof defaultPolicy])).toBe(shown);
      expect(definition.description.length).toBeGreaterThan(10);
    });

    it.each(accepts)('takes %j', (value) => {
      expect(parsePolicyValue(definition, value)).toMatchObject({ ok: true });
    });

    it.each(refuses)('refuses %j, naming the policy and what it allows', (value) => {
      const parsed = parsePolicyValue(definition, value);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(new RegExp(`^${name}: .* is not allowed; use .+`));
    });
  });

  it('quotes the allowed range in a refusal', () => {
    expect(parsePolicyValue(policyDefinition('MinPhonePinLength')!, '3')).toEqual({
      ok: false,
      message: 'MinPhonePinLength: "3" is not allowed; use a whole number from 4 to 15',
    });
    expect(parsePolicyValue(policyDefinition('PhoneLockTimeout')!, '01:00:00')).toMatchObject({
      message: expect.stringContaining('a time span hh:mm:ss from 00:00:01 to 00:59:59'),
    });
  });

  it('finds names case-insensitively, as PowerShell does, and keeps values typed', () => {
    expect(policyDefinition('enabledeviceupdate')?.name).toBe('EnableDeviceUpdate');
    expect(policyDefinition('NoSuchPolicy')).toBeUndefined();
    expect(parsePolicyValue(policyDefinition('PhoneLockTimeout')!, '00:05:00')).toEqual({ ok: true, value: 300_000 });
    expect(parsePolicyValue(policyDefinition('EnableDeviceUpdate')!, '$false')).toEqual({ ok: true, value: false });
  });

  it('reads back every hh:mm:ss it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 * 3600 + 3599 }), (seconds) => {
        expect(parseTimeSpan(formatTimeSpan(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
    expect(parseTimeSpan('1:2:3')).toBeUndefined();
    expect(parseTimeSpan('00:00:60')).toBeUndefined();
  });
});
