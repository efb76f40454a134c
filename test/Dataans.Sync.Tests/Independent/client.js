'use strict';
// An independent Dataans sync client, written from docs/protocol.md and docs/formats.md only (Node 20,
// built-in modules only). Usage: node client.js COMMAND, with a JSON request on standard input (secrets
// never go on the command line) and a JSON answer on standard output. See the commands below.
const fs = require('fs');
const crypto = require('crypto');
const f = require('./formats');
const p = require('./protocol');
const { buildModel, isSafePath, safeName } = require('./model');
const { checkVectors } = require('./vectors');

// formats.md § Clock: later than the wall clock's last value and than every operation seen.
let lastTime = 0n;
const clock = () => (lastTime = [BigInt(Date.now()) * 1000000n, lastTime + 1n].reduce((a, b) => (a > b ? a : b)));
const newId = () => crypto.randomUUID();
// `payload` is the payload, or a function of the operation's time giving it (a create's times are its own).
function record(kind, payload) {
  const time = f.formatTime(clock());
  return { id: newId(), created_at: time, operation: { [kind]: typeof payload === 'function' ? payload(time) : payload } };
}

function keyOf(request) {
  return request.keyHex ? Buffer.from(request.keyHex, 'hex') : f.deriveKey(request.password, request.passphrase);
}

// Pulls everything, applies the reader's checks (protocol.md § 6) and builds the state.
async function readAll(conn, key) {
  const { ops, head } = await p.pullAll(conn);
  const records = [], setAside = [];
  for (const op of ops) {
    try {
      records.push(p.readOperation(key, op));
    } catch (error) {
      setAside.push({ id: op.id, seq: op.seq, reason: error.message });
    }
  }
  for (const r of records) { const t = f.parseTime(r.created_at); if (t > lastTime) lastTime = t; }
  return { head, records, setAside, model: buildModel(records) };
}

async function uploadAll(conn, key, files) {
  for (const { id, bytes } of files) await p.uploadFile(conn, id, f.encryptFile(key, id, bytes));
}

const commands = {
  // protocol.md § 7 "A new space" + "A note with attachments", in one push.
  async 'write-space-note'(request, conn, key) {
    await readAll(conn, key);
    const avatarId = newId(), spaceId = newId(), noteId = newId();
    const avatar = record('CreateFile', t => ({ id: avatarId, name: `${avatarId}.png`, path: `${avatarId}.png`, created_at: t, updated_at: t, is_deleted: false }));
    const space = record('CreateSpace', t => ({ id: spaceId, name: request.spaceName, avatar_id: avatarId, created_at: t, updated_at: t, is_deleted: false }));
    const files = [{ id: avatarId, bytes: Buffer.from(request.avatarBase64, 'base64') }];
    const attachments = (request.attachments || []).map(a => {
      const id = a.fileId || newId();
      if (!a.uploaded) files.push({ id, bytes: Buffer.from(a.base64, 'base64') });
      return record('CreateFile', t => ({ id, name: safeName(a.name), path: `${id}_${safeName(a.name)}`, created_at: t, updated_at: t, is_deleted: false }));
    });
    const note = record('CreateNote', t => ({ id: noteId, text: request.noteText, created_at: t, updated_at: t, space_id: spaceId, is_deleted: false }));
    const set = record('SetNoteFiles', [noteId, attachments.map(a => a.operation.CreateFile.id)]);
    if (request.uploadFirst !== false) await uploadAll(conn, key, files);
    const pushed = await p.push(conn, [avatar, space, ...attachments, note, set].map(r => p.toWire(key, r)));
    if (request.uploadFirst === false) await uploadAll(conn, key, files);
    return { spaceId, avatarId, noteId, fileIds: attachments.map(a => a.operation.CreateFile.id), createNoteOp: note.id, head: pushed.head };
  },

  // protocol.md § 7 "Editing a note": parents = the operation id of the current version (or, to show the
  // mistake the guide warns of, the note id).
  async 'edit-note'(request, conn, key) {
    const { model } = await readAll(conn, key);
    const note = model.notes.find(n => f.sameUuid(n.id, request.noteId));
    const parents = request.parents === 'note-id' ? [note.id] : [note.currentVersion];
    const update = record('UpdateNote', t => ({ id: note.id, text: request.text, created_at: note.createdAt, updated_at: t, space_id: note.spaceId, is_deleted: false, parents }));
    await p.push(conn, [p.toWire(key, update)]);
    return { op: update.id, parents };
  },

  // The mistake protocol.md § 1 warns of: SHA-256 of the record JSON as the checksum.
  async 'write-note-json-checksum'(request, conn, key) {
    await readAll(conn, key);
    const note = record('CreateNote', t => ({ id: newId(), text: request.text, created_at: t, updated_at: t, space_id: request.spaceId, is_deleted: false }));
    const pushed = await p.push(conn, [p.toWire(key, note, f.sha256(Buffer.from(JSON.stringify(note), 'utf8')))]);
    return { noteId: note.operation.CreateNote.id, head: pushed.head };
  },

  // protocol.md § 4.6, encrypted as formats.md § File stream; `cutAfter` bytes then the connection is lost.
  async upload(request, conn, key) {
    const stream = f.encryptFile(key, request.fileId, Buffer.from(request.base64, 'base64'));
    return { ...(await p.uploadFile(conn, request.fileId, stream, { cutAfter: request.cutAfter })), total: stream.length };
  },

  async 'read-all'(request, conn, key) {
    const { head, setAside, model } = await readAll(conn, key);
    for (const file of model.files) {
      if (file.deleted || !isSafePath(file.path)) continue;
      const downloaded = await p.downloadFile(conn, key, file.id);
      if (downloaded) Object.assign(file, { sha256: f.sha256(downloaded.plaintext).toString('hex'), length: downloaded.plaintext.length, stored: downloaded.stored });
    }
    return { head, setAside, ...model };
  },

  async listen(request, conn) {
    const seen = await p.listen(conn, request.count, event => process.stdout.write(JSON.stringify(event) + '\n'));
    return { events: seen };
  },

  async 'check-vectors'(request) {
    return checkVectors(fs.readFileSync(request.doc, 'utf8'));
  },
};

async function main() {
  const command = commands[process.argv[2]];
  if (!command) throw new Error(`unknown command ${process.argv[2]}; one of: ${Object.keys(commands).join(', ')}`);
  const request = JSON.parse(fs.readFileSync(0, 'utf8') || '{}');
  const conn = { server: request.server, token: request.token };
  const key = request.keyHex || request.password ? keyOf(request) : null; // listening needs no key
  const answer = await command(request, conn, key);
  process.stdout.write(JSON.stringify({ result: answer }) + '\n');
}

main().catch(error => { process.stderr.write(`${error.stack || error}\n`); process.exit(1); });
