// Starts the page: sign-in, the application chooser, the breadcrumb and the page the route names.
import { createClient } from './api.js';
import { resetCatalog } from './catalog.js';
import { renderConnectorsPage } from './connectors-page.js';
import { renderCredentialsPage } from './credentials-page.js';
import { h, replace } from './dom.js';
import { renderExecutionsPage } from './executions-page.js';
import { errorPanel } from './notices.js';
import { currentRoute, onRouteChange, PAGES, routeHash, session } from './state.js';
import { renderTriggersPage } from './triggers-page.js';
import { renderWorkflowsPage } from './workflows-page.js';

const PAGE_VIEWS = {
  connectors: { title: 'Connectors', render: renderConnectorsPage },
  credentials: { title: 'Credentials', render: renderCredentialsPage },
  triggers: { title: 'Triggers', render: renderTriggersPage },
  workflows: { title: 'Workflows', render: renderWorkflowsPage },
  executions: { title: 'Executions', render: renderExecutionsPage },
};

const $ = (id) => document.getElementById(id);
let api = null;
let applications = [];

function showSignIn(message = '') {
  api = null;
  resetCatalog();
  $('workspace').hidden = true;
  $('session-controls').hidden = true;
  $('sign-in').hidden = false;
  const error = $('token-error');
  error.textContent = message;
  error.hidden = !message;
  $('token-input').toggleAttribute('aria-invalid', Boolean(message));
  $('token-input').focus();
}

async function signIn(token) {
  const client = createClient(token, () => {
    session.signOut();
    showSignIn('The token was refused. It may have been revoked; sign in again.');
  });
  const page = await client.applications();
  api = client;
  applications = page.items;
  $('sign-in').hidden = true;
  $('token-input').value = '';
  $('session-controls').hidden = false;
  $('workspace').hidden = false;
  replace($('app-select'), applications.map((app) => h('option', { value: app.name }, app.name)));
  render();
}

function render() {
  if (!api) return;
  const route = currentRoute();
  if (applications.length === 0) return renderNoApplications();
  const app = applications.find((item) => item.name === route.app || item.id === route.app);
  if (!app) {
    location.replace(routeHash(applications[0].name, route.page));
    return;
  }
  $('app-select').value = app.name;
  $('crumb-app').textContent = app.name;
  const page = PAGE_VIEWS[route.page] || PAGE_VIEWS.connectors;
  const pageName = page.title;
  const crumb = $('crumb-page');
  crumb.textContent = pageName;
  crumb.href = routeHash(app.name, route.page);
  document.title = `${pageName} · ${app.name} · Plugboard`;
  for (const name of PAGES) {
    const tab = $(`tab-${name}`);
    tab.href = routeHash(app.name, name);
    if (name === route.page) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  page.render({ api, app: app.name, view: $('view') });
}

function renderNoApplications() {
  $('crumb-app').textContent = 'No application';
  const input = h('input', { id: 'new-app-name', type: 'text', required: true, autocomplete: 'off', 'aria-describedby': 'new-app-error' });
  const status = h('div', {});
  const form = h('form', { class: 'card empty-state', novalidate: true },
    h('h1', {}, 'Create your first application'),
    h('p', { class: 'muted' }, 'An application holds its own connectors and credentials. Name it after the product or team that uses them.'),
    h('div', { class: 'field' }, h('label', { for: 'new-app-name' }, 'Application name'), input),
    status,
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create application'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const created = await api.createApplication(input.value.trim());
      applications = [created];
      replace($('app-select'), h('option', { value: created.name }, created.name));
      location.hash = routeHash(created.name);
      render();
    } catch (error) {
      replace(status, errorPanel(error, 'The application was not created'));
    }
  });
  replace($('view'), form);
  input.focus();
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = $('token-input').value.trim();
  if (!token) return showSignIn('Enter an API token.');
  try {
    await signIn(token);
    session.signIn(token);
  } catch (error) {
    showSignIn(error.status === 401 ? 'That token was not accepted. Check it and try again.' : error.message);
  }
});

$('sign-out').addEventListener('click', () => {
  session.signOut();
  replace($('view'));
  showSignIn();
});

$('app-select').addEventListener('change', (event) => {
  location.hash = routeHash(event.target.value, currentRoute().page);
});

onRouteChange(render);

if (session.token) {
  signIn(session.token).catch(() => {
    session.signOut();
    showSignIn('Your session ended. Sign in again.');
  });
} else {
  showSignIn();
}
