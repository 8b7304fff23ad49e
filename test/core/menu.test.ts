import { describe, expect, it } from 'vitest';
import { atFloor, closeItem, enterAt, menuRoot, openItem } from '../../src/core/menu.js';
import { profile } from '../helpers/data.js';

describe('a menu entered at a node', () => {
  const polycom = profile('polycom-vvx-601').menu;

  it('leaves the menu on Back at the depth it was entered, not at the root', () => {
    const status = enterAt(['settings', 'status']);
    expect(atFloor(status)).toBe(true);
    const platform = openItem(polycom, status);
    expect(platform).toMatchObject({ path: ['settings', 'status', 'platform'], floor: 2 });
    expect(atFloor(platform)).toBe(false);
    expect(closeItem(polycom, platform)).toEqual({ path: ['settings', 'status'], cursor: 0, floor: 2 });
  });

  it('leaves from the root when opened from the root', () => {
    expect(atFloor(menuRoot)).toBe(true);
    expect(atFloor(openItem(polycom, menuRoot))).toBe(false);
  });
});
