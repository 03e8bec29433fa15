// The Credentials page: list, create, edit (replace a secret), delete (refused while a connector uses it), expiry,
// and Connect: an OAuth2 sign-in in a pop-up window, watched until the credential says who signed in.
import { credentialKinds } from './catalog.js';
import { openCredentialDialog } from './credential-dialog.js';
import { button, openDialog, whileBusy } from './dialogs.js';
import { h, icon, formatDate, replace } from './dom.js';
import { errorPanel, show, toast } from './notices.js';

/** Renders the page into `view` for application `app`. */
export function renderCredentialsPage({ api, app, view }) {
  const listHost = h('div', { class: 'table-card' });
  const create = () => openCredentialDialog({ api, app, onSaved: (saved) => { toast(`Credential ${saved.name} created.`); refresh(); } });
  replace(view,
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Credentials'),
        h('p', { class: 'muted' }, 'Secrets connectors use to sign in. They are encrypted at rest and never shown again after saving.')),
      button('New credential', { kind: 'primary', iconName: 'plus', onClick: create, attributes: { id: 'create-credential' } })),
    listHost);
  let kindNames = new Map();
  refresh();

  async function refresh() {
    listHost.setAttribute('aria-busy', 'true');
    try {
      const [page, kinds] = await Promise.all([api.credentials(app), credentialKinds(api)]);
      kindNames = new Map(kinds.map((kind) => [kind.kind, kind.displayName]));
      replace(listHost, page.items.length ? table(page.items) : h('div', { class: 'empty-state' },
        h('div', { class: 'empty-icon' }, icon('key')), h('h2', {}, 'No credentials yet'),
        h('p', {}, 'Add the API key, token or password a connector needs. You can also create one while creating a connector.'),
        button('New credential', { kind: 'primary', iconName: 'plus', onClick: create })));
    } catch (error) {
      replace(listHost, errorPanel(error, 'Credentials could not be loaded'));
    } finally {
      listHost.removeAttribute('aria-busy');
    }
  }

  function table(items) {
    return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: 'credentials-table' },
      h('caption', { class: 'visually-hidden' }, 'Credentials'),
      h('thead', {}, h('tr', {}, ['Name', 'Kind', 'Fields', 'Expires', 'Created At'].map((label) => h('th', { scope: 'col' }, label)),
        h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, items.map(row))));
  }

  function row(credential) {
    const expired = credential.expiresAt && new Date(credential.expiresAt) < new Date();
    return h('tr', { 'data-credential-id': credential.id, 'data-credential-name': credential.name },
      h('th', { scope: 'row' }, h('span', { class: 'cell-name' }, credential.name)),
      h('td', {}, h('span', { class: 'badge' }, kindNames.get(credential.kind) || credential.kind)),
      h('td', { class: 'col-fields' },
        Object.entries(credential.fields || {}).map(([key, value]) => h('span', { class: 'chip' }, `${key}: ${value}`)),
        (credential.secretFields || []).map((key) => h('span', { class: 'chip chip-secret' }, icon('key'), `${key}: set`))),
      h('td', { class: 'col-expires' }, credential.expiresAt
        ? h('span', { class: expired ? 'badge badge-danger' : '' }, expired ? 'Expired ' : '', formatDate(credential.expiresAt))
        : h('span', { class: 'muted' }, 'Never')),
      h('td', {}, formatDate(credential.createdAt)),
      h('td', { class: 'col-actions' }, h('div', { class: 'row-actions' },
        signsIn(credential) ? h('button', { type: 'button', class: 'btn-icon', 'data-action': 'connect',
          'aria-label': `Connect ${credential.name}`, title: credential.fields.connectedAt ? 'Sign in again' : 'Connect (sign in)',
          onclick: (event) => connect(credential, event.currentTarget) }, icon('login')) : null,
        h('button', { type: 'button', class: 'btn-icon', 'data-action': 'edit', 'aria-label': `Edit ${credential.name}`, title: 'Edit',
          onclick: () => openCredentialDialog({ api, app, credential,
            onSaved: (saved) => { toast(`Credential ${saved.name} saved.`); refresh(); } }) }, icon('edit')),
        h('button', { type: 'button', class: 'btn-icon btn-icon-danger', 'data-action': 'delete', 'aria-label': `Delete ${credential.name}`,
          title: 'Delete', onclick: () => confirmDelete(credential) }, icon('trash')))));
  }

  function signsIn(credential) {
    return credential.kind === 'oauth2' && (credential.fields || {}).grantType === 'authorization_code';
  }

  // The window opens inside the click, so pop-up blockers let it; it is sent to the provider once the server
  // made the consent URL. The credential is then polled until its sign-in time changes.
  async function connect(credential, trigger) {
    const popup = window.open('', 'plugboard-sign-in', 'popup,width=560,height=720');
    const before = credential.fields.connectedAt || '';
    let signIn;
    try {
      signIn = await whileBusy(trigger, () => api.connectCredential(app, credential.id));
    } catch (error) {
      if (popup) popup.close();
      const dialog = openDialog({ title: `${credential.name} cannot sign in`, size: 'dialog-small',
        body: errorPanel(error, 'The sign-in did not start'), footer: [button('Close', { kind: 'ghost', onClick: () => dialog.close() })] });
      return;
    }
    if (popup) popup.location.href = signIn.authorizationUrl;
    else toast('Allow pop-ups for this page to sign in.');
    const deadline = new Date(signIn.expiresAt).getTime();
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const latest = await api.credential(app, credential.id).catch(() => null);
      if (latest && (latest.fields.connectedAt || '') !== before) {
        toast(latest.fields.connectedAs ? `${credential.name} is signed in as ${latest.fields.connectedAs}.` : `${credential.name} is signed in.`);
        refresh();
        return;
      }
      if (popup && popup.closed) return;
    }
  }

  function confirmDelete(credential) {
    const status = h('div', { class: 'dialog-status', hidden: true });
    const remove = button('Delete', { kind: 'danger', attributes: { id: 'confirm-delete' } });
    const dialog = openDialog({
      title: `Delete ${credential.name}?`, size: 'dialog-small',
      body: h('div', {}, status, h('p', {}, 'Connectors using it will stop working. A credential still linked to a connector is not deleted.')),
      footer: [button('Cancel', { kind: 'ghost', onClick: () => dialog.close() }), remove],
      initialFocus: remove,
    });
    remove.addEventListener('click', async () => {
      try {
        await whileBusy(remove, () => api.deleteCredential(app, credential.id));
        dialog.close();
        toast(`Credential ${credential.name} deleted.`);
        refresh();
      } catch (error) {
        const panel = errorPanel(error, 'The credential was not deleted');
        const users = (error.details && error.details.connectors) || [];
        if (users.length) {
          panel.querySelector('div').append(h('ul', { class: 'dependents', 'aria-label': 'Connectors using it' },
            users.map((item) => h('li', {}, h('span', { class: 'badge' }, 'connector'), h('span', {}, item.name)))));
        }
        show(status, panel);
        remove.disabled = true;
      }
    });
  }
}
