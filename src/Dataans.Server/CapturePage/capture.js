// The capture page: reads the link's fragment (#t=<capture token>&k=<inbox public key>), seals each
// capture in this browser with seal.js and posts only the sealed bytes. The fragment never leaves the
// browser, so the token is in no server log.
import { encodeContent, seal, fromBase64 } from './seal.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.hash.slice(1));
const token = params.get('t') || '';
const publicKeyText = params.get('k') || '';

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

let publicKey;
let maxItemBytes = 0;

async function start() {
  if (!token || !publicKeyText) {
    show('This page needs a capture link: open the link that "dataans inbox link" printed.', true);
    return;
  }
  if (!globalThis.crypto || !globalThis.crypto.subtle) {
    show('This browser cannot seal here: the page must be opened over https (or on localhost).', true);
    return;
  }
  try {
    publicKey = fromBase64(publicKeyText);
  } catch {
    show('The link is damaged: its key is not readable.', true);
    return;
  }
  const response = await fetch('../v2/capture/key', { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) {
    show(response.status === 401 ? 'This capture link was revoked or has expired.' : await problem(response), true);
    return;
  }
  const key = await response.json();
  if (!sameBytes(fromBase64(key.publicKey), publicKey)) {
    show('The server offers another key than the link: nothing will be sent.', true);
    return;
  }
  maxItemBytes = key.maxItemBytes;
  $('label').textContent = key.label;
  $('form').hidden = false;
  show('Ready.');
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
    const itemId = crypto.randomUUID();
    const sealed = await seal(publicKey, itemId, content);
    if (sealed.length > maxItemBytes) {
      show(`Too large: a capture may have at most ${Math.floor(maxItemBytes / 1048576)} MiB once sealed.`, true);
      return;
    }
    show('Sending…');
    const response = await fetch('../v2/capture/items', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
      body: sealed,
    });
    if (!response.ok) {
      show(response.status === 401 ? 'This capture link was revoked or has expired.' : await problem(response), true);
      return;
    }
    const item = document.createElement('li');
    const firstLine = text.split('\n')[0].slice(0, 80);
    const fileNote = files.length ? ` (+${files.length} file${files.length > 1 ? 's' : ''}: ${files.map((f) => f.name).join(', ')})` : '';
    item.textContent = `${new Date().toLocaleTimeString()}: ${firstLine || '(no text)'}${fileNote}`;
    $('sent').prepend(item);
    $('text').value = '';
    $('files').value = '';
    show('Sent. It appears in your Inbox space when a device syncs.');
  } catch (error) {
    show(`Not sent: ${error.message}`, true);
  } finally {
    $('send').disabled = false;
  }
}

$('form').addEventListener('submit', send);
start().catch((error) => show(`The page could not start: ${error.message}`, true));
