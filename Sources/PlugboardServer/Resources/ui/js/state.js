// Session and route: the token lives in sessionStorage (this tab only); the page lives in the URL hash.

const TOKEN_KEY = 'plugboard.token';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  signIn(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

export const PAGES = ['connectors', 'credentials', 'triggers', 'workflows', 'executions'];

/** The route in the hash: #/{application}/{page}. */
export function currentRoute() {
  const [, app = '', page = ''] = location.hash.replace(/^#/, '').split('/');
  return { app: decodeURIComponent(app), page: PAGES.includes(page) ? page : 'connectors' };
}

/** The hash for an application's page. */
export function routeHash(app, page = 'connectors') {
  return `#/${encodeURIComponent(app)}/${page}`;
}

/** Calls `listener` whenever the route changes. */
export function onRouteChange(listener) {
  window.addEventListener('hashchange', () => listener(currentRoute()));
}
