'use strict';
// A second implementation of docs/formats.md, written from the document alone with Node's built-ins:
// key derivation, envelope, operation record and digest, file stream, and the document's test vectors.
const crypto = require('crypto');

const sha256 = bytes => crypto.createHash('sha256').update(bytes).digest();
const utf8 = text => Buffer.from(text, 'utf8');

// § Key derivation: PBKDF2-HMAC-SHA256(SHA-256(password), SHA-256(passphrase), 1 200 000, 32).
const ITERATIONS = 1200000;
function deriveKey(password, passphrase, iterations = ITERATIONS) {
  return crypto.pbkdf2Sync(sha256(utf8(password)), sha256(utf8(passphrase)), iterations, 32, 'sha256');
}

// § Envelope: nonce(12) ‖ AES-256-GCM ciphertext ‖ tag(16) ‖ HMAC-SHA256(key, nonce ‖ plaintext).
function seal(key, plaintext, nonce = crypto.randomBytes(12)) {
  const gcm = crypto.createCipheriv('aes-256-gcm', key, nonce);
  const ciphertext = Buffer.concat([gcm.update(plaintext), gcm.final()]);
  const mac = crypto.createHmac('sha256', key).update(Buffer.concat([nonce, plaintext])).digest();
  return Buffer.concat([nonce, ciphertext, gcm.getAuthTag(), mac]);
}

function open(key, envelope) {
  const fail = () => { throw new Error('wrong key or altered data'); };
  if (envelope.length < 60) fail();
  const nonce = envelope.subarray(0, 12), n = envelope.length - 60;
  let plaintext;
  try {
    const gcm = crypto.createDecipheriv('aes-256-gcm', key, nonce);
    gcm.setAuthTag(envelope.subarray(12 + n, 28 + n));
    plaintext = Buffer.concat([gcm.update(envelope.subarray(12, 12 + n)), gcm.final()]);
  } catch { fail(); }
  const mac = crypto.createHmac('sha256', key).update(Buffer.concat([nonce, plaintext])).digest();
  if (!crypto.timingSafeEqual(mac, envelope.subarray(28 + n))) fail();
  return plaintext;
}

// Ids: 16 bytes in RFC 4122 order, i.e. the hex digits of the hyphenated form.
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
function uuidBytes(id) {
  if (typeof id !== 'string' || !UUID.test(id)) throw new Error(`not a UUID: ${JSON.stringify(id)}`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}
const sameUuid = (a, b) => uuidBytes(a).equals(uuidBytes(b));

// Timestamps: RFC 3339, any offset, 1–9 fraction digits → nanoseconds since the epoch (BigInt).
const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d\d):(\d\d))$/;
function parseTime(text) {
  const m = typeof text === 'string' && RFC3339.exec(text);
  if (!m) throw new Error(`not an RFC 3339 time: ${JSON.stringify(text)}`);
  const seconds = BigInt(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000);
  const offset = m[8] ? 0n : BigInt((+m[10] * 60 + +m[11]) * 60) * (m[9] === '-' ? -1n : 1n);
  return (seconds - offset) * 1000000000n + BigInt((m[7] || '').padEnd(9, '0'));
}
function formatTime(ns) {
  let seconds = ns / 1000000000n, nanos = ns % 1000000000n;
  if (nanos < 0n) { seconds -= 1n; nanos += 1000000000n; }
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  const fraction = nanos === 0n ? '' : '.' + nanos.toString().padStart(9, '0').replace(/0+$/, '');
  return `${whole}${fraction}Z`;
}
// 16-byte big-endian two's complement.
const timeBytes = ns => Buffer.from(BigInt.asUintN(128, ns).toString(16).padStart(32, '0'), 'hex');

// § Operation record and § Digest: the pieces of the SHA-256 input, named as in the vectors.
const str = (value, what) => { if (typeof value !== 'string') throw new Error(`${what} must be a string`); return utf8(value); };
const bool = (value, what) => { if (typeof value !== 'boolean') throw new Error(`${what} must be true or false`); return Buffer.from([value ? 1 : 0]); };
const PAYLOADS = {
  note: [['id', uuidBytes], ['text', str], ['created_at', v => timeBytes(parseTime(v))], ['updated_at', v => timeBytes(parseTime(v))], ['space_id', uuidBytes], ['is_deleted', bool]],
  space: [['id', uuidBytes], ['name', str], ['avatar_id', uuidBytes], ['created_at', v => timeBytes(parseTime(v))], ['updated_at', v => timeBytes(parseTime(v))], ['is_deleted', bool]],
  file: [['id', uuidBytes], ['name', str], ['path', str], ['created_at', v => timeBytes(parseTime(v))], ['updated_at', v => timeBytes(parseTime(v))], ['is_deleted', bool]],
};
const KINDS = { CreateNote: 'note', UpdateNote: 'note', CreateSpace: 'space', UpdateSpace: 'space', CreateFile: 'file', DeleteNote: 'id', DeleteFile: 'id', DeleteSpace: 'id', SetNoteFiles: 'set' };

