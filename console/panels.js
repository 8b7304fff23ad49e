import { api } from './api.js';
import { el, shown } from './dom.js';
import { t } from './i18n.js';

// The admin API's settings as forms: policies with their ranges and refusals, builds, test
// devices, the provisioning stand-in and download faults. Refusals are the server's own words.

/** A message line under a control: the server's answer, or its refusal. */
function note() {
  const node = el('span', { class: 'message', role: 'status', 'aria-live': 'polite' });
  return {
    node,
    ok: (text) => { node.className = 'field-ok'; node.textContent = shown(text); },
    fail: (text) => { node.className = 'field-error'; node.setAttribute('role', 'alert'); node.textContent = shown(text); },
  };
}

async function attempt(message, work) {
  try {
    const answer = await work();
    message.ok(answer?.message ?? t('saved'));
    return answer;
  } catch (error) {
    message.fail(error.message);
    return undefined;
  }
}

export async function policiesPanel(root) {
  const policies = await api('GET', 'policies');
  const rows = policies.map((policy) => {
    const id = `policy-${policy.name}`;
    const input = policy.type === 'boolean' || policy.type === 'enum'
      ? el('select', { id, name: policy.name }, (policy.type === 'boolean' ? ['True', 'False'] : enumValues(policy.allowed)).map((value) => el('option', { value, selected: value.toLowerCase() === policy.value.toLowerCase(), text: value })))
      : el('input', { id, name: policy.name, value: policy.value, size: 10 });
    if (input.tagName === 'SELECT' && ![...input.options].some((option) => option.selected)) input.append(el('option', { value: policy.value, selected: true, text: policy.value }));
    const message = note();
    const save = async () => {
      const answer = await attempt(message, () => api('PUT', `policies/${encodeURIComponent(policy.name)}`, { value: input.value }));
      if (answer) message.ok(`${t('saved')}: ${answer.value}`);
    };
    input.addEventListener('keydown', (event) => { if (event.key === 'Enter') void save(); });
    return el('tr', { class: 'policy', 'data-policy': policy.name, title: policy.description },
      el('td', {}, el('label', { for: id, text: policy.name })),
      el('td', {}, el('div', { class: 'row' }, input, el('button', { type: 'button', onclick: save, text: t('save') })), message.node),
      el('td', { class: 'muted', text: policy.allowed }));
  });
  root.replaceChildren(el('div', { class: 'table-wrap' }, el('table', {},
    el('thead', {}, el('tr', {}, el('th', { text: 'Policy' }), el('th', { text: t('value') }), el('th', { text: t('allowed') }))),
    el('tbody', {}, rows))));
}

/** An enum's allowed values, "Off, On, ...", as the words. */
const enumValues = (allowed) => allowed.split(/,\s*/).map((word) => word.trim()).filter(Boolean);

export async function firmwarePanel(root) {
  const [families, server] = await Promise.all([api('GET', 'firmware'), api('GET', 'server')]);
  const onprem = server.deployment === 'onprem';
  const message = note();
  const act = (path, body) => async () => {
    await attempt(message, () => api(path === 'provisioning' ? 'PUT' : 'POST', path, body()));
    await firmwarePanel(root);
  };
  const blocks = families.map((family) => {
    const builds = family.builds.map((build) => build.version);
    const pick = el('select', { 'aria-label': `${family.family} ${t('build')}`, 'data-family': family.family },
      builds.map((version) => el('option', { value: version, text: version })));
    pick.value = builds.at(-1) ?? '';
    const ref = () => ({ family: family.family });
    const rule = family.rule;
    return el('div', { class: 'family', 'data-family': family.family },
      el('h3', { class: 'mono', text: family.family }),
      el('div', { class: 'muted' },
        `${t('published')}: ${family.published.join(', ') || '-'}`,
        rule ? ` · ${t('approved')}: ${rule.approved ?? '-'} · ${t('pending')}: ${rule.pending ?? '-'}` : '',
        family.provisioning ? ` · ${t('provisioning')}: ${family.provisioning}` : ''),
      el('div', { class: 'row' }, pick,
        el('button', { type: 'button', onclick: act('firmware/publish', () => ({ ...ref(), version: pick.value })), text: t('publish') }),
        onprem ? el('button', { type: 'button', class: 'secondary', onclick: act('firmware/approve', ref), text: t('approve') }) : null,
        onprem ? el('button', { type: 'button', class: 'secondary', onclick: act('firmware/reset', ref), text: t('reset') }) : null,
        onprem ? el('button', { type: 'button', class: 'secondary', onclick: act('firmware/restore', ref), text: t('restore') }) : null),
      el('div', { class: 'row' }, el('span', { class: 'muted', text: t('provisioning') }),
        el('button', { type: 'button', class: 'secondary', onclick: act('provisioning', () => ({ ...ref(), version: pick.value })), text: t('push') }),
        el('button', { type: 'button', class: 'secondary', onclick: act('provisioning', () => ({ ...ref(), version: null })), text: t('stop') })));
  });
  root.replaceChildren(el('p', { class: 'muted', text: `${server.deployment}` }), ...blocks, message.node);
}

export async function toolsPanel(root) {
  const [testDevices, server] = await Promise.all([api('GET', 'test-devices'), api('GET', 'server')]);
  const type = el('select', { 'aria-label': 'type' }, el('option', { value: 'MACAddress', text: 'MACAddress' }), el('option', { value: 'SerialNumber', text: 'SerialNumber' }));
  const identifier = el('input', { 'aria-label': t('identifier'), placeholder: t('identifier'), size: 18 });
  const name = el('input', { 'aria-label': t('name'), placeholder: t('name'), size: 10 });
  const added = note();
  const add = async () => {
    const body = { type: type.value, identifier: identifier.value, ...(name.value ? { name: name.value } : {}) };
    if (await attempt(added, () => api('POST', 'test-devices', body))) await toolsPanel(root);
  };
  const fault = el('select', { id: 'fault', 'aria-label': t('faults') }, ['none', 'cut', 'corrupt', 'unbootable'].map((value) => el('option', { value, selected: value === server.downloadFault, text: value })));
  const faulted = note();
  const applyFault = () => attempt(faulted, () => api('PUT', 'faults', { download: fault.value }));
  root.replaceChildren(
    el('ul', {}, testDevices.map((device) => el('li', {}, el('span', { class: 'mono', text: device.identifier }), ` ${device.type} · ${device.name}`))),
    el('div', { class: 'row' }, type, identifier, name, el('button', { type: 'button', onclick: add, text: t('add') })), added.node,
    el('div', { class: 'row' }, el('label', { for: 'fault', text: t('faults') }), fault, el('button', { type: 'button', onclick: applyFault, text: t('apply') })), faulted.node);
}
