// Connector types and credential kinds: read once per sign-in, they do not change while the page is open.

let types = null;
let kinds = null;

/** Connector types, in the API's order. */
export async function connectorTypes(api) {
  if (!types) types = api.connectorTypes().then((page) => page.items).catch((error) => { types = null; throw error; });
  return types;
}

/** Credential kinds, in the API's order. */
export async function credentialKinds(api) {
  if (!kinds) kinds = api.credentialKinds().then((page) => page.items).catch((error) => { kinds = null; throw error; });
  return kinds;
}

/** Forgets what was read (after signing out). */
export function resetCatalog() {
  types = null;
  kinds = null;
}

/** Types grouped by category: [[category, [type...]]], categories and types sorted by name. */
export function groupByCategory(list) {
  const groups = new Map();
  for (const type of list) {
    if (!groups.has(type.category)) groups.set(type.category, []);
    groups.get(type.category).push(type);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, items]) => [category, items.sort((a, b) => a.displayName.localeCompare(b.displayName))]);
}
