// What the capture page keeps in this browser (IndexedDB "dataans-capture"): the link it was opened
// with (so the installed app and shares from other apps work without the link's fragment), the
// captures sealed but not yet accepted by the server (the outbox), and content shared to the page by
// another app that the page has not shown yet. Only sealed bytes wait in the outbox. The open page sends
// the outbox; where the browser has Background Sync, the service worker sends it too, page closed or not.

const DB = 'dataans-capture';
const STORES = ['link', 'outbox', 'shared'];

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const name of STORES) {
        if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(store, mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const request = work(tx.objectStore(store));
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const saveLink = (link) => run('link', 'readwrite', (s) => s.put(link, 'link'));
export const loadLink = () => run('link', 'readonly', (s) => s.get('link'));

/** Queues { id, sealed: Uint8Array, summary, queuedAt } until the server accepted it. */
export const enqueue = (item) => run('outbox', 'readwrite', (s) => s.put(item, item.id));
export const dequeue = (id) => run('outbox', 'readwrite', (s) => s.delete(id));
export const queued = () => run('outbox', 'readonly', (s) => s.getAll());

export const saveShared = (shared) => run('shared', 'readwrite', (s) => s.put(shared, 'shared'));
export async function takeShared() {
  const shared = await run('shared', 'readonly', (s) => s.get('shared'));
  if (shared) await run('shared', 'readwrite', (s) => s.delete('shared'));
  return shared;
}

/** The Background Sync tag under which the page asks the service worker to send the outbox. */
export const OUTBOX_SYNC = 'capture-outbox';

/**
 * Sends every waiting capture, oldest first, with the remembered link (the service worker's background
 * sync). Throws when one cannot go now (offline, 429, 507, 5xx), so the browser runs the sync again later;
 * a capture refused for good (revoked link, too large) is dropped, as the page drops it. The server keeps
 * one item per id, so the page and the service worker sending the same capture store it once.
 */
export async function sendWaiting(scope) {
  const link = await loadLink();
  if (!link) return;
  const waiting = (await queued()).sort((a, b) => a.queuedAt - b.queuedAt);
  for (const item of waiting) {
    const response = await fetch(new URL('../v2/capture/items', scope), {
      method: 'POST',
      headers: { Authorization: `Bearer ${link.token}`, 'Content-Type': 'application/octet-stream' },
      body: item.sealed,
    });
    if (response.status === 429 || response.status === 507 || response.status >= 500) {
      throw new Error(`The server answered ${response.status}: the capture waits for the next try.`);
    }
    await dequeue(item.id);
  }
}
