// The create and edit dialog of a connector: type, name, description, the type's fields, the credential,
// Test connection, and Create or Update. Errors appear beside their fields and what was typed stays.
import { connectorTypes, groupByCategory } from './catalog.js';
import { openCredentialDialog } from './credential-dialog.js';
import { button, openDialog, whileBusy } from './dialogs.js';
import { h, icon, replace, uid } from './dom.js';
import { errorPanel, show, successPanel } from './notices.js';
import { createSchemaForm } from './schema-form.js';

/** Opens the dialog; with `connector` it edits that connector. `onSaved(connector)` runs after a save. */
export async function openConnectorDialog({ api, app, connector = null, onSaved = () => {} }) {
  const types = await connectorTypes(api);
  const editing = Boolean(connector);
  let type = editing ? types.find((item) => item.id === connector.type) : null;
  let optionsForm = null;

  const status = h('div', { class: 'dialog-status', hidden: true });
  const testResult = h('div', { class: 'test-result', hidden: true, 'aria-live': 'polite' });
  const name = textField('Name', 'name', { required: true, value: connector ? connector.name : '' });
  const description = textField('Description', 'description', { multiline: true, value: connector ? connector.description : '',
    help: 'Optional. Say what the connector is for, so others pick the right one.' });
  const credentialSelect = h('select', { id: uid('connector-credential'), name: 'credentialId' });
  const credentialError = h('p', { class: 'field-error', hidden: true });
  const newCredential = button('New credential', { kind: 'ghost', iconName: 'plus', attributes: { class: 'btn btn-ghost btn-small' } });
  const credentialSection = h('div', { class: 'field', 'data-field': 'credentialId' },
    h('label', { for: credentialSelect.id }, 'Credential'),
    h('div', { class: 'inline-row' }, credentialSelect, newCredential), credentialError);
  const optionsHost = h('div', { class: 'form-section' });
  const typeHost = h('div', { class: 'form-section' });

  const body = h('form', { class: 'form', novalidate: true, id: uid('connector-form') },
    editing ? h('div', { class: 'notice notice-warning', role: 'note' }, icon('warning'),
      h('p', { class: 'edit-warning' }, 'Changing connection details may disrupt the agents and workflows that use this connector.')) : null,
    status, typeHost,
    h('section', { class: 'form-section', 'aria-label': 'General' }, name.element, description.element),
    h('section', { class: 'form-section', 'aria-labelledby': 'connection-heading' },
      h('h3', { id: 'connection-heading', class: 'section-title' }, 'Connection'), optionsHost, credentialSection),
    testResult);

  const submit = button(editing ? 'Update' : 'Create', { kind: 'primary', type: 'submit', attributes: { form: body.id } });
  const testButton = button('Test connection', { kind: 'secondary', iconName: 'test', onClick: () => runTest() });
  const dialog = openDialog({
    title: editing ? `Edit ${connector.name}` : 'Create connector', body, size: 'dialog-large',
    footer: [testButton, h('span', { class: 'spacer' }), button('Cancel', { kind: 'ghost', onClick: () => dialog.close() }), submit],
    initialFocus: editing ? name.input : undefined,
  });

  renderTypePicker();
  if (type) selectType(type);
  else setConnectionEnabled(false);
  newCredential.addEventListener('click', () => openCredentialDialog({
    api, app, allowedKinds: type ? type.credentialKinds : null,
    onSaved: (saved) => loadCredentials(saved.id),
  }));
  body.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });

  function renderTypePicker() {
    if (editing) {
      replace(typeHost, h('div', { class: 'type-summary' },
        h('span', { class: 'muted' }, 'Type'), h('strong', {}, type ? type.displayName : connector.type), h('code', {}, connector.type)));
      return;
    }
    const groups = groupByCategory(types).map(([category, items]) => h('fieldset', { class: 'type-group' },
      h('legend', {}, category),
      items.map((item) => {
        const radioId = uid('type');
        const radio = h('input', { type: 'radio', name: 'connector-type', id: radioId, value: item.id, 'aria-describedby': `${radioId}-desc` });
        radio.addEventListener('change', () => selectType(item));
        return h('label', { class: 'type-card', for: radioId }, radio,
          h('span', { class: 'type-card-text' }, h('span', { class: 'type-name' }, item.displayName),
            h('span', { class: 'type-desc', id: `${radioId}-desc` }, item.description), h('code', { class: 'type-id' }, item.id)));
      })));
    replace(typeHost, h('div', { class: 'type-picker', role: 'group', 'aria-label': 'Connector type' },
      h('p', { class: 'section-title' }, 'Connector type'), groups));
  }

  function selectType(selected) {
    type = selected;
    // A saved connector's secret options are never returned: show them as set, replaced only when typed.
    const secretOptions = Object.entries(type.optionsSchema.properties || {}).filter(([, property]) => property.writeOnly).map(([key]) => key);
    optionsForm = createSchemaForm(type.optionsSchema, { values: connector ? connector.options : {}, secretsSet: editing ? secretOptions : [] });
    replace(optionsHost, optionsForm.element);
    setConnectionEnabled(true);
    loadCredentials(connector ? connector.credentialId : null);
  }

  function setConnectionEnabled(enabled) {
    credentialSection.hidden = !enabled;
    testButton.disabled = !enabled;
    if (!enabled) replace(optionsHost, h('p', { class: 'muted' }, 'Choose a connector type to see its connection fields.'));
  }

  async function loadCredentials(selectedId) {
    const keep = selectedId !== undefined ? selectedId : credentialSelect.value;
    try {
      const page = await api.credentials(app);
      const usable = page.items.filter((item) => type.credentialKinds.includes(item.kind));
      replace(credentialSelect,
        h('option', { value: '' }, type.credentialRequired ? 'Choose a credential' : 'No credential'),
        usable.map((item) => h('option', { value: item.id }, `${item.name} (${item.kind})`)));
      credentialSelect.value = usable.some((item) => item.id === keep) ? keep : '';
    } catch (error) {
      show(status, errorPanel(error, 'Credentials could not be loaded'));
    }
  }

  function readForm() {
    const errors = [];
    if (!type) {
      show(status, errorPanel({ message: 'Choose a connector type first.' }, 'A type is needed'));
      return null;
    }
    const options = optionsForm.read();
    errors.push(...options.errors);
    if (!name.input.value.trim()) errors.unshift({ field: 'name', message: 'is required' });
    if (errors.length) {
      showFieldErrors(errors);
      return null;
    }
    return { type: type.id, name: name.input.value.trim(), description: description.input.value.trim(),
      options: options.value, credentialId: credentialSelect.value || null };
  }

  function clearErrors() {
    show(status, null);
    for (const field of [name, description]) field.setError('');
    credentialError.hidden = true;
    if (optionsForm) optionsForm.clearErrors();
  }

  function showFieldErrors(list, error) {
    const outer = { name, description };
    const rest = [];
    for (const item of list) {
      const key = String(item.field || '');
      if (outer[key]) outer[key].setError(item.message);
      else if (key === 'credentialId' || key === 'credential') {
        credentialError.textContent = item.message;
        credentialError.hidden = false;
      } else rest.push(item);
    }
    const unplaced = optionsForm ? optionsForm.showErrors(rest) : rest;
    if (error && (unplaced.length || !list.length)) show(status, errorPanel(error, 'Check the highlighted fields'));
    const first = body.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  }

  async function save() {
    clearErrors();
    const draft = readForm();
    if (!draft) return;
    const payload = editing
      ? { name: draft.name, description: draft.description, options: draft.options, credentialId: draft.credentialId }
      : { ...draft, credentialId: draft.credentialId || undefined };
    try {
      const saved = await whileBusy(submit, () => (editing
        ? api.updateConnector(app, connector.id, payload)
        : api.createConnector(app, payload)));
      dialog.close();
      onSaved(saved);
    } catch (error) {
      if (error.fieldErrors && error.fieldErrors.length) showFieldErrors(error.fieldErrors, error);
      else show(status, errorPanel(error, editing ? 'The connector was not updated' : 'The connector was not created'));
    }
  }

  async function runTest() {
    clearErrors();
    const draft = readForm();
    if (!draft) return;
    show(testResult, h('p', { class: 'muted' }, 'Testing the connection…'));
    try {
      const result = await whileBusy(testButton, () => api.testDraft(app, { ...draft, credentialId: draft.credentialId || undefined }));
      show(testResult, successPanel('Connection succeeded', result));
      testResult.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      if (error.fieldErrors && error.fieldErrors.length && error.code !== 'connection_refused') showFieldErrors(error.fieldErrors);
      show(testResult, errorPanel(error, 'Connection failed'));
      testResult.scrollIntoView({ block: 'nearest' });
    }
  }
  return dialog;
}

/** A labelled text input or textarea with help and an error line. */
function textField(label, name, { required = false, multiline = false, value = '', help } = {}) {
  const id = uid(`connector-${name}`);
  const input = multiline
    ? h('textarea', { id, name, rows: 2, 'aria-describedby': `${id}-help ${id}-error` })
    : h('input', { id, name, type: 'text', autocomplete: 'off', spellcheck: 'false', required: required || undefined,
      'aria-describedby': `${id}-error` });
  input.value = value || '';
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const element = h('div', { class: 'field', 'data-field': name },
    h('label', { for: id }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    input, help ? h('p', { class: 'help', id: `${id}-help` }, help) : null, error);
  return {
    element, input,
    setError(message) {
      error.textContent = message || '';
      error.hidden = !message;
      element.classList.toggle('has-error', Boolean(message));
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}
