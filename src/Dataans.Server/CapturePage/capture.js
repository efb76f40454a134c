// The capture page: reads the link's fragment (#t=<capture token>&k=<inbox public key>), seals each
// capture in this browser with seal.js and posts only the sealed bytes. The fragment never leaves the
// browser, so the token is in no server log. A sealed capture waits in this browser's outbox
// (outbox.js) until the server accepted it: captures made offline are sent when the page is back online.
import { encodeContent, seal, fromBase64 } from './seal.js';
import * as outbox from './outbox.js';

const $ = (id) => document.getElementById(id);
const RETRY_MS = 15000;

function show(message, isError = false) {
  $('status').textContent = message;
  $('status').className = isError ? 'error' : '';
}

function sameBytes(a, b) {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

async function problem(response) {
  try {
    const body = await response.json();
    return body.detail || body.title || `The server answered ${response.status}.`;
  } catch {
    return `The server answered ${response.status}.`;
  }
}

let link; // { token, key (base64), label, maxItemBytes }
let publicKey;
let flushing = false;
let retryTimer;

/** The link from the fragment (remembered in this browser), else the one remembered (installed app, shares). */
async function readLink() {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('t') || '';
  const key = params.get('k') || '';
  const saved = await outbox.loadLink().catch(() => undefined);
  if (token && key) {
    return saved && saved.token === token && saved.key === key ? saved : { token, key, label: 'Dataans', maxItemBytes: 0 };
  }
  return saved;
}

async function start() {
  if (!globalThis.crypto || !globalThis.crypto.subtle) {
    show('This browser cannot seal here: the page must be opened over https (or on localhost).', true);
    return;
  }
  link = await readLink();
  if (!link) {
    show('This page needs a capture link: open the link that "dataans inbox link" printed.', true);
    return;
  }
  try {
    publicKey = fromBase64(link.key);
  } catch {
    show('The link is damaged: its key is not readable.', true);
    return;
  }
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js', { type: 'module' }).catch(() => { /* the page works without it, only not offline */ });
  }
  let response;
  try {
    response = await fetch('../v2/capture/key', { headers: { Authorization: `Bearer ${link.token}` } });
  } catch {
    response = undefined; // offline: the link's own key seals; the outbox waits for the network
  }
  if (response && !response.ok) {
    show(response.status === 401 ? 'This capture link was revoked or has expired.' : await problem(response), true);
    return;
  }
  if (response) {
    const key = await response.json();
    if (!sameBytes(fromBase64(key.publicKey), publicKey)) {
      show('The server offers another key than the link: nothing will be sent.', true);
      return;
    }
    link = { ...link, label: key.label, maxItemBytes: key.maxItemBytes };
    await outbox.saveLink(link).catch(() => {});
  }
  $('label').textContent = link.label;
  $('form').hidden = false;
  await takeShared();
  show(response ? 'Ready.' : 'Offline: captures are kept in this browser and sent when it is back online.');
  window.addEventListener('online', () => flush());
  await flush();
}

/** Fills the form with what another app shared (Web Share Target, received by sw.js). */
async function takeShared() {
  if (!new URLSearchParams(location.search).has('shared')) return;
  const shared = await outbox.takeShared().catch(() => undefined);
  if (!shared) return;
  $('text').value = shared.text || '';
  const transfer = new DataTransfer();
  for (const f of shared.files || []) transfer.items.add(new File([f.bytes], f.name, { type: f.type }));
  $('files').files = transfer.files;
  history.replaceState(null, '', location.pathname + location.hash);
}

function summaryOf(text, files) {
  const firstLine = text.split('\n')[0].slice(0, 80);
  const fileNote = files.length ? ` (+${files.length} file${files.length > 1 ? 's' : ''}: ${files.map((f) => f.name).join(', ')})` : '';
  return `${firstLine || '(no text)'}${fileNote}`;
}

async function send(event) {
  event.preventDefault();
  const text = $('text').value.trim();
  const chosen = [...$('files').files];
  if (!text && chosen.length === 0) {
    show('Write something or choose a file first.', true);
    return;
  }
  $('send').disabled = true;
  try {
    show('Sealing…');
    const files = await Promise.all(chosen.map(async (f) => ({ name: f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) })));
    const content = encodeContent({ text, createdAt: new Date(), files, source: 'capture page' });
    const id = crypto.randomUUID();
    const sealed = await seal(publicKey, id, content);
    if (link.maxItemBytes && sealed.length > link.maxItemBytes) {
      show(`Too large: a capture may have at most ${Math.floor(link.maxItemBytes / 1048576)} MiB once sealed.`, true);
      return;
    }
    // Queued first: if the page closes or the network is gone, the sealed capture is still sent later
    // (the server keeps one item per id, so a repeated post is answered as a duplicate).
    await outbox.enqueue({ id, sealed, summary: summaryOf(text, files), queuedAt: Date.now() });
    $('text').value = '';
    $('files').value = '';
    await flush();
  } catch (error) {
    show(`Not sent: ${error.message}`, true);
  } finally {
    $('send').disabled = false;
  }
}

/** Posts every waiting capture, oldest first; stops at the first that cannot go now and retries later. */
async function flush() {
  if (flushing) return;
  flushing = true;
  clearTimeout(retryTimer);
  try {
    const waiting = (await outbox.queued()).sort((a, b) => a.queuedAt - b.queuedAt);
    for (const item of waiting) {
      let response;
      try {
        show('Sending…');
        response = await fetch('../v2/capture/items', {
          method: 'POST',
          headers: { Authorization: `Bearer ${link.token}`, 'Content-Type': 'application/octet-stream' },
          body: item.sealed,
        });
      } catch {
        show(`Offline: ${await waitingText()} kept in this browser and sent when it is back online.`);
        askForBackgroundSync();
        retryTimer = setTimeout(flush, RETRY_MS);
        return;
      }
      if (response.ok) {
        await outbox.dequeue(item.id);
        const entry = document.createElement('li');
        entry.textContent = `${new Date().toLocaleTimeString()}: ${item.summary}`;
        $('sent').prepend(entry);
        show('Sent. It appears in your Inbox space when a device syncs.');
      } else if (response.status === 429 || response.status === 507 || response.status >= 500) {
        const seconds = Number(response.headers.get('Retry-After')) || RETRY_MS / 1000;
        show(`${await problem(response)} ${await waitingText()} kept and retried.`, true);
        askForBackgroundSync();
        retryTimer = setTimeout(flush, seconds * 1000);
        return;
      } else {
        await outbox.dequeue(item.id); // refused for good (revoked, too large, damaged): retrying cannot help
        show(response.status === 401 ? 'This capture link was revoked or has expired.' : `Not sent: ${await problem(response)}`, true);
      }
    }
  } finally {
    flushing = false;
    await showWaiting();
  }
}

/** Where the browser has Background Sync, the service worker sends the outbox once online, even if this page is closed. */
function askForBackgroundSync() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.getRegistration()
    .then((registration) => registration && registration.sync && registration.sync.register(outbox.OUTBOX_SYNC))
    .catch(() => { /* no Background Sync here: the page sends the outbox when it is open */ });
}

async function waitingText() {
  const n = (await outbox.queued()).length;
  return `${n} capture${n === 1 ? '' : 's'}`;
}

async function showWaiting() {
  const n = (await outbox.queued().catch(() => [])).length;
  $('waiting').textContent = n ? `${n} waiting to be sent` : '';
}

$('form').addEventListener('submit', send);
start().catch((error) => show(`The page could not start: ${error.message}`, true));
