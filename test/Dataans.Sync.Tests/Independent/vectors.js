'use strict';
// Reads the test vectors out of docs/formats.md by the rule the document states, and checks each
// against formats.js. The Argon2id key verifier is reported as not checked: Node 20 has no Argon2.
const assert = require('assert');
const f = require('./formats');

function parseVectors(markdown) {
  const vectors = [];
  let heading = '', block = null;
  for (const line of markdown.split(/\r?\n/)) {
    if (block === null) {
      if (line.startsWith('#')) heading = line.replace(/^#+/, '').trim();
      else if (line === '```text') block = [];
      continue;
    }
    if (line.startsWith('```')) { vectors.push(vector(heading, block)); block = null; continue; }
    if (/^\s/.test(line) && line.trim()) { block[block.length - 1][1] += ' ' + line.trim(); continue; }
    if (!line) continue;
    const m = /^(\S(?:.*?\S)?) {2,}(\S.*)$/.exec(line);
    if (!m) throw new Error(`vector line is not 'name  value': ${line}`);
    block.push([m[1], m[2].trim()]);
  }
  return vectors;
}

function vector(heading, fields) {
  const raw = name => {
    const field = fields.find(([n]) => n === name);
    if (!field) throw new Error(`the vector under '${heading}' has no '${name}'`);
    return field[1];
  };
  return {
    heading, fields, raw,
    has: name => fields.some(([n]) => n === name),
    hex: name => Buffer.from(raw(name).replace(/\s+/g, ''), 'hex'),
    text: name => JSON.parse(raw(name)),
  };
}

const hexOf = bytes => bytes.toString('hex');
const checks = {
  digest(v) {
    const record = JSON.parse(v.raw('record'));
    const names = v.fields.map(([n]) => n);
    const listed = names.slice(names.indexOf('record') + 1, names.indexOf('digest'));
    const parts = f.digestParts(record);
    assert.deepStrictEqual(parts.map(([n]) => n), listed, 'the input pieces and their order');
    for (const [name, bytes] of parts) assert.strictEqual(hexOf(bytes), hexOf(v.hex(name)), name);
    assert.strictEqual(hexOf(f.digest(record)), hexOf(v.hex('digest')), 'digest');
    return Object.keys(record.operation)[0];
  },
  keyDerivation(v) {
    assert.strictEqual(Number(v.raw('iterations')), f.ITERATIONS, 'iterations');
    assert.strictEqual(hexOf(f.sha256(Buffer.from(v.text('password')))), hexOf(v.hex('sha256 password')));
    assert.strictEqual(hexOf(f.sha256(Buffer.from(v.text('passphrase')))), hexOf(v.hex('sha256 passphrase')));
    assert.strictEqual(hexOf(f.deriveKey(v.text('password'), v.text('passphrase'))), hexOf(v.hex('key')), 'key');
  },
  envelope(v) {
    const key = v.hex('key'), plaintext = Buffer.from(v.text('plaintext'), 'utf8');
    const envelope = f.seal(key, plaintext, v.hex('nonce'));
    assert.strictEqual(hexOf(envelope), hexOf(v.hex('envelope')));
    assert.strictEqual(hexOf(envelope), hexOf(Buffer.concat(['nonce', 'ciphertext', 'tag', 'hmac'].map(v.hex))));
    assert.strictEqual(hexOf(f.open(key, envelope)), hexOf(plaintext));
  },
  wire(v) {
    const key = v.hex('key'), recordJson = Buffer.from(v.raw('record'), 'utf8'), record = JSON.parse(recordJson);
    const wire = JSON.parse(v.raw('wire'));
    assert.strictEqual(hexOf(f.checksumKey(key)), hexOf(v.hex('checksum key')), 'checksum key');
    assert.strictEqual(hexOf(f.keyedChecksum(key, record)), hexOf(v.hex('checksum')), 'keyed checksum');
    assert.deepStrictEqual(wire, { id: record.id, createdAt: record.created_at, data: f.seal(key, recordJson, v.hex('nonce')).toString('base64'), checksum: f.keyedChecksum(key, record).toString('base64') });
  },
  fileStream(v) {
    const key = v.hex('key'), id = v.raw('file id'), plaintext = Buffer.from(v.text('plaintext'), 'utf8');
    const chunkSize = Number(v.raw('chunk size')), stream = v.hex('stream');
    assert.strictEqual(hexOf(f.fileKey(key, id)), hexOf(v.hex('file key')), 'file key');
    assert.strictEqual(hexOf(f.contentPrefix(key, id, plaintext)), hexOf(v.hex('content prefix')), 'content prefix');
    assert.strictEqual(hexOf(f.encryptFile(key, id, plaintext, chunkSize, v.hex('nonce prefix'))), hexOf(stream), 'stream');
    const chunks = v.fields.filter(([n]) => /^chunk \d+$/.test(n)).map(([n]) => v.hex(n));
    assert.strictEqual(hexOf(Buffer.concat([v.hex('header'), ...chunks])), hexOf(stream), 'header and chunks');
    assert.strictEqual(stream.length, 20 + plaintext.length + 16 * Math.max(1, Math.ceil(plaintext.length / chunkSize)));
    assert.strictEqual(hexOf(f.decryptFile(key, id, stream.subarray(0, 20), stream.subarray(20))), hexOf(plaintext));
  },
  // The encrypted inbox, from docs/formats.md alone with Node's crypto (the capture page's own WebCrypto
  // code is checked against the same vectors by the core tests).
  sealedItem(v) {
    const c = require('crypto');
    const recipient = c.createECDH('prime256v1'), ephemeral = c.createECDH('prime256v1');
    recipient.setPrivateKey(v.hex('recipient private'));
    ephemeral.setPrivateKey(v.hex('ephemeral private'));
    const recipientPublic = recipient.getPublicKey(), ephemeralPublic = ephemeral.getPublicKey();
    assert.strictEqual(hexOf(recipientPublic), hexOf(v.hex('recipient public')), 'recipient public');
    assert.strictEqual(hexOf(ephemeralPublic), hexOf(v.hex('ephemeral public')), 'ephemeral public');
    assert.strictEqual(hexOf(f.sha256(recipientPublic).subarray(0, 8)), hexOf(v.hex('key id')), 'key id');
    const shared = ephemeral.computeSecret(recipientPublic);
    assert.strictEqual(hexOf(shared), hexOf(v.hex('shared secret')), 'shared secret');
    assert.strictEqual(hexOf(recipient.computeSecret(ephemeralPublic)), hexOf(shared), 'both sides agree');
    const okm = Buffer.from(c.hkdfSync('sha256', shared, Buffer.from('dataans-inbox-v1'), Buffer.concat([ephemeralPublic, recipientPublic]), 44));
    assert.strictEqual(hexOf(okm), hexOf(v.hex('hkdf output')), 'hkdf output');
    const id = Buffer.from(v.raw('item id').replace(/-/g, ''), 'hex');
    const header = Buffer.concat([Buffer.from([0x44, 0x41, 0x49, 0x01]), id, f.sha256(recipientPublic).subarray(0, 8), ephemeralPublic]);
    const g = c.createCipheriv('aes-256-gcm', okm.subarray(0, 32), okm.subarray(32));
    g.setAAD(header);
    const content = Buffer.from(v.text('content'), 'utf8');
    const sealed = Buffer.concat([header, g.update(content), g.final(), g.getAuthTag()]);
    assert.strictEqual(hexOf(sealed), hexOf(v.hex('sealed')), 'sealed');
  },
  captureContent(v) {
    const json = Buffer.from(v.raw('capture header'), 'utf8'), file = v.hex('file 0');
    const length = Number(v.raw('content length'));
    const size = 4 + json.length + file.length;
    assert.ok(size <= 1024 && length === 1024, 'a short capture pads to 1 KiB');
    const content = Buffer.alloc(length);
    content.writeUInt32BE(json.length, 0);
    json.copy(content, 4);
    file.copy(content, 4 + json.length);
    assert.strictEqual(hexOf(f.sha256(content)), hexOf(v.hex('content sha256')), 'content sha256');
    assert.strictEqual(JSON.parse(json).files[0].size, file.length, 'the header names the file size');
  },
  inboxIds(v) {
    const uuid = (label, parts) => {
      const h = f.sha256(Buffer.concat([Buffer.from('dataans-inbox ' + label, 'ascii'), parts])).subarray(0, 16);
      h[6] = (h[6] & 0x0f) | 0x80;
      h[8] = (h[8] & 0x3f) | 0x80;
      const x = h.toString('hex');
      return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
    };
    const id = Buffer.from(v.raw('item id').replace(/-/g, ''), 'hex'), digest = v.hex('item sha256');
    const index = Buffer.alloc(4);
    assert.strictEqual(uuid('note', Buffer.concat([id, digest])), v.raw('note id'), 'note id');
    assert.strictEqual(uuid('file', Buffer.concat([id, digest, index])), v.raw('file 0 id'), 'file 0 id');
    assert.strictEqual(uuid('space', v.hex('inbox public')), v.raw('space id'), 'space id');
    assert.strictEqual(uuid('avatar', v.hex('inbox public')), v.raw('avatar id'), 'avatar id');
    const time = Buffer.alloc(8);
    time.writeBigInt64BE(BigInt(v.raw('operation time')));
    assert.strictEqual(uuid('operation', Buffer.concat([time, Buffer.from(v.raw('operation json'), 'utf8')])), v.raw('operation id'), 'operation id');
  },
};

function kindOf(v) {
  if (v.has('record') && v.has('digest')) return 'digest';
  if (v.has('password')) return 'keyDerivation';
  if (v.has('wire')) return 'wire';
  if (v.has('envelope')) return 'envelope';
  if (v.has('stream')) return 'fileStream';
  if (v.has('verifier')) return 'verifier';
  if (v.has('sealed')) return 'sealedItem';
  if (v.has('capture header')) return 'captureContent';
  if (v.has('note id')) return 'inboxIds';
  return 'unknown';
}

function checkVectors(markdown) {
  const counts = {}, failures = [], digestKinds = [];
  for (const v of parseVectors(markdown)) {
    const kind = kindOf(v);
    counts[kind] = (counts[kind] || 0) + 1;
    if (kind === 'unknown' || kind === 'verifier') continue; // Argon2id: not in Node 20's crypto
    try {
      const result = checks[kind](v);
      if (kind === 'digest') digestKinds.push(result);
    } catch (error) {
      failures.push(`${kind} vector under '${v.heading}': ${error.message}`);
    }
  }
  return { counts, digestKinds: digestKinds.sort(), failures };
}

module.exports = { parseVectors, checkVectors };
