// The Triggers page: the table with each trigger's state and last events, create (a webhook's URL and secret are
// shown once), pause and resume, the events a trigger received, delete.
import { button, openDialog, whileBusy } from './dialogs.js';
import { formatDate, h, icon, replace, uid } from './dom.js';
import { errorPanel, show, toast } from './notices.js';
import { jsonView, statusBadge } from './runs-view.js';

/** Renders the page into `view` for application `app`. */
export function renderTriggersPage({ api, app, view }) {
  const listHost = h('div', { class: 'table-card' });
  const detailHost = h('div', { id: 'trigger-detail' });
  const create = () => openCreate();
  replace(view,
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Triggers'),
        h('p', { class: 'muted' }, 'Events in (webhooks, schedules, database notifications) start a workflow or call a URL.')),
      button('New trigger', { kind: 'primary', iconName: 'plus', onClick: create, attributes: { id: 'create-trigger' } })),
    listHost, detailHost);
  refresh();

  async function refresh() {
    listHost.setAttribute('aria-busy', 'true');
    try {
      const page = await api.triggers(app);
      replace(listHost, page.items.length ? table(page.items) : h('div', { class: 'empty-state' },
        h('div', { class: 'empty-icon' }, icon('test')), h('h2', {}, 'No triggers yet'),
        h('p', {}, 'A trigger starts a workflow when something happens: a webhook arrives, a schedule ticks, a database sends NOTIFY.'),
        button('New trigger', { kind: 'primary', iconName: 'plus', onClick: create })));
    } catch (error) {
      replace(listHost, errorPanel(error, 'Triggers could not be loaded'));
    } finally {
      listHost.removeAttribute('aria-busy');
    }
  }

  function source(trigger) {
    const options = trigger.options || {};
    if (trigger.source === 'schedule') return options.cron ? `cron ${options.cron} (${options.timeZone || 'UTC'})` : `every ${options.interval} s`;
    if (trigger.source === 'webhook') return 'webhook';
    return `${trigger.source}${options.channel ? ` ${options.channel}` : ''}`;
  }

  function target(trigger) {
    return trigger.target.url ? trigger.target.url : `workflow ${trigger.target.workflowName || trigger.target.workflow}`;
  }

  function table(items) {
    return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: 'triggers-table' },
      h('caption', { class: 'visually-hidden' }, 'Triggers'),
      h('thead', {}, h('tr', {}, ['Name', 'Source', 'Target', 'State', 'Events', 'Last event'].map((label) => h('th', { scope: 'col' }, label)),
        h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, items.map(row))));
  }

  function row(trigger) {
    const state = trigger.paused ? 'paused' : trigger.state;
    return h('tr', { 'data-trigger-name': trigger.name },
      h('th', { scope: 'row' }, h('span', { class: 'cell-name' }, trigger.name),
        trigger.url ? h('span', { class: 'cell-sub muted mono' }, trigger.url) : null),
      h('td', {}, source(trigger)),
      h('td', {}, target(trigger)),
      h('td', {}, statusBadge(state), trigger.lastError ? h('span', { class: 'cell-sub error-message' }, trigger.lastError.message) : null),
      h('td', {}, String(trigger.eventCount)),
      h('td', {}, formatDate(trigger.lastEventAt)),
      h('td', { class: 'col-actions' }, h('div', { class: 'row-actions' },
        button(trigger.paused ? 'Resume' : 'Pause', { kind: 'secondary', onClick: (event) => setPaused(trigger, !trigger.paused, event.currentTarget),
          attributes: { 'data-action': trigger.paused ? 'resume' : 'pause', class: 'btn btn-secondary btn-small' } }),
        button('Events', { kind: 'ghost', onClick: () => showEvents(trigger), attributes: { 'data-action': 'events', class: 'btn btn-ghost btn-small' } }),
        h('button', { type: 'button', class: 'btn-icon btn-icon-danger', 'data-action': 'delete', 'aria-label': `Delete ${trigger.name}`,
          title: 'Delete', onclick: () => confirmDelete(trigger) }, icon('trash')))));
  }

  async function setPaused(trigger, paused, control) {
    try {
      await whileBusy(control, () => api.updateTrigger(app, trigger.id, { paused }));
      toast(`Trigger ${trigger.name} ${paused ? 'paused' : 'resumed'}.`);
      refresh();
    } catch (error) {
      show(detailHost, errorPanel(error, `Trigger ${trigger.name} was not changed`));
    }
  }

  async function showEvents(trigger) {
    try {
      const page = await api.triggerEvents(app, trigger.id);
      replace(detailHost, h('section', { class: 'panel', id: 'trigger-events', 'aria-label': `Events of ${trigger.name}` },
        h('h2', {}, `Events of ${trigger.name}`),
        page.items.length === 0 ? h('p', { class: 'muted' }, 'No events yet.') : h('div', { class: 'table-card' }, h('div', { class: 'table-scroll' },
          h('table', { class: 'data-table', id: 'events-table' },
            h('caption', { class: 'visually-hidden' }, `Events of ${trigger.name}`),
            h('thead', {}, h('tr', {}, ['Received', 'Status', 'Tries', 'Run', 'Payload'].map((label) => h('th', { scope: 'col' }, label)))),
            h('tbody', {}, page.items.map((event) => h('tr', { 'data-event-id': event.id },
              h('td', {}, formatDate(event.receivedAt)), h('td', {}, statusBadge(event.status),
                event.lastError ? h('span', { class: 'cell-sub error-message' }, event.lastError.message) : null),
              h('td', {}, String(event.attempts)), h('td', { class: 'mono' }, event.runId || '—'),
              h('td', {}, jsonView(event.payload, `Payload of ${event.id}`))))))))));
    } catch (error) {
      replace(detailHost, errorPanel(error, 'Events could not be loaded'));
    }
  }

  async function openCreate() {
    let workflows = [];
    try {
      workflows = (await api.workflows(app)).items;
    } catch {
      workflows = [];
    }
    const field = (label, control, help) => {
      const id = control.id || uid('field');
      control.id = id;
      return h('div', { class: 'field' }, h('label', { for: id }, label), control, help ? h('p', { class: 'help' }, help) : null);
    };
    const name = h('input', { id: 'trigger-name', type: 'text', required: true, autocomplete: 'off' });
    const sourceSelect = h('select', { id: 'trigger-source' },
      h('option', { value: 'webhook' }, 'Webhook'), h('option', { value: 'schedule' }, 'Schedule'));
    const cron = h('input', { id: 'trigger-cron', type: 'text', placeholder: '*/15 * * * *', autocomplete: 'off' });
    const zone = h('input', { id: 'trigger-zone', type: 'text', value: 'UTC', autocomplete: 'off' });
    const interval = h('input', { id: 'trigger-interval', type: 'number', min: '1', placeholder: 'seconds' });
    const schedule = h('div', { class: 'form-section', hidden: true },
      field('Cron expression', cron, 'Five fields (minute hour day month weekday), or @hourly, @daily… Leave empty to use an interval.'),
      field('Time zone', zone), field('Or every (seconds)', interval));
    const workflowSelect = h('select', { id: 'trigger-workflow' },
      h('option', { value: '' }, '— a URL instead —'), workflows.map((workflow) => h('option', { value: workflow.name }, workflow.name)));
    const url = h('input', { id: 'trigger-url', type: 'url', placeholder: 'https://example.com/hook', autocomplete: 'off' });
    sourceSelect.addEventListener('change', () => { schedule.hidden = sourceSelect.value !== 'schedule'; });
    const status = h('div', { class: 'dialog-status', hidden: true });
    const save = button('Create trigger', { kind: 'primary', attributes: { id: 'save-trigger' } });
    const dialog = openDialog({
      title: 'New trigger', size: 'dialog-medium',
      body: h('form', { class: 'form', novalidate: true, onsubmit: (event) => event.preventDefault() }, status,
        field('Name', name), field('Source', sourceSelect), schedule,
        field('Start a run of', workflowSelect, 'Each event starts a run with the event as its input.'),
        field('Or POST each event to', url)),
      footer: [button('Cancel', { kind: 'ghost', onClick: () => dialog.close() }), save],
      initialFocus: name,
    });
    save.addEventListener('click', async () => {
      const options = {};
      if (sourceSelect.value === 'schedule') {
        if (cron.value.trim()) {
          options.cron = cron.value.trim();
          options.timeZone = zone.value.trim() || 'UTC';
        } else if (interval.value) {
          options.interval = Number(interval.value);
        }
      }
      const body = {
        name: name.value.trim(), source: sourceSelect.value, options,
        target: workflowSelect.value ? { workflow: workflowSelect.value } : { url: url.value.trim() },
      };
      try {
        const created = await whileBusy(save, () => api.createTrigger(app, body));
        dialog.close();
        toast(`Trigger ${created.name} created.`);
        if (created.secret) showSecret(created);
        refresh();
      } catch (error) {
        show(status, errorPanel(error, 'The trigger was not created'));
      }
    });
  }

  function showSecret(created) {
    const dialog = openDialog({
      title: `Webhook ${created.name}`, size: 'dialog-medium',
      body: h('div', { id: 'webhook-secret' },
        h('p', {}, 'Send events to this URL:'), h('p', { class: 'secret-once', id: 'webhook-url' }, created.url),
        h('p', {}, created.source === 'webhook'
          ? 'With this secret in the Plugboard-Webhook-Secret header, or as the key of an HMAC-SHA256 signature of the body in Plugboard-Signature: sha256=<hex>. It is shown only now.'
          : "The connector's service proves its requests with this secret: Telegram gets it with setWebhook; for WhatsApp, enter the URL and this secret as the verify token in Meta's App Dashboard. It is shown only now."),
        h('p', { class: 'secret-once', id: 'webhook-secret-value' }, created.secret)),
      footer: [button('Done', { kind: 'primary', onClick: () => dialog.close() })],
    });
  }

  function confirmDelete(trigger) {
    const status = h('div', { class: 'dialog-status', hidden: true });
    const remove = button('Delete', { kind: 'danger', attributes: { id: 'confirm-delete' } });
    const dialog = openDialog({
      title: `Delete ${trigger.name}?`, size: 'dialog-small',
      body: h('div', {}, status, h('p', {}, 'It is unsubscribed first; its events are deleted with it. Runs it started stay.')),
      footer: [button('Cancel', { kind: 'ghost', onClick: () => dialog.close() }), remove],
      initialFocus: remove,
    });
    remove.addEventListener('click', async () => {
      try {
        await whileBusy(remove, () => api.deleteTrigger(app, trigger.id));
        dialog.close();
        toast(`Trigger ${trigger.name} deleted.`);
        replace(detailHost);
        refresh();
      } catch (error) {
        show(status, errorPanel(error, 'The trigger was not deleted'));
      }
    });
  }
}
