// The Executions page: the execution log, newest first, filtered by status; each row names the workflow run it was
// a step of. Inputs and secrets are never in the log.
import { formatDate, h, replace } from './dom.js';
import { errorPanel } from './notices.js';
import { formatDuration, statusBadge } from './runs-view.js';

/** Renders the page into `view` for application `app`. */
export function renderExecutionsPage({ api, app, view }) {
  const listHost = h('div', { class: 'table-card' });
  const status = h('select', { id: 'execution-status', 'aria-label': 'Status' },
    h('option', { value: '' }, 'Any status'), h('option', { value: 'succeeded' }, 'Succeeded'), h('option', { value: 'failed' }, 'Failed'));
  status.addEventListener('change', refresh);
  replace(view,
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Executions'),
        h('p', { class: 'muted' }, 'Every action run through a connector: by the API, the CLI, an agent or a workflow step. Never inputs or secrets.'))),
    h('div', { class: 'toolbar' }, status),
    listHost);
  refresh();

  async function refresh() {
    listHost.setAttribute('aria-busy', 'true');
    try {
      const query = { limit: 100 };
      if (status.value) query.status = status.value;
      const page = await api.executions(app, query);
      replace(listHost, page.items.length ? table(page) : h('div', { class: 'empty-state' },
        h('h2', {}, 'No executions yet'), h('p', {}, 'Run an action, a workflow, or let an agent call a tool; each call shows up here.')));
    } catch (error) {
      replace(listHost, errorPanel(error, 'Executions could not be loaded'));
    } finally {
      listHost.removeAttribute('aria-busy');
    }
  }

  function table(page) {
    return h('div', {}, h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: 'executions-table' },
      h('caption', { class: 'visually-hidden' }, 'Executions'),
      h('thead', {}, h('tr', {}, ['Started', 'Connector', 'Action', 'Status', 'Error', 'Duration', 'Tokens', 'By', 'Run'].map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, page.items.map((execution) => h('tr', { 'data-execution-id': execution.id },
        h('td', {}, formatDate(execution.startedAt)), h('th', { scope: 'row' }, execution.connectorName), h('td', {}, execution.action),
        h('td', {}, statusBadge(execution.status)), h('td', {}, execution.errorCode || '—'), h('td', {}, formatDuration(execution.durationMs)),
        h('td', { title: 'Model tokens read / written' }, execution.tokens ? `${execution.tokens.inputTokens} / ${execution.tokens.outputTokens}` : '—'),
        h('td', {}, execution.tokenName), h('td', { class: 'mono' }, execution.runId || '—')))))),
      h('p', { class: 'pager-summary muted' }, `${page.items.length} of ${page.total}`));
  }
}
