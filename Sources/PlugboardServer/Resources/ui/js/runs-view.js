// Runs and their steps, shared by the Workflows page: a status badge, JSON shown as text, a run's step list.
import { formatDate, h } from './dom.js';

/** A status as a coloured badge (succeeded, failed, running, subscribed, …). */
export function statusBadge(status) {
  return h('span', { class: `status status-${status || 'unknown'}` }, status || '—');
}

/** JSON shown as indented text, never as HTML. */
export function jsonView(value, label) {
  return h('pre', { class: 'json-view', 'aria-label': label }, JSON.stringify(value, null, 2));
}

/** Milliseconds as "12 ms" or "1.4 s". */
export function formatDuration(milliseconds) {
  if (milliseconds === undefined || milliseconds === null) return '—';
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`;
}

/** How long a run took, from its start to its end (or to now). */
export function runDuration(run) {
  if (!run.startedAt) return '—';
  const end = run.finishedAt ? new Date(run.finishedAt) : new Date();
  return formatDuration(end - new Date(run.startedAt));
}

/** One run: its status, who started it, its error, and each step with status, tries, duration, output and error. */
export function runDetail(run) {
  return h('section', { class: 'card panel run-detail', 'data-run-id': run.id, 'aria-label': `Run ${run.id}` },
    h('div', { class: 'run-step-head' },
      h('h3', {}, `Run ${run.id}`), statusBadge(run.status),
      h('span', { class: 'muted' }, `started by ${run.startedBy} · ${formatDate(run.createdAt)} · ${runDuration(run)}`)),
    run.error ? h('p', { class: 'error-message' }, run.error.message) : null,
    h('ol', { class: 'run-steps' }, (run.steps || []).map((step) => h('li', { 'data-step': step.name },
      h('div', { class: 'run-step-head' },
        h('strong', {}, step.name), statusBadge(step.status),
        step.durationMs !== undefined ? h('span', { class: 'muted' }, formatDuration(step.durationMs)) : null,
        step.attempts > 1 ? h('span', { class: 'muted' }, `${step.attempts} tries`) : null),
      step.error ? h('p', { class: 'error-message' }, `${step.error.code}: ${step.error.message}`) : null,
      step.output !== undefined && step.output !== null ? jsonView(step.output, `Output of ${step.name}`) : null))),
    run.status === 'succeeded' ? h('div', {}, h('p', { class: 'section-title' }, 'Output'), jsonView(run.output, 'Run output')) : null);
}
