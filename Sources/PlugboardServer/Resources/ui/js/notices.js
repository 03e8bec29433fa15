// How results and errors are shown: error panels (message, cause, fix), test results and toasts.
import { h, icon, replace } from './dom.js';

/** A panel for an API error: its message, the likely cause and the fix. */
export function errorPanel(error, title = 'Something went wrong') {
  return h('div', { class: 'notice notice-error', role: 'alert', 'data-error-code': error.code || '' },
    icon('warning'),
    h('div', {},
      h('p', { class: 'notice-title' }, title),
      h('p', { class: 'error-message' }, error.message),
      error.cause ? h('p', { class: 'error-cause' }, h('strong', {}, 'Cause: '), error.cause) : null,
      error.fix ? h('p', { class: 'error-fix' }, h('strong', {}, 'Fix: '), error.fix) : null,
      error.code ? h('p', { class: 'error-code' }, h('code', {}, error.code)) : null));
}

/** A panel for a successful connection test, with its latency. */
export function successPanel(label, result) {
  const latency = Math.round(Number(result.latencyMs) || 0);
  return h('div', { class: 'notice notice-success', role: 'status' },
    icon('check'),
    h('div', {},
      h('p', { class: 'notice-title' }, label),
      h('p', {}, 'Latency ', h('strong', { class: 'test-latency' }, `${latency} ms`))));
}

/** Shows `node` in `region`, replacing what was there. */
export function show(region, node) {
  replace(region, node);
  region.hidden = !node;
}

/** A short message at the corner of the screen, read out by screen readers. */
export function toast(message) {
  const region = document.getElementById('toasts');
  const item = h('div', { class: 'toast' }, icon('check'), h('span', {}, message));
  region.append(item);
  setTimeout(() => item.remove(), 4000);
}
