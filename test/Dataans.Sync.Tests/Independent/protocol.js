'use strict';
// A second implementation of docs/protocol.md (v2) with Node's built-ins: pull, push, resumable file
// upload, ranged download resumed at a chunk, the Server-Sent Events channel, and the reader's checks.
const http = require('http');
const https = require('https');
const f = require('./formats');

// conn = { server: 'http://host:port/' (ends with '/'), token }
function request(conn, method, path, { headers = {}, body, cutAfter } = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(path, conn.server);
    const all = { ...headers, Authorization: `Bearer ${conn.token}` };
    if (body !== undefined) all['Content-Length'] = body.length;
    const req = (url.protocol === 'https:' ? https : http).request(url, { method, headers: all }, res => {
      const chunks = [];
      res.on('data', chunk => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', error => (cutAfter === undefined ? reject(error) : resolve({ status: 0, interrupted: true })));
    if (cutAfter === undefined) {
      req.end(body);
    } else {
      // A connection lost in the middle of the body: part of it is sent, then the socket is gone.
      req.write(body.subarray(0, cutAfter), () => setTimeout(() => { req.destroy(); resolve({ status: 0, interrupted: true }); }, 300));
    }
  });
}

async function json(conn, method, path, value) {
  const body = value === undefined ? undefined : Buffer.from(JSON.stringify(value), 'utf8');
  const res = await request(conn, method, path, { body, headers: body ? { 'Content-Type': 'application/json' } : {} });
  if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path}: ${res.status} ${res.body}`);
  return JSON.parse(res.body.toString('utf8'));
}

// § 4.2: every operation after the cursor, page by page.
async function pullAll(conn, after = 0) {
  const ops = [];
  let page;
  do {
    page = await json(conn, 'GET', `v2/ops?after=${after}&limit=500`);
    ops.push(...page.ops);
    if (page.ops.length) after = page.ops[page.ops.length - 1].seq;
  } while (page.hasMore);
  return { ops, head: page.head, epoch: page.epoch };
}

// § 4.3: records → sealed wire operations with the keyed checksum; `checksum` may be overridden (the seed
// digest of an older v2 writer, or a writer's mistake).
function toWire(key, record, checksum = f.keyedChecksum(key, record)) {
  const plaintext = Buffer.from(JSON.stringify(record), 'utf8');
  return { id: record.id, createdAt: record.created_at, data: f.seal(key, plaintext).toString('base64'), checksum: checksum.toString('base64') };
}
const push = (conn, wireOps) => json(conn, 'POST', 'v2/ops', { ops: wireOps });

// § 6: envelope, record, clear fields, checksum. Returns the record, or throws the reason it is set aside.
function readOperation(key, op) {
  let plaintext, record;
  try { plaintext = f.open(key, Buffer.from(op.data, 'base64')); } catch { throw new Error('envelope: wrong key or altered data'); }
  try {
    record = JSON.parse(plaintext.toString('utf8'));
    f.digestParts(record); // every field present with its type
    const payload = record.operation.CreateNote || record.operation.UpdateNote;
    if (payload && payload.parents != null && (!Array.isArray(payload.parents) || !payload.parents.every(id => f.uuidBytes(id)))) throw new Error('parents');
  } catch (error) { throw new Error(`record: ${error.message}`); }
  if (!f.sameUuid(record.id, op.id) || f.parseTime(record.created_at) !== f.parseTime(op.createdAt)) throw new Error('clear id or time disagrees');
  const checksum = Buffer.from(op.checksum, 'base64');
  if (!f.keyedChecksum(key, record).equals(checksum) && !f.digest(record).equals(checksum)) throw new Error('checksum does not match');
  return record;
}

// § 4.6: HEAD → PUT the rest from Upload-Offset → complete. `cutAfter` loses the connection part-way.
async function uploadFile(conn, fileId, stream, { cutAfter } = {}) {
  const path = `v2/files/${fileId}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    const head = await request(conn, 'HEAD', path);
    const offset = head.status === 404 ? 0 : Number(head.headers['upload-offset']);
    if (head.headers['upload-complete'] === '?1') return { resumedFrom: offset, length: offset };
    if (offset < stream.length) {
      const rest = stream.subarray(offset);
      const put = await request(conn, 'PUT', `${path}?offset=${offset}`, { body: rest, cutAfter, headers: { 'Content-Type': 'application/octet-stream' } });
      if (put.interrupted) return { interrupted: true, length: await settledLength(conn, path) };
      if (put.status === 409) { await sleep(100); continue; } // an earlier upload still holds it, or moved on: HEAD again
      if (put.status !== 200) throw new Error(`PUT ${path}: ${put.status} ${put.body}`);
    }
    const done = await request(conn, 'POST', `${path}/complete?length=${stream.length}`);
    if (done.status !== 200) throw new Error(`complete ${path}: ${done.status} ${done.body}`);
    return { resumedFrom: offset, length: stream.length };
  }
  throw new Error(`upload of ${fileId} kept conflicting`);
}

// After a lost connection the server keeps what reached it; wait until that length stops moving.
async function settledLength(conn, path) {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const head = await request(conn, 'HEAD', path);
    const length = head.status === 404 ? 0 : Number(head.headers['upload-offset']);
    if (length === last) return length;
    last = length;
    await sleep(200);
  }
  return last;
}

// § 4.6 + formats.md § File stream: header first, then chunk 0, then the rest from chunk 1 as a resumed download would.
async function downloadFile(conn, key, fileId) {
  const path = `v2/files/${fileId}`;
  const first = await request(conn, 'GET', path, { headers: { Range: 'bytes=0-19' } });
  if (first.status === 404) return null;
  if (first.status !== 206) throw new Error(`GET ${path}: ${first.status}`);
  const stored = Number(/\/(\d+)$/.exec(first.headers['content-range'])[1]);
  const header = first.body, sealed = header.readUInt32BE(8) + 16;
  const range = async (from, to = '') => (await request(conn, 'GET', path, { headers: { Range: `bytes=${from}-${to}` } })).body;
  if (stored <= 20 + sealed) return { plaintext: f.decryptFile(key, fileId, header, await range(20)), stored };
  const chunk0 = f.decryptFile(key, fileId, header, await range(20, 20 + sealed - 1), 0, false);
  const rest = f.decryptFile(key, fileId, header, await range(20 + sealed), 1);
  return { plaintext: Buffer.concat([chunk0, rest]), stored };
}

// § 4.7: prints each `head` event as one JSON line; resolves after `count` events.
function listen(conn, count, onEvent) {
  return new Promise((resolve, reject) => {
    const url = new URL('v2/events', conn.server);
    const req = (url.protocol === 'https:' ? https : http).get(url, { headers: { Accept: 'text/event-stream', Authorization: `Bearer ${conn.token}` } }, res => {
      if (res.statusCode !== 200) { reject(new Error(`events: ${res.statusCode}`)); return; }
      let buffer = '', event = null, data = '', seen = 0;
      res.setEncoding('utf8');
      res.on('data', text => {
        buffer += text;
        let newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (event === 'head') { onEvent(JSON.parse(data)); if (++seen === count) { req.destroy(); resolve(seen); } }
            event = null; data = '';
          } else if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data += line.slice(5).trim();
        }
      });
      res.on('end', () => resolve(seen));
    });
    req.on('error', error => (error.code === 'ECONNRESET' ? resolve(count) : reject(error)));
  });
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

module.exports = { request, pullAll, toWire, push, readOperation, uploadFile, downloadFile, listen };
