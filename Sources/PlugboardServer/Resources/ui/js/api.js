// The API client: JSON over fetch with the session's bearer token; failures become ApiError.

/** An error from the API, with the fields every Plugboard error carries. */
export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `The request failed with HTTP ${status}.`);
    this.status = status;
    this.code = error.code || 'http_error';
    this.cause = error.cause || '';
    this.fix = error.fix || '';
    this.retryable = Boolean(error.retryable);
    this.field = error.field;
    this.details = error.details || {};
  }

  /** Field errors as [{field, message}], from details.fields or the single field. */
  get fieldErrors() {
    if (Array.isArray(this.details.fields)) return this.details.fields;
    return this.field ? [{ field: this.field, message: this.message }] : [];
  }
}

/** A client bound to a token. `onUnauthorized` runs when the token is refused. */
export function createClient(token, onUnauthorized = () => {}) {
  async function request(method, path, body) {
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    const init = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(`/api/v1${path}`, init);
    } catch {
      throw new ApiError(0, { error: {
        code: 'network_error', message: 'Plugboard could not be reached.',
        cause: 'The server is down or the network is unavailable.', fix: 'Check that Plugboard is running, then try again.',
        retryable: true } });
    }
    const text = response.status === 204 ? '' : await response.text();
    const json = text ? safeParse(text) : null;
    if (!response.ok) {
      if (response.status === 401) onUnauthorized();
      throw new ApiError(response.status, json);
    }
    return json;
  }

  const app = (name) => `/applications/${encodeURIComponent(name)}`;
  return {
    applications: () => request('GET', '/applications?limit=500'),
    createApplication: (name) => request('POST', '/applications', { name }),
    connectorTypes: () => request('GET', '/connector-types'),
    credentialKinds: () => request('GET', '/credential-kinds'),
    connectors: (appName, query) => request('GET', `${app(appName)}/connectors?${new URLSearchParams(query)}`),
    createConnector: (appName, body) => request('POST', `${app(appName)}/connectors`, body),
    updateConnector: (appName, id, body) => request('PATCH', `${app(appName)}/connectors/${encodeURIComponent(id)}`, body),
    deleteConnector: (appName, id) => request('DELETE', `${app(appName)}/connectors/${encodeURIComponent(id)}`),
    dependents: (appName, id) => request('GET', `${app(appName)}/connectors/${encodeURIComponent(id)}/dependents`),
    testConnector: (appName, id) => request('POST', `${app(appName)}/connectors/${encodeURIComponent(id)}/test`),
    testDraft: (appName, body) => request('POST', `${app(appName)}/connectors/test`, body),
    credentials: (appName) => request('GET', `${app(appName)}/credentials?limit=500`),
    createCredential: (appName, body) => request('POST', `${app(appName)}/credentials`, body),
    updateCredential: (appName, id, body) => request('PATCH', `${app(appName)}/credentials/${encodeURIComponent(id)}`, body),
    deleteCredential: (appName, id) => request('DELETE', `${app(appName)}/credentials/${encodeURIComponent(id)}`),
    credential: (appName, id) => request('GET', `${app(appName)}/credentials/${encodeURIComponent(id)}`),
    connectCredential: (appName, id) => request('POST', `${app(appName)}/credentials/${encodeURIComponent(id)}/connect`),
    workflows: (appName) => request('GET', `${app(appName)}/workflows`),
    createWorkflow: (appName, body) => request('POST', `${app(appName)}/workflows`, body),
    updateWorkflow: (appName, id, body) => request('PATCH', `${app(appName)}/workflows/${encodeURIComponent(id)}`, body),
    deleteWorkflow: (appName, id) => request('DELETE', `${app(appName)}/workflows/${encodeURIComponent(id)}`),
    runWorkflow: (appName, id, input, wait) => request('POST', `${app(appName)}/workflows/${encodeURIComponent(id)}/runs?wait=${wait}`, { input }),
    runs: (appName, workflow) => request('GET', workflow
      ? `${app(appName)}/workflows/${encodeURIComponent(workflow)}/runs?limit=50` : `${app(appName)}/runs?limit=50`),
    run: (appName, id) => request('GET', `${app(appName)}/runs/${encodeURIComponent(id)}`),
    cancelRun: (appName, id) => request('POST', `${app(appName)}/runs/${encodeURIComponent(id)}/cancel`),
    triggers: (appName) => request('GET', `${app(appName)}/triggers`),
    createTrigger: (appName, body) => request('POST', `${app(appName)}/triggers`, body),
    updateTrigger: (appName, id, body) => request('PATCH', `${app(appName)}/triggers/${encodeURIComponent(id)}`, body),
    deleteTrigger: (appName, id) => request('DELETE', `${app(appName)}/triggers/${encodeURIComponent(id)}`),
    triggerEvents: (appName, id) => request('GET', `${app(appName)}/triggers/${encodeURIComponent(id)}/events?limit=50`),
    executions: (appName, query) => request('GET', `${app(appName)}/executions?${new URLSearchParams(query)}`),
  };
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
