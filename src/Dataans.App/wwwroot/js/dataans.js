// The one interop module of the Dataans UI: keyboard shortcuts, clipboard, time zone, editors
// (keys, paste, drop, drafts), uploads and timeline scrolling. Text transforms live in editor.js,
// the timeline's scrolling in timeline.js (re-exported here).
import { applyKey } from './editor.js';

export { observeTimeline, timelineRendered, detachTimeline } from './timeline.js';

let bridge = null;
let bindings = {};
// The field the user chose last (by pointer, keyboard, a shortcut such as the search's; not an editor that
// focused itself when it set up); null once they press a pointer on something that is not a field (such as
// a note's Edit button).
let userField = null;
let appFocusing = false;
const isField = element => element?.matches?.('input, textarea, select, [contenteditable]:not([contenteditable="false"])') ?? false;

// Calls .NET; a component that went away meanwhile (e.g. the user switched spaces) is not an error.
export async function call(target, method, ...args) {
  try {
    return await target?.invokeMethodAsync(method, ...args);
  } catch {
    return undefined;
  }
}

export function init(dotnet, map) {
  bridge = dotnet;
  bindings = map || {};
  if (window.__dataansReady) return;
  window.__dataansReady = true;
  document.addEventListener('keydown', onShortcutKey);
  document.addEventListener('focusin', event => { if (!appFocusing) userField = isField(event.target) ? event.target : null; }, true);
  document.addEventListener('pointerdown', event => { if (!isField(event.target)) userField = null; }, true);
  document.addEventListener('click', onDelegatedClick);
  document.addEventListener('click', onFilePickerClick);
  if (!inDesktopWindow) {
    document.addEventListener('dragover', onStrayFileDrag);
    document.addEventListener('drop', onStrayFileDrop);
  }
}

// Files dragged where no editor takes them (the spaces list, a header, a composer not yet set up) would make the
// browser open the file in place of the app: show "no drop" there instead, and refuse a drop that still comes.
const draggingFiles = (e) => [...(e.dataTransfer?.types || [])].includes('Files');

function onStrayFileDrag(e) {
  if (e.defaultPrevented || !draggingFiles(e)) return;
  e.preventDefault();
  e.dataTransfer.dropEffect = 'none';
}

function onStrayFileDrop(e) {
  if (e.defaultPrevented || !draggingFiles(e)) return;
  e.preventDefault();
  call(bridge, 'OnError', 'Files attach to a note when dropped over the notes of an open space.');
}

export function setBindings(map) {
  bindings = map || {};
}

export const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function focus(element) {
  element?.focus?.();
}

// Focus for an editor that has just set itself up (a few round trips after it showed): not when the user has
// meanwhile gone on to another field (the search box, a form) and is still there, or a dialog is open, where
// keys would otherwise jump into the editor halfway through a word. A field the app focused by itself (an
// editor opened just before) is not the user's choice and gives way.
export function focusUnlessTypingElsewhere(element) {
  const active = document.activeElement;
  if (!element || (userField && active === userField && active !== element) || document.querySelector('[data-modal]')) return;
  appFocusing = true;
  try {
    element.focus?.();
  } finally {
    appFocusing = false;
  }
}

// A button marked data-opens-file-picker opens the file input right after it, in the click itself: a
// browser (WebKitGTK within about a second) only opens a file chooser close to the user's gesture, and a
// round trip through the Blazor connection can take longer than that.
function onFilePickerClick(e) {
  const opener = e.target.closest?.('[data-opens-file-picker]');
  const input = opener?.nextElementSibling;
  if (!opener || opener.disabled || !input?.matches('input[type=file]')) return;
  input.click();
}

export function setValue(input, value) {
  if (input && input.value !== value) input.value = value;
}

// ---- Keyboard shortcuts from config.toml: the same "Ctrl+Shift+Alt+Meta+key" strings as the original.

function comboOf(e) {
  const parts = [];
  if (e.ctrlKey) parts.push('Ctrl');
  if (e.shiftKey) parts.push('Shift');
  if (e.altKey) parts.push('Alt');
  if (e.metaKey) parts.push('Meta');
  parts.push(e.key);
  return parts.join('+');
}

