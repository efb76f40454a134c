// Runs the capture page's own sealing code (src/Dataans.Server/CapturePage/seal.js) in Node's
// WebCrypto, and a reference opener written from docs/formats.md alone. Requests on stdin, results
// on stdout, bytes as hex. Usage: node inbox-node.mjs /path/to/seal.js < requests.json
import { pathToFileURL } from 'node:url';

const page = await import(pathToFileURL(process.argv[2]).href);
const subtle = globalThis.crypto.subtle;
const hex = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
const toHex = (b) => Buffer.from(b).toString('hex');
const b64u = (b) => Buffer.from(b).toString('base64url');

async function ecdhPair(d, publicKey) {
  const jwk = { kty: 'EC', crv: 'P-256', d: b64u(d), x: b64u(publicKey.slice(1, 33)), y: b64u(publicKey.slice(33)), ext: true };
  const privateKey = await subtle.importKey('jwk', jwk, { name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const pub = await subtle.importKey('raw', publicKey, { name: 'ECDH', namedCurve: 'P-256' }, true, []);
  return { privateKey, publicKey: pub };
}

// The reference opener: only the private key's holder can do this; the page never does.
async function open(recipientD, recipientPublic, sealed) {
  if (sealed.length < 109 || sealed[0] !== 0x44 || sealed[1] !== 0x41 || sealed[2] !== 0x49 || sealed[3] !== 1) return null;
  const header = sealed.slice(0, 93);
  const ephemeralPublic = header.slice(28, 93);
  const keyId = new Uint8Array(await subtle.digest('SHA-256', recipientPublic)).slice(0, 8);
  if (toHex(keyId) !== toHex(header.slice(20, 28))) return null;
  const mine = await ecdhPair(recipientD, recipientPublic);
  try {
    const other = await subtle.importKey('raw', ephemeralPublic, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
    const shared = await subtle.deriveBits({ name: 'ECDH', public: other }, mine.privateKey, 256);
    const ikm = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveBits']);
    const info = new Uint8Array(130);
    info.set(ephemeralPublic, 0);
    info.set(recipientPublic, 65);
    const okm = new Uint8Array(await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new TextEncoder().encode('dataans-inbox-v1'), info }, ikm, 352));
    const key = await subtle.importKey('raw', okm.slice(0, 32), 'AES-GCM', false, ['decrypt']);
    const content = await subtle.decrypt({ name: 'AES-GCM', iv: okm.slice(32), additionalData: header, tagLength: 128 }, key, sealed.slice(93));
    return { itemId: toHex(header.slice(4, 20)), content: toHex(new Uint8Array(content)) };
  } catch {
    return null;
  }
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const r of JSON.parse(input)) {
  switch (r.op) {
    case 'seal': {
      const ephemeral = r.ephemeralD ? await ecdhPair(hex(r.ephemeralD), hex(r.ephemeralPublic)) : undefined;
      results.push(toHex(await page.seal(hex(r.publicKey), r.itemId, hex(r.content), ephemeral)));
      break;
    }
    case 'encode': {
      const files = r.files.map((f) => ({ name: f.name, type: f.type, bytes: hex(f.bytes) }));
      results.push(toHex(page.encodeContent({ text: r.text, createdAt: new Date(r.createdAt), files, source: r.source })));
      break;
    }
    case 'open':
      results.push(await open(hex(r.recipientD), hex(r.recipientPublic), hex(r.item)));
      break;
    case 'padded':
      results.push(r.lengths.map(page.paddedLength));
      break;
    default:
      throw new Error('unknown op ' + r.op);
  }
}
process.stdout.write(JSON.stringify(results));
