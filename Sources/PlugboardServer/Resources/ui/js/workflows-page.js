// The Workflows page: the table, create and edit a definition (JSON), run with an input and see its steps,
// the run history of each workflow, delete (refused while a trigger uses it).
import { button, openDialog, whileBusy } from './dialogs.js';
import { formatDate, h, icon, replace } from './dom.js';
import { errorPanel, show, toast } from './notices.js';
import { runDetail, runDuration, statusBadge } from './runs-view.js';

const EXAMPLE = {
  name: 'relay',
  description: 'Read an order, then post its total.',
  steps: [
    { name: 'fetch', connector: 'CONNECTOR', action: 'request', input: { method: 'GET', path: '/orders/{{ input.id }}' } },
    { name: 'notify', connector: 'CONNECTOR', action: 'request',
      input: { method: 'POST', path: '/', body: { json: { total: '{{ steps.fetch.output.body.total }}' } } } },
  ],
};

/** Renders the page into `view` for application `app`. */
export function renderWorkflowsPage({ api, app, view }) {
  const listHost = h('div', { class: 'table-card' });
  const detailHost = h('div', { id: 'workflow-detail' });
  const create = () => openDefinition(null);
  replace(view,
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Workflows'),
        h('p', { class: 'muted' }, 'Steps that run connector actions in order, started by hand, by a trigger, or by an agent.')),
      button('New workflow', { kind: 'primary', iconName: 'plus', onClick: create, attributes: { id: 'create-workflow' } })),
    listHost, detailHost);
  refresh();

  async function refresh() {
    listHost.setAttribute('aria-busy', 'true');
    try {
      const page = await api.workflows(app);
      replace(listHost, page.items.length ? table(page.items) : h('div', { class: 'empty-state' },
        h('div', { class: 'empty-icon' }, icon('plug')), h('h2', {}, 'No workflows yet'),
        h('p', {}, 'A workflow runs connector actions one after another; each step can read the input and earlier steps\u2019 outputs.'),
        button('New workflow', { kind: 'primary', iconName: 'plus', onClick: create })));
    } catch (error) {
      replace(listHost, errorPanel(error, 'Workflows could not be loaded'));
    } finally {
      listHost.removeAttribute('aria-busy');
    }
  }

  function table(items) {
    return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: 'workflows-table' },
      h('caption', { class: 'visually-hidden' }, 'Workflows'),
      h('thead', {}, h('tr', {}, ['Name', 'Steps', 'Agent tool', 'Version', 'Updated'].map((label) => h('th', { scope: 'col' }, label)),
        h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, items.map(row))));
  }

  function row(workflow) {
    return h('tr', { 'data-workflow-name': workflow.name },
      h('th', { scope: 'row' }, h('span', { class: 'cell-name' }, workflow.name),
        workflow.description ? h('span', { class: 'cell-sub muted' }, workflow.description) : null),
      h('td', {}, workflow.steps.map((step) => h('span', { class: 'chip' }, step.name))),
      h('td', {}, workflow.agentTool ? h('span', { class: 'badge' }, `workflow__${workflow.name}`) : h('span', { class: 'muted' }, 'No')),
      h('td', {}, String(workflow.version)),
      h('td', {}, formatDate(workflow.updatedAt)),
      h('td', { class: 'col-actions' }, h('div', { class: 'row-actions' },
        button('Run', { kind: 'secondary', onClick: () => openRun(workflow), attributes: { 'data-action': 'run', class: 'btn btn-secondary btn-small' } }),
        button('History', { kind: 'ghost', onClick: () => showHistory(workflow), attributes: { 'data-action': 'history', class: 'btn btn-ghost btn-small' } }),
        h('button', { type: 'button', class: 'btn-icon', 'data-action': 'edit', 'aria-label': `Edit ${workflow.name}`, title: 'Edit',
          onclick: () => openDefinition(workflow) }, icon('edit')),
        h('button', { type: 'button', class: 'btn-icon btn-icon-danger', 'data-action': 'delete', 'aria-label': `Delete ${workflow.name}`,
          title: 'Delete', onclick: () => confirmDelete(workflow) }, icon('trash')))));
  }

  /** Create (workflow null) or edit a definition as JSON; errors name the field at fault. */
  function openDefinition(workflow) {
    const definition = workflow
      ? { name: workflow.name, description: workflow.description, inputSchema: workflow.inputSchema ?? undefined,
        concurrency: workflow.concurrency, agentTool: workflow.agentTool,
        steps: workflow.steps.map(({ connectorName, ...step }) => ({ ...step, connector: connectorName || step.connector })) }
      : EXAMPLE;
    const text = h('textarea', { id: 'workflow-definition', class: 'mono', rows: 18, spellcheck: 'false', 'aria-label': 'Workflow definition (JSON)' });
    text.value = JSON.stringify(definition, null, 2);
    const status = h('div', { class: 'dialog-status', hidden: true });
    const save = button(workflow ? 'Save' : 'Create workflow', { kind: 'primary', attributes: { id: 'save-workflow' } });
    const dialog = openDialog({
      title: workflow ? `Edit ${workflow.name}` : 'New workflow', size: 'dialog-large',
      body: h('div', {}, status,
        h('p', { class: 'help' }, 'Each step names a connector (by name) and one of its actions. Templates: {{ input.… }} reads the run\u2019s input, ',
          '{{ steps.NAME.output.… }} an earlier step\u2019s output, {{ item }} the element of a forEach. Steps may have if, forEach, timeout, retry and onError.'),
        text),
      footer: [button('Cancel', { kind: 'ghost', onClick: () => dialog.close() }), save],
      initialFocus: text,
    });
    save.addEventListener('click', async () => {
      let body;
      try {
        body = JSON.parse(text.value);
      } catch (error) {
        show(status, errorPanel({ message: `The definition is not valid JSON: ${error.message}`, code: 'invalid_input' }, 'Not saved'));
        return;
      }
      try {
        const saved = await whileBusy(save, () => workflow ? api.updateWorkflow(app, workflow.id, body) : api.createWorkflow(app, body));
        dialog.close();
        toast(`Workflow ${saved.name} saved.`);
        refresh();
      } catch (error) {
        const panel = errorPanel(error, 'The workflow was not saved');
        if (error.field) panel.querySelector('div').append(h('p', { class: 'error-field' }, h('strong', {}, 'Field: '), h('code', {}, error.field)));
        show(status, panel);
      }
    });
  }

  /** Runs the workflow with an input and shows the run's steps as they ended (waiting up to 30 s). */
  function openRun(workflow) {
    const text = h('textarea', { id: 'run-input', class: 'mono', rows: 8, spellcheck: 'false', 'aria-label': 'Run input (JSON)' });
    text.value = '{}';
    const result = h('div', { id: 'run-result' });
    const start = button('Run', { kind: 'primary', attributes: { id: 'start-run' } });
    const dialog = openDialog({
      title: `Run ${workflow.name}`, size: 'dialog-large',
      body: h('div', {}, h('p', { class: 'help' }, 'The input, read by the steps as {{ input.… }}.'), text, result),
      footer: [button('Close', { kind: 'ghost', onClick: () => dialog.close() }), start],
      initialFocus: text,
    });
    start.addEventListener('click', async () => {
      let input;
      try {
        input = JSON.parse(text.value || '{}');
      } catch (error) {
        replace(result, errorPanel({ message: `The input is not valid JSON: ${error.message}`, code: 'invalid_input' }, 'Not started'));
        return;
      }
      try {
        const run = await whileBusy(start, () => api.runWorkflow(app, workflow.id, input, 30));
        replace(result, runDetail(run));
      } catch (error) {
        replace(result, errorPanel(error, 'The run was not started'));
      }
    });
  }

  /** The workflow's runs, newest first; a row opens that run's steps. */
  async function showHistory(workflow) {
    replace(detailHost, h('p', { class: 'muted' }, `Loading the runs of ${workflow.name}…`));
    try {
      const page = await api.runs(app, workflow.id);
      const runHost = h('div', {});
      replace(detailHost, h('section', { class: 'panel', id: 'run-history', 'aria-label': `Runs of ${workflow.name}` },
        h('h2', {}, `Runs of ${workflow.name}`),
        page.items.length === 0 ? h('p', { class: 'muted' }, 'No runs yet.') : runsTable(workflow, page.items, runHost),
        runHost));
    } catch (error) {
      replace(detailHost, errorPanel(error, 'Runs could not be loaded'));
    }
  }

  /** The runs as a table; a run's id opens its steps in `runHost`. */
  function runsTable(workflow, runs, runHost) {
    const openRun = async (run) => replace(runHost, runDetail(await api.run(app, run.id)));
    const row = (run) => h('tr', { 'data-run-id': run.id },
      h('th', { scope: 'row' },
        h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-action': 'open-run', onclick: () => openRun(run) }, run.id)),
      h('td', {}, statusBadge(run.status)),
      h('td', {}, run.startedBy),
      h('td', {}, formatDate(run.createdAt)),
      h('td', {}, runDuration(run)),
      h('td', {}, run.error ? run.error.code : '—'));
    const headers = ['Run', 'Status', 'Started by', 'Created', 'Duration', 'Error'].map((label) => h('th', { scope: 'col' }, label));
    return h('div', { class: 'table-card' }, h('div', { class: 'table-scroll' },
      h('table', { class: 'data-table', id: 'runs-table' },
        h('caption', { class: 'visually-hidden' }, `Runs of ${workflow.name}`),
        h('thead', {}, h('tr', {}, headers)),
        h('tbody', {}, runs.map(row)))));
  }

  function confirmDelete(workflow) {
    const status = h('div', { class: 'dialog-status', hidden: true });
    const remove = button('Delete', { kind: 'danger', attributes: { id: 'confirm-delete' } });
    const dialog = openDialog({
      title: `Delete ${workflow.name}?`, size: 'dialog-small',
      body: h('div', {}, status, h('p', {}, 'Its runs stay in the history. A workflow a trigger or another workflow uses is not deleted.')),
      footer: [button('Cancel', { kind: 'ghost', onClick: () => dialog.close() }), remove],
      initialFocus: remove,
    });
    remove.addEventListener('click', async () => {
      try {
        await whileBusy(remove, () => api.deleteWorkflow(app, workflow.id));
        dialog.close();
        toast(`Workflow ${workflow.name} deleted.`);
        replace(detailHost);
        refresh();
      } catch (error) {
        show(status, errorPanel(error, 'The workflow was not deleted'));
        remove.disabled = true;
      }
    });
  }
}