function onShortcutKey(e) {
  if (e.defaultPrevented || e.isComposing || !bridge) return;
  // The settings page is recording a new shortcut: the keys are its, not the browser's nor a binding's.
  if (e.target?.closest?.('[data-key-recorder]')) {
    if (e.key !== 'Tab') e.preventDefault();
    return;
  }
  const action = bindings[comboOf(e)];
  if (!action) return;
  const inForm = !!document.querySelector('[data-space-form]');
  if (action === 'regenerate-space-avatar' ? !inForm : document.querySelector('[data-modal]')) return;
  e.preventDefault();
  call(bridge, 'OnShortcut', action);
}

// ---- Clipboard: copy buttons of code blocks and clicks on inline code (rendered, sanitized HTML).

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

async function onDelegatedClick(e) {
  const button = e.target.closest?.('.markdown .copy-code');
  const inline = !button && e.target.closest?.('.markdown code');
  let text = null;
  if (button) {
    text = button.closest('.code-block')?.querySelector('pre')?.innerText ?? '';
  } else if (inline && !inline.closest('pre')) {
    text = inline.innerText;
  }
  if (text === null) return;
  if (await copyText(text)) call(bridge, 'OnCopied');
}

// ---- Uploads: streamed to the app's loopback endpoint, never through the Blazor connection.

async function upload(file, name) {
  const response = await fetch('/api/uploads?name=' + encodeURIComponent(name), {
    method: 'POST',
    body: file,
    headers: { 'X-Dataans-Upload': '1', 'Content-Type': 'application/octet-stream' },
  });
  if (!response.ok) throw new Error(`the upload of '${name}' failed (${response.status})`);
  return await response.json();
}

async function uploadAll(files, nameOf) {
  const uploaded = [];
  for (const file of files) {
    try {
      uploaded.push(await upload(file, nameOf(file)));
    } catch (error) {
      call(bridge, 'OnError', `Could not attach a file: ${error.message}.`);
    }
  }
  return uploaded;
}

// With a textarea, picked images are also referenced in the text (as paste does), at the caret.
export function attachFilePicker(input, component, method, textarea) {
  if (input.__dataansPicker) return;
  input.__dataansPicker = true;
  const picked = async () => {
    const files = [...input.files];
    input.value = '';
    const position = textarea?.selectionStart ?? 0;
    const uploaded = await uploadAll(files, (file) => file.name);
    if (uploaded.length) await call(component, method, uploaded);
    if (textarea) insertImageReferences(textarea, position, uploaded, files);
  };
  input.addEventListener('change', picked);
  // Files chosen while the page was still wiring the picker up (a slow machine, a fast hand) are not lost.
  if (input.files?.length) picked();
}

const imageName = /\.(png|jpe?g|gif|webp|bmp|avif|svg)$/i;

// `![](name)` for each uploaded image, on its own line; the name is URL-encoded so spaces work,
// also in the resize syntax (`![=200x](site%20plan.png)`).
function insertImageReferences(textarea, position, uploaded, files) {
  const images = uploaded
    .filter((info, index) => (uploaded.length === files?.length && files[index].type?.startsWith('image/')) || imageName.test(info.name))
    .filter((info) => !/[\uD800-\uDFFF]/.test(info.name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))); // encodeURI refuses lone surrogates
  if (!images.length) return;
  const text = textarea.value;
  const at = Math.min(position, text.length);
  const before = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  insertAt(textarea, at, before + images.map((info) => `![](${encodeURI(info.name)})`).join('\n'));
}

// ---- Drafts: one per space in localStorage, as the original ({ text, files }).

const draftStorageKey = (key) => `dataans.draft.${key}`;

export function readDraft(key) {
  try {
    const draft = JSON.parse(localStorage.getItem(draftStorageKey(key)) || '{}');
    return { text: draft.text || '', files: Array.isArray(draft.files) ? draft.files : [] };
  } catch {
    return { text: '', files: [] };
  }
}

