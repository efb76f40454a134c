// The capture page's service worker: keeps the page's own files so it opens without a network (the
// queued captures then wait in IndexedDB until the page is back online), and receives "share to
// Dataans" from other apps (Web Share Target: POST ./share), handing what was shared to the page, and
// sends the queued captures when the browser's Background Sync says the network is back, even with the
// page closed.
import { OUTBOX_SYNC, saveShared, sendWaiting } from './outbox.js';

const CACHE = 'dataans-capture-v2';
const SHELL = ['./', 'capture.js', 'seal.js', 'outbox.js', 'capture.css', 'manifest.webmanifest', 'icon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) {
    return; // the capture API and everything else go to the network untouched
  }
  if (event.request.method === 'POST' && url.pathname === scope.pathname + 'share') {
    event.respondWith(receiveShare(event.request, scope));
    return;
  }
  if (event.request.method !== 'GET') return;
  // Network first (the server's page is always the newest), the kept copy when offline.
  event.respondWith(fetch(event.request)
    .then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
      }
      return response;
    })
    .catch(() => caches.match(event.request, { ignoreSearch: true })
      .then((kept) => kept || caches.match('./').then((page) => page || Response.error()))));
});

self.addEventListener('sync', (event) => {
  if (event.tag === OUTBOX_SYNC) event.waitUntil(sendWaiting(self.registration.scope));
});

async function receiveShare(request, scope) {
  const form = await request.formData();
  const text = ['title', 'text', 'url'].map((name) => form.get(name)).filter((value) => typeof value === 'string' && value.trim()).join('\n');
  const files = await Promise.all(form.getAll('files').filter((f) => f instanceof File && f.size > 0)
    .map(async (f) => ({ name: f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) })));
  await saveShared({ text, files });
  return Response.redirect(scope.href + '?shared=1', 303);
}
