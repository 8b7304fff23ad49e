import { describe, expect, it } from 'vitest';
import type { KeyName } from '../../src/core/device-profile.js';
import { locales } from '../../src/core/messages/index.js';
import { bootedPhone, buildsOf, eventsToFirmware } from '../helpers/booted-phone.js';
import { projectData, profile } from '../helpers/data.js';

const key = (k: KeyName) => ({ type: 'key.press', key: k }) as const;

describe('every model shows the build it runs along its vendor path, in both locales', () => {
  for (const model of projectData().profiles.values()) {
    for (const locale of locales) {
      it(`${model.id} in ${locale}`, () => {
        const running = buildsOf(model).at(-2)!;
        const phone = bootedPhone(model, { firmware: running, locale });
        for (const event of eventsToFirmware(model)) phone.actor.send(event);
        expect(phone.screen()).toContain(running);
        expect(phone.actor.getSnapshot().context.menu.path).toEqual(model.firmwarePath);
      });
    }
  }
});

describe('Polycom VVX: Settings > Status > Platform > Application > Main', () => {
  it('reads Paramètres > Statut > Plate-forme > Application > Principal in French', () => {
    const phone = bootedPhone(profile('polycom-vvx-401'), { firmware: '5.6.0.17325', locale: 'fr-FR' });
    phone.actor.send(key('Home'));
    expect(phone.screen()).toMatch(/^Accueil\n1\. Paramètres/);
    for (const k of ['1', '3', '1', '2', '1'] as const) phone.actor.send(key(k));
    expect(phone.screen()).toMatch(/^Principal\nVersion : 5\.6\.0\.17325/);
  });
});

describe('Yealink: Status on the main screen', () => {
  const t48g = profile('yealink-t48g');

  it('offers Status and Menu as idle softkeys; Status shows the firmware, Back returns to idle', () => {
    const phone = bootedPhone(t48g, { firmware: '35.9.0.31' });
    expect(phone.screen()).toMatch(/Status +Menu +Sign In$/);
    phone.actor.send({ type: 'softkey.press', id: 'open.status' });
    expect(phone.screen()).toMatch(/^Status\nModel: SIP-T48G\nFirmware: 35\.9\.0\.31/);
    phone.actor.send(key('Back'));
    expect(phone.actor.getSnapshot().matches({ running: { ui: 'idle' } })).toBe(true);
  });

  it('also lists Status first under Menu, where Back goes up to the menu', () => {
    const phone = bootedPhone(t48g, { firmware: '35.9.0.31' });
    phone.actor.send(key('Menu')); // no Menu key on a Yealink: nothing happens
    expect(phone.actor.getSnapshot().matches({ running: { ui: 'idle' } })).toBe(true);
    phone.actor.send({ type: 'softkey.press', id: 'open.menu' });
    expect(phone.screen()).toMatch(/^Home\n1\. Status\n2\. Features/);
    phone.actor.send(key('1'));
    expect(phone.screen()).toContain('Firmware: 35.9.0.31');
    phone.actor.send(key('Back'));
    expect(phone.screen()).toMatch(/^Home\n1\. Status/);
  });

  it('labels them Statut and Menu in French', () => {
    const phone = bootedPhone(profile('yealink-t46g'), { locale: 'fr-FR' });
    expect(phone.screen()).toMatch(/Statut +Menu +Connexion$/);
    phone.actor.send({ type: 'softkey.press', id: 'open.status' });
    expect(phone.screen()).toMatch(/^Statut\nModèle : SIP-T46G\nMicroprogramme : 28\./);
  });
});

describe('AudioCodes: Menu > Device Status > Firmware version', () => {
  it('opens its tree with the Menu key and shows the UC_ version', () => {
    const phone = bootedPhone(profile('audiocodes-450hd'), { firmware: 'UC_3.1.0.61' });
    expect(phone.screen()).not.toMatch(/Status|SwUpdate/); // no idle softkeys
    phone.actor.send(key('Menu'));
    expect(phone.screen()).toMatch(/^Home\n1\. Settings\n2\. Device Status\n3\. Administration/);
    phone.actor.send(key('2'));
    expect(phone.screen()).toMatch(/^Device Status\n1\. Network Status\n2\. Firmware version/);
    phone.actor.send(key('2'));
    expect(phone.screen()).toMatch(/^Firmware version\nVersion: UC_3\.1\.0\.61/);
  });

  it("reads Statut de l'appareil > Version du microprogramme in French", () => {
    const phone = bootedPhone(profile('audiocodes-440hd'), { locale: 'fr-FR' });
    for (const k of ['Menu', '2', '2'] as const) phone.actor.send(key(k));
    expect(phone.screen()).toMatch(/^Version du microprogramme\nVersion : UC_3\./);
  });
});

describe('LPE: Menu > System Information', () => {
  it('shows the 4.0.7577 build on every LPE model', () => {
    for (const id of ['lpe-cx600', 'lpe-6725ip', 'lpe-hp-4120']) {
      const phone = bootedPhone(profile(id), { firmware: '4.0.7577.4487' });
      phone.actor.send(key('Menu'));
      expect(phone.screen()).toMatch(/2\. System Information/);
      phone.actor.send(key('2'));
      expect(phone.screen()).toMatch(/^System Information\nModel: .+\nFirmware: 4\.0\.7577\.4487/);
    }
  });

  it('reads Informations système in French', () => {
    const phone = bootedPhone(profile('lpe-cx600'), { locale: 'fr-FR' });
    for (const k of ['Menu', '2'] as const) phone.actor.send(key(k));
    expect(phone.screen()).toMatch(/^Informations système\nModèle : CX600\nMicroprogramme : 4\.0\.7577\./);
  });
});