function writeDraft(key, change) {
  const draft = { ...readDraft(key), ...change };
  if (!draft.text && !draft.files.length) localStorage.removeItem(draftStorageKey(key));
  else localStorage.setItem(draftStorageKey(key), JSON.stringify(draft));
}

export const writeDraftFiles = (key, files) => writeDraft(key, { files: files || [] });
export const clearDraft = (key) => localStorage.removeItem(draftStorageKey(key));

// ---- Editors: the composer (Enter sends) and the note editor (Enter saves, Escape discards).

const editors = new Map();
let nextEditor = 1;

function autosize(textarea) {
  textarea.style.height = 'auto';
  textarea.style.height = Math.min(textarea.scrollHeight + 2, window.innerHeight * 0.5) + 'px';
}

function setEditorState(textarea, state) {
  textarea.value = state.text;
  textarea.setSelectionRange(state.start, state.end);
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}

function insertAt(textarea, position, inserted) {
  const text = textarea.value;
  const at = Math.min(position, text.length);
  const caret = at + inserted.length;
  setEditorState(textarea, { text: text.slice(0, at) + inserted + text.slice(at), start: caret, end: caret });
}

function pastedName(file, index) {
  const extension = (file.type.split('/')[1] || 'png').replace(/[^a-z0-9]/gi, '').slice(0, 5) || 'png';
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const random = Math.random().toString(36).slice(2, 6);
  return `pasted-${stamp}-${random}${index ? '-' + index : ''}.${extension}`;
}

async function submit(editor) {
  const { textarea, component, options } = editor;
  if (editor.busy) return;
  editor.busy = true;
  const text = textarea.value;
  try {
    const done = await call(component, 'Submit', text);
    if (done && options.mode === 'compose' && textarea.value === text) {
      setEditorState(textarea, { text: '', start: 0, end: 0 });
    }
  } finally {
    editor.busy = false;
  }
}

export function submitEditor(textarea) {
  for (const editor of editors.values()) {
    if (editor.textarea === textarea) return submit(editor);
  }
}

