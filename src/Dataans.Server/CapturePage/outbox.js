// What the capture page keeps in this browser (IndexedDB "dataans-capture"): the link it was opened
// with (so the installed app and shares from other apps work without the link's fragment), the
// captures sealed but not yet accepted by the server (the outbox), and content shared to the page by
// another app that the page has not shown yet. Only sealed bytes wait in the outbox.

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
