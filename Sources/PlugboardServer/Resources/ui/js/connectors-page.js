// The Connectors page: toolbar (search, Create connector), the table, row tests, and the delete confirmation.
import { openConnectorDialog } from './connector-dialog.js';
import { createConnectorsTable } from './connectors-table.js';
import { button, openDialog, whileBusy } from './dialogs.js';
import { h, icon, replace } from './dom.js';
import { errorPanel, show, successPanel, toast } from './notices.js';

/** Renders the page into `view` for application `app`. */
export function renderConnectorsPage({ api, app, view }) {
  const testRegion = h('div', { class: 'test-region', id: 'row-test-result', hidden: true, 'aria-live': 'polite' });
  const create = () => openConnectorDialog({ api, app, onSaved: (saved) => { toast(`Connector ${saved.name} created.`); table.refresh(); } });
  const table = createConnectorsTable({
    load: (query) => api.connectors(app, query),
    actions: {
      test: (connector, trigger) => testRow(connector, trigger),
      edit: (connector) => openConnectorDialog({ api, app, connector,
        onSaved: (saved) => { toast(`Connector ${saved.name} updated.`); table.refresh(); } }),
      remove: (connector) => confirmDelete(connector),
    },
    emptyState: () => h('div', { class: 'empty-state' },
      h('div', { class: 'empty-icon' }, icon('plug')),
      h('h2', {}, 'No connectors yet'),
      h('p', {}, 'A connector links this application to an API, a database or a message service, so agents and workflows can use it.'),
      h('p', { class: 'muted' }, 'Start with Create connector: pick a type, give it a name, fill in its connection details and link a credential.'),
      button('Create connector', { kind: 'primary', iconName: 'plus', onClick: create })),
  });

  let timer;
  const search = h('input', { type: 'search', id: 'connector-search', placeholder: 'Search connectors by name', 'aria-label': 'Search connectors by name',
    autocomplete: 'off', oninput: () => { clearTimeout(timer); timer = setTimeout(() => table.search(search.value), 250); } });
  replace(view,
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Connectors'),
        h('p', { class: 'muted' }, 'Named, reusable connections that agents and workflows use to reach external services.')),
      button('Create connector', { kind: 'primary', iconName: 'plus', onClick: create, attributes: { id: 'create-connector' } })),
    h('div', { class: 'toolbar' }, h('div', { class: 'search' }, icon('search'), search)),
    testRegion,
    table.element);
  table.refresh();

  async function testRow(connector, trigger) {
    show(testRegion, h('p', { class: 'muted' }, `Testing ${connector.name}…`));
    try {
      const result = await whileBusy(trigger, () => api.testConnector(app, connector.id));
      show(testRegion, dismissible(successPanel(`Connection to ${connector.name} succeeded`, result)));
    } catch (error) {
      show(testRegion, dismissible(errorPanel(error, `Connection to ${connector.name} failed`)));
    }
  }

  function dismissible(panel) {
    panel.append(h('button', { type: 'button', class: 'btn-icon notice-close', 'aria-label': 'Dismiss',
      onclick: () => show(testRegion, null) }, icon('close')));
    return panel;
  }

  async function confirmDelete(connector) {
    const content = h('div', { class: 'delete-body' }, h('p', { class: 'muted' }, 'Checking what uses this connector…'));
    const remove = button('Delete', { kind: 'danger', attributes: { disabled: true, id: 'confirm-delete' } });
    const dialog = openDialog({
      title: `Delete ${connector.name}?`, body: content, size: 'dialog-small',
      footer: [button('Cancel', { kind: 'ghost', onClick: () => dialog.close() }), remove],
    });
    const status = h('div', { class: 'dialog-status', hidden: true });
    const showDependents = (dependents) => {
      replace(content,
        h('div', { class: 'notice notice-error', role: 'alert' }, icon('warning'), h('div', {},
          h('p', { class: 'notice-title' }, 'This connector is in use and cannot be deleted'),
          h('p', {}, 'Remove these dependents first, then delete the connector:'))),
        h('ul', { class: 'dependents', 'aria-label': 'Dependents' },
          dependents.map((item) => h('li', {}, h('span', { class: 'badge' }, item.kind.replace(/_/g, ' ')), h('span', {}, item.name)))));
      remove.disabled = true;
    };
    try {
      const page = await api.dependents(app, connector.id);
      if (page.items.length) return showDependents(page.items);
      replace(content, status,
        h('p', {}, 'Nothing uses ', h('strong', {}, connector.name), '. Deleting it cannot be undone.'));
      remove.disabled = false;
      remove.focus();
    } catch (error) {
      return replace(content, errorPanel(error, 'The dependents could not be checked'));
    }
    remove.addEventListener('click', async () => {
      try {
        await whileBusy(remove, () => api.deleteConnector(app, connector.id));
        dialog.close();
        toast(`Connector ${connector.name} deleted.`);
        table.refresh();
      } catch (error) {
        if (error.code === 'connector_in_use' && Array.isArray(error.details.dependents)) showDependents(error.details.dependents);
        else show(status, errorPanel(error, 'The connector was not deleted'));
      }
    });
  }
}