function onEditorKey(editor, e) {
  if (e.isComposing || e.keyCode === 229) return;
  const { textarea, component, options } = editor;
  if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey) {
    e.preventDefault();
    submit(editor);
    return;
  }
  if (e.key === 'Escape' && options.mode === 'edit') {
    e.preventDefault();
    call(component, 'Cancel');
    return;
  }
  // Escape in the composer lets the next Tab (or Shift+Tab) move the focus out instead of indenting.
  if (e.key === 'Escape') {
    editor.tabLeaves = true;
    return;
  }
  if (e.key === 'Tab' && editor.tabLeaves) {
    editor.tabLeaves = false;
    return;
  }
  if (!['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) editor.tabLeaves = false;
  const state = { text: textarea.value, start: textarea.selectionStart, end: textarea.selectionEnd };
  const next = applyKey(state, { key: e.key, ctrl: e.ctrlKey, shift: e.shiftKey, alt: e.altKey, meta: e.metaKey });
  if (!next) return;
  e.preventDefault();
  setEditorState(textarea, next);
}

// The desktop window (WebKitGTK, "Dataans" in its user agent) gives a paste event no image and a drop no
// files: the page reads a pasted image from the clipboard itself, and the window hands dropped files over
// through window.dataansDesktop (see Desktop/DesktopShell.Drop.cs).
const inDesktopWindow = /\bDataans\b/.test(navigator.userAgent);

async function clipboardImages() {
  try {
    const images = [];
    for (const item of await navigator.clipboard.read()) {
      const type = item.types.find((t) => t.startsWith('image/'));
      if (type) images.push(new File([await item.getType(type)], '', { type }));
    }
    return images;
  } catch {
    return [];
  }
}

async function onPaste(editor, e) {
  const data = e.clipboardData;
  if (data?.getData('text/plain')) return;
  const position = editor.textarea.selectionStart;
  let files = [...(data?.items || [])].filter((item) => item.kind === 'file').map((item) => item.getAsFile()).filter(Boolean);
  if (files.length) e.preventDefault();
  else if (inDesktopWindow) files = await clipboardImages();
  if (!files.length) return;
  const uploaded = [];
  const images = [];
  for (const [index, file] of files.entries()) {
    const isImage = file.type.startsWith('image/');
    const [info] = await uploadAll([file], () => (isImage ? pastedName(file, index) : file.name || 'pasted-file'));
    if (!info) continue;
    uploaded.push(info);
    if (isImage) images.push(info);
  }
  if (images.length) insertAt(editor.textarea, position, images.map((info) => `![](${encodeURI(info.name)})`).join('\n'));
  if (uploaded.length) await call(editor.component, 'Attached', uploaded);
}

async function onDrop(editor, zone, e) {
  if (e.defaultPrevented) return;
  zone.classList.remove('drop-target');
  if (inDesktopWindow) {
    // The window uploads dropped files and calls filesDropped; other drops (a link) keep their default.
    const uris = e.dataTransfer?.getData('text/uri-list') || '';
    if (e.dataTransfer?.files?.length || /^file:/im.test(uris)) e.preventDefault();
    return;
  }
  if (!e.dataTransfer?.files?.length) return;
  e.preventDefault();
  const files = [...e.dataTransfer.files];
  const position = editor.textarea.selectionStart;
  const uploaded = await uploadAll(files, (file) => file.name);
  if (uploaded.length) await call(editor.component, 'Attached', uploaded);
  insertImageReferences(editor.textarea, position, uploaded, files);
}

function fileEditorAt(x, y) {
  const target = document.elementFromPoint(x, y);
  for (const editor of editors.values()) {
    if (editor.zone && target && editor.zone.contains(target)) return editor;
  }
  return null;
}

if (inDesktopWindow) {
  window.dataansDesktop = {
    dropZoneAt: (x, y) => fileEditorAt(x, y) !== null,
    filesDropped: (x, y, files) => {
      const editor = fileEditorAt(x, y);
      if (editor && files.length) call(editor.component, 'Attached', files);
    },
    dropFailed: (message) => call(bridge, 'OnError', message),
  };
}

export function attachEditor(textarea, component, options) {
  const editor = { textarea, component, options, listeners: [] };
  const on = (target, type, handler) => {
    target.addEventListener(type, handler);
    editor.listeners.push(() => target.removeEventListener(type, handler));
  };
  if (options.draftKey) {
    // Text typed before the editor was attached has had no 'input' listener yet: keep it as the draft now.
    if (!textarea.value) textarea.value = readDraft(options.draftKey).text;
    else writeDraft(options.draftKey, { text: textarea.value });
  }
  on(textarea, 'keydown', (e) => onEditorKey(editor, e));
  on(textarea, 'input', () => {
    autosize(textarea);
    if (options.draftKey) writeDraft(options.draftKey, { text: textarea.value });
  });
  if (options.acceptFiles) {
    on(textarea, 'paste', (e) => onPaste(editor, e));
    // The note being edited takes drops on itself; the composer takes them anywhere over the notes.
    const zone = (options.mode === 'edit' ? textarea.closest('[data-edit-drop-zone]') : textarea.closest('[data-drop-zone]')) || textarea;
    editor.zone = zone;
    const hasFiles = (e) => {
      const types = [...(e.dataTransfer?.types || [])];
      return types.includes('Files') || (inDesktopWindow && types.includes('text/uri-list'));
    };
    on(zone, 'dragover', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      zone.classList.add('drop-target');
    });
    on(zone, 'dragleave', (e) => {
      if (!zone.contains(e.relatedTarget)) zone.classList.remove('drop-target');
    });
    on(zone, 'drop', (e) => onDrop(editor, zone, e));
  }
  autosize(textarea);
  const handle = nextEditor++;
  editors.set(handle, editor);
  // Marks the editor as taking keys, pastes and drops (what a script driving the page waits for).
  textarea.dataset.editorReady = '';
  return handle;
}

export function detachEditor(handle) {
  const editor = editors.get(handle);
  editor?.listeners.forEach((remove) => remove());
  if (editor) delete editor.textarea.dataset.editorReady;
  editors.delete(handle);
}
