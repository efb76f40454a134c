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
    assert.deepStrictEqual(wire, { id: record.id, createdAt: record.created_at, data: f.seal(key, recordJson, v.hex('nonce')).toString('base64'), checksum: f.digest(record).toString('base64') });
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
};

function kindOf(v) {
  if (v.has('record') && v.has('digest')) return 'digest';
  if (v.has('password')) return 'keyDerivation';
  if (v.has('wire')) return 'wire';
  if (v.has('envelope')) return 'envelope';
  if (v.has('stream')) return 'fileStream';
  if (v.has('verifier')) return 'verifier';
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
