// Renders a form from a JSON Schema object: text, number, boolean, choice, URL, key/value maps and secrets.
// Secret (writeOnly) inputs start empty; a stored secret shows as "set" and is only replaced when typed over.
import { h, icon, uid } from './dom.js';

/**
 * Builds the fields of `schema`. `values` fills them in; `secretsSet` names secrets that are stored.
 * With `clearWithNull`, an emptied field that had a value reads as null (PATCH semantics: null removes).
 */
export function createSchemaForm(schema, { values = {}, secretsSet = [], clearWithNull = false } = {}) {
  const properties = schema.properties || {};
  const required = new Set(schema.required || []);
  const fields = new Map();
  const element = h('div', { class: 'schema-form' });
  // Optional fields with a default are tuning: folded away under "Advanced settings" until needed.
  const advanced = h('details', { class: 'advanced' }, h('summary', {}, 'Advanced settings'));
  const advancedFields = h('div', { class: 'schema-form' });
  advanced.append(advancedFields);
  for (const [name, property] of Object.entries(properties)) {
    if (property.readOnly) continue; // set by Plugboard (who signed in), shown in lists, never typed
    const field = renderField(name, property, {
      required: required.has(name), value: values[name], isSet: secretsSet.includes(name), clearWithNull,
    });
    const isAdvanced = !required.has(name) && property.default !== undefined && !property.writeOnly;
    if (isAdvanced) {
      const setError = field.setError;
      field.setError = (message) => {
        if (message) advanced.open = true;
        setError(message);
      };
    }
    fields.set(name, field);
    (isAdvanced ? advancedFields : element).append(field.element);
  }
  if (advancedFields.childElementCount > 0) element.append(advanced);
  if (Object.keys(properties).length === 0 && typeof schema.additionalProperties === 'object') {
    const map = mapField('', { ...schema.additionalProperties, title: 'Fields' }, {
      value: values, setKeys: secretsSet, label: 'Field',
    });
    fields.set('', map);
    element.append(map.element);
  }

  return {
    element,
    /** The values as JSON, plus errors found before sending ([{field, message}]). */
    read() {
      const value = {};
      const errors = [];
      for (const [name, field] of fields) {
        const result = field.read();
        if (result.error) errors.push({ field: name, message: result.error });
        else if (name === '') Object.assign(value, result.value);
        else if (result.value !== undefined) value[name] = result.value;
      }
      return { value, errors };
    },
    /** Shows errors beside their fields; returns the ones that belong to no field here. */
    showErrors(list) {
      const rest = [];
      for (const item of list) {
        const name = String(item.field || '').split('.')[0];
        const field = fields.get(name) || (fields.has('') && item.field ? fields.get('') : undefined);
        if (field) field.setError(item.message);
        else rest.push(item);
      }
      return rest;
    },
    clearErrors() {
      for (const field of fields.values()) field.setError('');
    },
  };
}

function renderField(name, property, options) {
  if (property.type === 'object' && property.additionalProperties) {
    return mapField(name, property, { value: options.value, setKeys: [], label: name === 'headers' ? 'Header' : 'Key' });
  }
  const id = uid(`field-${name}`);
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [property.description ? helpId : null, errorId].filter(Boolean).join(' ');
  const control = controlFor(name, property, options, id, describedBy);
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const label = h('label', { for: id }, property.title || name, options.required ? requiredMark() : null);
  const help = property.description ? h('p', { class: 'help', id: helpId }, property.description) : null;
  const isBoolean = property.type === 'boolean';
  const picker = /pkcs12/i.test(name) ? filePicker(control, property.title || name) : null;
  const element = isBoolean
    ? h('div', { class: 'field field-check', 'data-field': name }, h('div', { class: 'check-row' }, control, label), help, error)
    : h('div', { class: 'field', 'data-field': name }, label, control, picker, help, error);
  return {
    element,
    read: () => readControl(control, property, options),
    setError(message) {
      error.textContent = message || '';
      error.hidden = !message;
      element.classList.toggle('has-error', Boolean(message));
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}

// A binary file (a PKCS#12 bundle) chosen from disk fills its base64 field, which can still be pasted into.
function filePicker(control, title) {
  const input = h('input', { type: 'file', class: 'file-picker', accept: '.p12,.pfx,application/x-pkcs12', 'aria-label': `Choose the ${title} file` });
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
    control.value = btoa(binary);
    control.dispatchEvent(new Event('input', { bubbles: true }));
  });
  return input;
}

function requiredMark() {
  return h('span', { class: 'required', 'aria-hidden': 'true' }, ' *');
}