function digestParts(record) {
  if (!record || typeof record !== 'object' || !record.operation || typeof record.operation !== 'object') throw new Error('not a record');
  const tags = Object.keys(record.operation);
  if (tags.length !== 1 || !(tags[0] in KINDS)) throw new Error(`operation must have exactly one known kind, not ${tags}`);
  const kind = tags[0], payload = record.operation[kind], shape = KINDS[kind];
  const parts = [['id', uuidBytes(record.id)], ['created_at', timeBytes(parseTime(record.created_at))], ['kind', utf8(kind)]];
  if (shape === 'id') {
    parts.push(['payload', uuidBytes(payload)]);
  } else if (shape === 'set') {
    if (!Array.isArray(payload) || payload.length !== 2 || !Array.isArray(payload[1])) throw new Error('SetNoteFiles must be [note id, [file ids]]');
    parts.push(['payload[0]', uuidBytes(payload[0])], ...payload[1].map((id, i) => [`payload[1][${i}]`, uuidBytes(id)]));
  } else {
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new Error(`${kind} needs an object`);
    for (const [name, encode] of PAYLOADS[shape]) parts.push([`payload.${name}`, encode(payload[name], name)]);
  }
  return parts;
}
const digest = record => sha256(Buffer.concat(digestParts(record).map(([, bytes]) => bytes)));

// formats.md § Keyed checksum (v2): HMAC-SHA256 under an HKDF subkey of the key, over the digest.
const checksumKey = key => Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), utf8('dataans-operation-checksum-v2'), 32));
const keyedChecksum = (key, record) => crypto.createHmac('sha256', checksumKey(key)).update(digest(record)).digest();

// § File stream: header(20) ‖ AES-256-GCM chunks under an HKDF file key, STREAM nonces.
function fileKey(key, fileId) {
  return Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), Buffer.concat([utf8('dataans-file-stream-v1'), uuidBytes(fileId)]), 32));
}
function contentPrefix(key, fileId, plaintext) {
  return Buffer.from(crypto.hkdfSync('sha256', key, sha256(plaintext), Buffer.concat([utf8('dataans-file-nonce-v1'), uuidBytes(fileId)]), 7));
}
function chunkCipherParts(header, fileId, index, last) {
  const nonce = Buffer.alloc(12);
  header.copy(nonce, 0, 12, 19);
  nonce.writeUInt32BE(index, 7);
  nonce[11] = last ? 1 : 0;
  const aad = Buffer.concat([header, uuidBytes(fileId), Buffer.alloc(8)]);
  aad.writeBigUInt64BE(BigInt(index), 36);
  return { nonce, aad };
}
function encryptFile(key, fileId, plaintext, chunkSize = 65536, prefix = contentPrefix(key, fileId, plaintext)) {
  const header = Buffer.concat([utf8('DATAANS'), Buffer.from([1]), Buffer.alloc(4), prefix, Buffer.from([0])]);
  header.writeUInt32BE(chunkSize, 8);
  const count = Math.max(1, Math.ceil(plaintext.length / chunkSize)), out = [header], fkey = fileKey(key, fileId);
  for (let i = 0; i < count; i++) {
    const { nonce, aad } = chunkCipherParts(header, fileId, i, i === count - 1);
    const gcm = crypto.createCipheriv('aes-256-gcm', fkey, nonce).setAAD(aad);
    out.push(gcm.update(plaintext.subarray(i * chunkSize, (i + 1) * chunkSize)), gcm.final(), gcm.getAuthTag());
  }
  return Buffer.concat(out);
}
// Decrypts from chunk `first` (its ciphertext starts at 20 + first·(C + 16)) with the stream's header;
// `final` = false when more chunks follow the bytes given (a download in pieces).
function decryptFile(key, fileId, header, fromChunk, first = 0, final = true) {
  if (header.length !== 20 || !header.subarray(0, 8).equals(Buffer.from('DATAANS\x01', 'latin1'))) throw new Error('wrong key or altered data: header');
  const sealedSize = header.readUInt32BE(8) + 16, fkey = fileKey(key, fileId), out = [];
  for (let i = first, at = 0; ; i++, at += sealedSize) {
    const part = fromChunk.subarray(at, at + sealedSize), end = at + sealedSize >= fromChunk.length, last = final && end;
    if (part.length < 16) throw new Error('wrong key or altered data: short chunk');
    const { nonce, aad } = chunkCipherParts(header, fileId, i, last);
    try {
      const gcm = crypto.createDecipheriv('aes-256-gcm', fkey, nonce).setAAD(aad);
      gcm.setAuthTag(part.subarray(part.length - 16));
      out.push(gcm.update(part.subarray(0, part.length - 16)), gcm.final());
    } catch { throw new Error(`wrong key or altered data: chunk ${i}`); }
    if (end) return Buffer.concat(out);
  }
}

module.exports = { sha256, deriveKey, seal, open, uuidBytes, sameUuid, parseTime, formatTime, timeBytes, digestParts, digest, checksumKey, keyedChecksum, fileKey, contentPrefix, encryptFile, decryptFile, ITERATIONS };
