// Seals a capture for an inbox public key, in the browser (WebCrypto) or in Node 20+.
// The format is in docs/formats.md, "Sealed inbox item": an ephemeral ECDH P-256 key per item,
// HKDF-SHA-256 and AES-256-GCM. Nothing here ever sees a private inbox key.

const MAGIC = [0x44, 0x41, 0x49, 0x01];
const SALT = new TextEncoder().encode('dataans-inbox-v1');
const MIN_PADDED = 1024;
export const HEADER_SIZE = 93;
export const TAG_SIZE = 16;

const subtle = () => globalThis.crypto.subtle;

/** The padded length for n content bytes: at least 1 KiB, above that Padmé. */
export function paddedLength(n) {
  if (n <= MIN_PADDED) return MIN_PADDED;
  const exponent = 31 - Math.clz32(n);
  const bits = 32 - Math.clz32(exponent);
  const mask = 2 ** (exponent - bits) - 1;
  return Math.ceil(n / (mask + 1)) * (mask + 1);
}

/**
 * Encodes { text, createdAt (Date), files: [{ name, type, bytes: Uint8Array }], source } as
 * u32 header length || JSON header || file bytes || zero padding.
 */
export function encodeContent({ text, createdAt, files = [], source }) {
  const header = {
    v: 1,
    createdAt: createdAt.toISOString(),
    text,
    files: files.map((f) => ({ name: f.name, type: f.type || '', size: f.bytes.length })),
  };
  if (source) header.source = source;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const length = 4 + json.length + files.reduce((sum, f) => sum + f.bytes.length, 0);
  const out = new Uint8Array(paddedLength(length));
  new DataView(out.buffer).setUint32(0, json.length);
  out.set(json, 4);
  let offset = 4 + json.length;
  for (const f of files) {
    out.set(f.bytes, offset);
    offset += f.bytes.length;
  }
  return out;
}

/** The 8-byte key id of a raw public key: the first bytes of its SHA-256. */
export async function keyId(publicKey) {
  return new Uint8Array(await subtle().digest('SHA-256', publicKey)).slice(0, 8);
}

function uuidBytes(id) {
  const hex = id.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error('The item id is not a UUID.');
  return Uint8Array.from(hex.match(/../g), (b) => parseInt(b, 16));
}

/**
 * Seals content (from encodeContent) for the holder of recipientPublic (65 raw bytes) under itemId.
 * ephemeral is for test vectors only: { privateKey, publicKey } usable for ECDH deriveBits.
 */
export async function seal(recipientPublic, itemId, content, ephemeral) {
  const s = subtle();
  const recipient = await s.importKey('raw', recipientPublic, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const pair = ephemeral || (await s.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']));
  const ephemeralPublic = new Uint8Array(await s.exportKey('raw', pair.publicKey));
  const header = new Uint8Array(HEADER_SIZE);
  header.set(MAGIC, 0);
  header.set(uuidBytes(itemId), 4);
  header.set(await keyId(recipientPublic), 20);
  header.set(ephemeralPublic, 28);
  const shared = await s.deriveBits({ name: 'ECDH', public: recipient }, pair.privateKey, 256);
  const ikm = await s.importKey('raw', shared, 'HKDF', false, ['deriveBits']);
  const info = new Uint8Array(130);
  info.set(ephemeralPublic, 0);
  info.set(recipientPublic, 65);
  const okm = new Uint8Array(await s.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: SALT, info }, ikm, 44 * 8));
  const key = await s.importKey('raw', okm.slice(0, 32), 'AES-GCM', false, ['encrypt']);
  const sealed = new Uint8Array(await s.encrypt({ name: 'AES-GCM', iv: okm.slice(32, 44), additionalData: header, tagLength: 128 }, key, content));
  const out = new Uint8Array(HEADER_SIZE + sealed.length);
  out.set(header, 0);
  out.set(sealed, HEADER_SIZE);
  return out;
}

/** Base64 (standard or URL alphabet, padding optional) to bytes. */
export function fromBase64(text) {
  const normal = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(normal + '='.repeat((4 - (normal.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