function controlFor(name, property, { required, value, isSet }, id, describedBy) {
  const initial = value !== undefined ? value : property.default;
  const common = { id, name, 'aria-describedby': describedBy, required: required || undefined };
  if (Array.isArray(property.enum)) {
    const select = h('select', common,
      required ? null : h('option', { value: '' }, '—'),
      property.enum.map((choice) => h('option', { value: String(choice) }, String(choice))));
    select.value = initial === undefined ? (required ? String(property.enum[0]) : '') : String(initial);
    return select;
  }
  if (property.type === 'boolean') {
    const box = h('input', { ...common, type: 'checkbox', class: 'switch' });
    box.checked = Boolean(initial);
    return box;
  }
  if (property.type === 'number' || property.type === 'integer') {
    const input = h('input', { ...common, type: 'number', inputmode: property.type === 'integer' ? 'numeric' : 'decimal',
      min: property.minimum, max: property.maximum, step: property.type === 'integer' ? 1 : 'any' });
    input.value = initial === undefined ? '' : String(initial);
    return input;
  }
  const multiline = /certificate|privatekey|pkcs12|pem/i.test(`${name} ${property.title || ''}`);
  if (property.writeOnly) {
    // A secret: never filled in. A stored one is described, not shown. PEM keys keep their line breaks.
    const secret = { ...common, spellcheck: 'false', autocomplete: 'new-password', 'data-secret-set': isSet ? 'true' : undefined,
      class: `secret${isSet ? ' is-set' : ''}${multiline ? ' secret-multiline' : ''}`,
      placeholder: isSet ? '•••••••• Set — type to replace' : '' };
    return multiline ? h('textarea', { ...secret, rows: 4 }) : h('input', { ...secret, type: 'password' });
  }
  if (multiline && !property.format) {
    const area = h('textarea', { ...common, rows: 4, spellcheck: 'false', class: 'mono',
      placeholder: '-----BEGIN CERTIFICATE-----' });
    area.value = initial === undefined ? '' : String(initial);
    area.dataset.initial = value === undefined ? '' : String(value);
    return area;
  }
  const type = property.format === 'uri' ? 'url' : 'text';
  const input = h('input', { ...common, type, spellcheck: 'false',
    placeholder: property.format === 'uri' ? 'https://' : property.format === 'date-time' ? '2026-01-31T12:00:00Z' : undefined });
  input.value = initial === undefined ? '' : String(initial);
  input.dataset.initial = value === undefined ? '' : String(value);
  return input;
}

function readControl(control, property, { required, isSet, clearWithNull }) {
  if (property.type === 'boolean') return { value: control.checked };
  const text = control.value.trim();
  if (property.writeOnly) {
    if (control.value) return { value: control.value };
    if (required && !isSet) return { error: 'is required' };
    return { value: undefined };
  }
  if (text === '') {
    if (required) return { error: 'is required' };
    const hadValue = control.dataset.initial !== undefined && control.dataset.initial !== '';
    return { value: clearWithNull && hadValue ? null : undefined };
  }
  if (property.type === 'number' || property.type === 'integer') {
    const number = Number(text);
    if (!Number.isFinite(number)) return { error: 'must be a number' };
    if (property.type === 'integer' && !Number.isInteger(number)) return { error: 'must be a whole number' };
    return { value: number };
  }
  return { value: text };
}

/** A key/value editor, such as default headers. Secret values of stored keys show as set. */
function mapField(name, property, { value = {}, setKeys = [], label }) {
  const secret = Boolean(property.additionalProperties && property.additionalProperties.writeOnly) || Boolean(property.writeOnly);
  const id = uid(`field-${name || 'map'}`);
  const rows = h('div', { class: 'kv-rows', id });
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const title = property.title || name;
  let count = 0;
  const addRow = (key = '', val = '', isSet = false) => {
    count += 1;
    const keyInput = h('input', { type: 'text', class: 'kv-key', value: key, 'aria-label': `${label} name ${count}`, spellcheck: 'false' });
    const valueInput = secret
      ? h('input', { type: 'password', class: 'kv-value secret', autocomplete: 'new-password', 'aria-label': `${label} value ${count}`,
        placeholder: isSet ? '•••••••• Set — type to replace' : '', 'data-secret-set': isSet ? 'true' : undefined })
      : h('input', { type: 'text', class: 'kv-value', value: val, 'aria-label': `${label} value ${count}`, spellcheck: 'false' });
    const row = h('div', { class: 'kv-row' }, keyInput, valueInput,
      h('button', { type: 'button', class: 'btn-icon', 'aria-label': `Remove ${label.toLowerCase()} ${count}`,
        onclick: () => { row.remove(); } }, icon('close')));
    rows.append(row);
    return keyInput;
  };
  for (const key of setKeys) addRow(key, '', true);
  for (const [key, val] of Object.entries(value || {})) if (!setKeys.includes(key)) addRow(key, secret ? '' : val);
  const addButton = h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => addRow().focus() },
    icon('plus'), `Add ${label.toLowerCase()}`);
  const element = h('fieldset', { class: 'field kv', 'data-field': name },
    h('legend', {}, title),
    property.description ? h('p', { class: 'help' }, property.description) : null,
    rows, addButton, error);
  return {
    element,
    read() {
      const result = {};
      for (const row of rows.querySelectorAll('.kv-row')) {
        const key = row.querySelector('.kv-key').value.trim();
        const input = row.querySelector('.kv-value');
        if (!key) continue;
        if (secret && !input.value) continue;
        result[key] = input.value;
      }
      return { value: Object.keys(result).length || !name ? result : undefined };
    },
    setError(message) {
      error.textContent = message || '';
      error.hidden = !message;
      element.classList.toggle('has-error', Boolean(message));
    },
  };
}
