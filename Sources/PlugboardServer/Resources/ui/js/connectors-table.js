// The connectors table: server-side sorting, search and paging, so 5,000 connectors stay fast.
import { h, icon, formatDate, replace } from './dom.js';
import { errorPanel } from './notices.js';

const COLUMNS = [
  { key: 'name', label: 'Connector Name', sort: 'name' },
  { key: 'description', label: 'Description' },
  { key: 'type', label: 'Resource', sort: 'type' },
  { key: 'createdAt', label: 'Created At', sort: 'createdAt' },
];

/**
 * A table bound to `load(query) -> {items,total,limit,offset}`. `actions` has test, edit and remove callbacks;
 * `emptyState()` returns what to show when there are no connectors at all.
 */
export function createConnectorsTable({ load, actions, emptyState }) {
  const state = { sort: 'name', order: 'asc', name: '', offset: 0, limit: 25 };
  let sequence = 0;
  const head = h('thead', {}, h('tr', {}, COLUMNS.map(headerCell), h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'visually-hidden' }, 'Actions'))));
  const rows = h('tbody', {});
  const table = h('table', { class: 'data-table', id: 'connectors-table', 'aria-describedby': 'connectors-summary' },
    h('caption', { class: 'visually-hidden' }, 'Connectors'), head, rows);
  const summary = h('p', { class: 'pager-summary', id: 'connectors-summary', 'aria-live': 'polite' });
  const previous = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': 'Previous page', onclick: () => page(-1) }, icon('chevronLeft'), 'Previous');
  const next = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': 'Next page', onclick: () => page(1) }, 'Next', icon('chevronRight'));
  const pageSize = h('select', { 'aria-label': 'Rows per page', onchange: () => { state.limit = Number(pageSize.value); state.offset = 0; refresh(); } },
    [25, 50, 100].map((size) => h('option', { value: size }, `${size} per page`)));
  const pager = h('div', { class: 'pager' }, summary, h('div', { class: 'pager-controls' }, pageSize, previous, next));
  const scroller = h('div', { class: 'table-scroll' }, table);
  const message = h('div', { class: 'table-message', hidden: true });
  const element = h('div', { class: 'table-card' }, scroller, message, pager);

  function headerCell(column) {
    if (!column.sort) return h('th', { scope: 'col', class: `col-${column.key}` }, column.label);
    const buttonEl = h('button', { type: 'button', class: 'sort-button', 'data-sort': column.sort, onclick: () => sortBy(column.sort) },
      column.label, icon('sort'));
    return h('th', { scope: 'col', class: `col-${column.key}`, 'aria-sort': 'none' }, buttonEl);
  }

  function sortBy(key) {
    state.order = state.sort === key && state.order === 'asc' ? 'desc' : 'asc';
    state.sort = key;
    state.offset = 0;
    refresh();
  }

  function page(direction) {
    state.offset = Math.max(0, state.offset + direction * state.limit);
    refresh();
  }

  function updateHeaders() {
    for (const th of head.querySelectorAll('th[aria-sort]')) {
      const key = th.querySelector('button').dataset.sort;
      const active = key === state.sort;
      th.setAttribute('aria-sort', active ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none');
      th.querySelector('svg').replaceWith(icon(active ? (state.order === 'asc' ? 'sortUp' : 'sortDown') : 'sort'));
    }
  }

  function row(connector) {
    const label = connector.name;
    return h('tr', { 'data-connector-id': connector.id, 'data-connector-name': connector.name },
      h('th', { scope: 'row', class: 'col-name' }, h('span', { class: 'cell-name' }, connector.name),
        connector.credentialName ? h('span', { class: 'cell-sub' }, icon('key'), connector.credentialName) : null),
      h('td', { class: 'col-description' }, connector.description || h('span', { class: 'muted' }, '—')),
      h('td', { class: 'col-type' }, h('code', { class: 'resource' }, connector.type)),
      h('td', { class: 'col-createdAt' }, h('time', { datetime: connector.createdAt }, formatDate(connector.createdAt))),
      h('td', { class: 'col-actions' }, h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'btn-icon', 'data-action': 'test', 'aria-label': `Test connection of ${label}`, title: 'Test connection',
          onclick: (event) => actions.test(connector, event.currentTarget) }, icon('test')),
        h('button', { type: 'button', class: 'btn-icon', 'data-action': 'edit', 'aria-label': `Edit ${label}`, title: 'Edit',
          onclick: () => actions.edit(connector) }, icon('edit')),
        h('button', { type: 'button', class: 'btn-icon btn-icon-danger', 'data-action': 'delete', 'aria-label': `Delete ${label}`, title: 'Delete',
          onclick: () => actions.remove(connector) }, icon('trash')))));
  }

  async function refresh() {
    const mine = ++sequence;
    element.setAttribute('aria-busy', 'true');
    updateHeaders();
    try {
      const query = { sort: state.sort, order: state.order, limit: state.limit, offset: state.offset };
      if (state.name) query.name = state.name;
      const result = await load(query);
      if (mine !== sequence) return;
      if (result.items.length === 0 && result.total > 0 && state.offset > 0) {
        state.offset = Math.max(0, Math.floor((result.total - 1) / state.limit) * state.limit);
        refresh();
        return;
      }
      replace(rows, result.items.map(row));
      const empty = result.total === 0;
      scroller.hidden = empty;
      pager.hidden = empty;
      message.hidden = !empty;
      if (empty) replace(message, state.name ? h('p', { class: 'empty-search' }, `No connectors match “${state.name}”.`) : emptyState());
      const first = result.total === 0 ? 0 : state.offset + 1;
      const last = state.offset + result.items.length;
      summary.textContent = `${first.toLocaleString()}–${last.toLocaleString()} of ${result.total.toLocaleString()}`;
      previous.disabled = state.offset === 0;
      next.disabled = last >= result.total;
    } catch (error) {
      if (mine !== sequence) return;
      scroller.hidden = true;
      pager.hidden = true;
      message.hidden = false;
      replace(message, errorPanel(error, 'Connectors could not be loaded'));
    } finally {
      if (mine === sequence) element.removeAttribute('aria-busy');
    }
  }

  return {
    element,
    refresh,
    /** Filters by name (a search box calls this). */
    search(text) {
      state.name = text.trim();
      state.offset = 0;
      return refresh();
    },
  };
}
