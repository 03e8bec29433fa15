// Modal dialogs on <dialog>: focus moves in and is trapped, Escape closes, focus returns on close.
import { h, icon, uid } from './dom.js';

/**
 * Opens a modal dialog. `body` is a node; `footer` an array of buttons.
 * Returns {element, body, close}. `onClose` runs once when it closes, however it closes.
 */
export function openDialog({ title, body, footer = [], size = '', onClose = () => {}, initialFocus }) {
  const titleId = uid('dialog-title');
  const closeButton = h('button', { type: 'button', class: 'btn-icon', 'aria-label': 'Close dialog' }, icon('close'));
  const content = h('div', { class: 'dialog-body' }, body);
  const dialog = h('dialog', { class: `dialog ${size}`, 'aria-labelledby': titleId },
    h('header', { class: 'dialog-header' }, h('h2', { id: titleId }, title), closeButton),
    content,
    footer.length ? h('footer', { class: 'dialog-footer' }, footer) : null);
  const opener = document.activeElement;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    dialog.close();
    dialog.remove();
    onClose();
    if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
  };
  closeButton.addEventListener('click', close);
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    close();
  });
  dialog.addEventListener('keydown', (event) => trapTab(event, dialog));
  document.body.append(dialog);
  dialog.showModal();
  const target = initialFocus || focusables(content)[0] || closeButton;
  target.focus();
  return { element: dialog, body: content, close };
}

/** Keeps Tab and Shift+Tab inside the dialog. */
function trapTab(event, dialog) {
  if (event.key !== 'Tab') return;
  const items = focusables(dialog);
  if (items.length === 0) return;
  const first = items[0];
  const last = items[items.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

function focusables(root) {
  const selector = 'a[href], summary, button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  return [...root.querySelectorAll(selector)].filter((element) => element.offsetParent !== null || element === document.activeElement);
}

/** A button; `kind` is primary, danger, secondary or ghost. */
export function button(label, { kind = 'secondary', onClick, type = 'button', iconName, attributes = {} } = {}) {
  return h('button', { type, class: `btn btn-${kind}`, onclick: onClick, ...attributes }, iconName ? icon(iconName) : null, label);
}

/** Disables a button and marks it busy while `work` runs. */
export async function whileBusy(target, work) {
  target.disabled = true;
  target.setAttribute('aria-busy', 'true');
  target.classList.add('is-busy');
  try {
    return await work();
  } finally {
    target.disabled = false;
    target.removeAttribute('aria-busy');
    target.classList.remove('is-busy');
  }
}
