// The create and edit dialog of a credential: name, kind, the kind's fields; secrets are replaced, never shown.
import { credentialKinds } from './catalog.js';
import { button, openDialog, whileBusy } from './dialogs.js';
import { h, replace, uid } from './dom.js';
import { errorPanel, show } from './notices.js';
import { createSchemaForm } from './schema-form.js';

/**
 * Opens the dialog. Without `credential` it creates one (of `allowedKinds` when given).
 * `onSaved(credential)` runs after a successful save.
 */
export async function openCredentialDialog({ api, app, credential = null, allowedKinds = null, onSaved = () => {} }) {
  const kinds = (await credentialKinds(api)).filter((kind) => !allowedKinds || allowedKinds.includes(kind.kind));
  const editing = Boolean(credential);
  const nameId = uid('credential-name');
  const kindId = uid('credential-kind');
  const name = h('input', { id: nameId, type: 'text', required: true, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': `${nameId}-error` });
  name.value = credential ? credential.name : '';
  const nameError = h('p', { class: 'field-error', id: `${nameId}-error`, hidden: true });
  const kind = h('select', { id: kindId, disabled: editing || undefined },
    kinds.map((item) => h('option', { value: item.kind }, item.displayName)));
  if (credential) {
    if (!kinds.some((item) => item.kind === credential.kind)) kind.append(h('option', { value: credential.kind }, credential.kind));
    kind.value = credential.kind;
  }
  const fieldsHost = h('div', { class: 'form-section' });
  const status = h('div', { class: 'dialog-status', hidden: true });
  let form;
  const renderFields = () => {
    const selected = kinds.find((item) => item.kind === kind.value) || { schema: { properties: {} } };
    form = createSchemaForm(selected.schema, {
      values: credential ? credential.fields : {}, secretsSet: credential ? credential.secretFields : [], clearWithNull: editing,
    });
    replace(fieldsHost, form.element);
  };
  kind.addEventListener('change', renderFields);
  renderFields();

  const expiry = credential && credential.expiresAt
    ? h('p', { class: 'help' }, 'Expires ', h('time', { datetime: credential.expiresAt }, new Date(credential.expiresAt).toLocaleString()))
    : null;
  const body = h('form', { class: 'form', novalidate: true, id: uid('credential-form') },
    status,
    h('div', { class: 'field' }, h('label', { for: nameId }, 'Name', h('span', { class: 'required', 'aria-hidden': 'true' }, ' *')), name, nameError),
    h('div', { class: 'field' }, h('label', { for: kindId }, 'Kind'), kind, expiry),
    editing ? h('p', { class: 'help' }, 'Stored secrets are never shown. Leave a secret empty to keep it; type a new value to replace it.') : null,
    fieldsHost);
  const submit = button(editing ? 'Save credential' : 'Create credential', { kind: 'primary', type: 'submit',
    attributes: { form: body.id } });
  const dialog = openDialog({
    title: editing ? `Edit credential ${credential.name}` : 'New credential', body, size: 'dialog-medium',
    footer: [button('Cancel', { kind: 'ghost', onClick: () => dialog.close() }), submit],
  });

  body.addEventListener('submit', async (event) => {
    event.preventDefault();
    form.clearErrors();
    nameError.hidden = true;
    show(status, null);
    const { value, errors } = form.read();
    if (!name.value.trim()) errors.unshift({ field: 'name', message: 'is required' });
    if (errors.length) return showErrors(errors);
    const payload = editing ? { name: name.value.trim(), fields: value } : { name: name.value.trim(), kind: kind.value, fields: value };
    try {
      const saved = await whileBusy(submit, () => (editing
        ? api.updateCredential(app, credential.id, payload)
        : api.createCredential(app, payload)));
      dialog.close();
      onSaved(saved);
    } catch (error) {
      if (error.fieldErrors && error.fieldErrors.length) showErrors(error.fieldErrors, error);
      else show(status, errorPanel(error, editing ? 'The credential was not saved' : 'The credential was not created'));
    }
  });

  function showErrors(list, error) {
    const rest = form.showErrors(list.filter((item) => item.field !== 'name'));
    const nameProblem = list.find((item) => item.field === 'name');
    if (nameProblem) {
      nameError.textContent = nameProblem.message;
      nameError.hidden = false;
      name.setAttribute('aria-invalid', 'true');
    } else {
      name.removeAttribute('aria-invalid');
    }
    if (rest.length && error) show(status, errorPanel(error, 'The credential was not saved'));
    const firstInvalid = body.querySelector('[aria-invalid="true"], .has-error input');
    if (firstInvalid) firstInvalid.focus();
  }
  return dialog;
}
