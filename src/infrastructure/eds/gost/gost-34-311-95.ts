/**
 * GOST 34.311-95, Kazakhstan's adoption of GOST R 34.11-94, with the "test" parameter set's S-box
 * (SPEC §8; OID 1.2.398.3.10.1.3.1). Our own code: the hash is simple, and a package for it would be a
 * rarely used one. Byte order as gost-engine and BouncyCastle: 32-byte blocks from the start of the
 * message, each a little-endian number; the digest is the state's bytes.
 */

/** The S-box rows of GOST R 34.11-94's test parameter set; row i substitutes nibble i (lowest first). */
const TEST_SBOX: readonly (readonly number[])[] = [
  [4, 10, 9, 2, 13, 8, 0, 14, 6, 11, 1, 12, 7, 15, 5, 3],
  [14, 11, 4, 12, 6, 13, 15, 10, 2, 3, 8, 1, 0, 7, 5, 9],
  [5, 8, 1, 13, 10, 3, 4, 2, 14, 15, 12, 7, 6, 0, 9, 11],
  [7, 13, 10, 1, 0, 8, 9, 15, 14, 4, 6, 12, 11, 2, 5, 3],
  [6, 12, 7, 1, 5, 15, 13, 8, 4, 10, 9, 14, 0, 3, 11, 2],
  [4, 11, 10, 0, 7, 2, 1, 13, 3, 6, 8, 5, 9, 12, 15, 14],
  [13, 11, 4, 1, 3, 15, 5, 9, 0, 10, 14, 7, 6, 8, 2, 12],
  [1, 15, 13, 0, 5, 7, 10, 4, 9, 2, 3, 14, 6, 11, 8, 12],
];

/** The four byte-wide substitutions of the cipher's round function, merged per byte. */
const BYTE_SBOX = [0, 1, 2, 3].map((pair) =>
  Uint8Array.from({ length: 256 }, (_, byte) => {
    const low = TEST_SBOX[2 * pair]?.[byte & 15] ?? 0;
    const high = TEST_SBOX[2 * pair + 1]?.[byte >> 4] ?? 0;
    return (high << 4) | low;
  }),
);

function roundFunction(x: number): number {
  const substituted =
    ((BYTE_SBOX[0]?.[x & 0xff] ?? 0) |
      ((BYTE_SBOX[1]?.[(x >>> 8) & 0xff] ?? 0) << 8) |
      ((BYTE_SBOX[2]?.[(x >>> 16) & 0xff] ?? 0) << 16) |
      ((BYTE_SBOX[3]?.[x >>> 24] ?? 0) << 24)) >>>
    0;
  return ((substituted << 11) | (substituted >>> 21)) >>> 0;
}

/** GOST 28147-89 encryption of one 8-byte block (simple substitution mode), as the hash uses it. */
function encryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  const keyView = new DataView(key.buffer, key.byteOffset, 32);
  const k = Array.from({ length: 8 }, (_, i) => keyView.getUint32(4 * i, true));
  const blockView = new DataView(block.buffer, block.byteOffset, 8);
  let n1 = blockView.getUint32(0, true);
  let n2 = blockView.getUint32(4, true);
  for (let round = 0; round < 32; round++) {
    const subkey = k[round < 24 ? round % 8 : 31 - round] ?? 0;
    const mixed = (n2 ^ roundFunction((n1 + subkey) >>> 0)) >>> 0;
    n2 = n1;
    n1 = mixed;
  }
  const out = new Uint8Array(8);
  const outView = new DataView(out.buffer);
  // The last round does not swap the halves.
  outView.setUint32(0, n2, true);
  outView.setUint32(4, n1, true);
  return out;
}

const xor = (a: Uint8Array, b: Uint8Array): Uint8Array => a.map((byte, i) => byte ^ (b[i] ?? 0));

/** P: the key's byte k[i + 4j] is the block's byte w[8i + j]. */
function permute(w: Uint8Array): Uint8Array {
  const key = new Uint8Array(32);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 8; j++) key[i + 4 * j] = w[8 * i + j] ?? 0;
  return key;
}

/** A: shift the four 64-bit words down one, the top one becoming the XOR of the two lowest. */
function shiftWords(y: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out.set(y.subarray(8), 0);
  for (let i = 0; i < 8; i++) out[24 + i] = (y[i] ?? 0) ^ (y[8 + i] ?? 0);
  return out;
}

/** ψ: shift the sixteen 16-bit words down one, the top one a XOR of words 1, 2, 3, 4, 13 and 16. */
function psi(y: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out.set(y.subarray(2), 0);
  for (const half of [0, 1]) {
    out[30 + half] = [0, 2, 4, 6, 24, 30].reduce((acc, at) => acc ^ (y[at + half] ?? 0), 0);
  }
  return out;
}

/** C_3 of the key schedule: bytes 1,3,5,7,8,10,12,14,17,18,20,23,24,28,29,31 set to ff. */
const C3 = Uint8Array.from({ length: 32 }, (_, i) =>
  [1, 3, 5, 7, 8, 10, 12, 14, 17, 18, 20, 23, 24, 28, 29, 31].includes(i) ? 0xff : 0,
);

/** The step function f(H, M) of GOST R 34.11-94 §7. */
function step(h: Uint8Array, m: Uint8Array): Uint8Array {
  let u = h;
  let v = m;
  const s = new Uint8Array(32);
  for (let j = 0; j < 4; j++) {
    if (j > 0) {
      u = shiftWords(u);
      if (j === 2) u = xor(u, C3);
      v = shiftWords(shiftWords(v));
    }
    s.set(encryptBlock(permute(xor(u, v)), h.subarray(8 * j, 8 * j + 8)), 8 * j);
  }
  let mixed: Uint8Array = s;
  for (let i = 0; i < 12; i++) mixed = psi(mixed);
  mixed = psi(xor(mixed, m));
  mixed = xor(mixed, h);
  for (let i = 0; i < 61; i++) mixed = psi(mixed);
  return mixed;
}

/** sum += block mod 2^256, both little-endian. */
function addInto(sum: Uint8Array, block: Uint8Array): void {
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const total = (sum[i] ?? 0) + (block[i] ?? 0) + carry;
    sum[i] = total & 0xff;
    carry = total >> 8;
  }
}

export function gost34311(data: Uint8Array): Buffer {
  let h: Uint8Array = new Uint8Array(32);
  const sum = new Uint8Array(32);
  for (let offset = 0; offset < data.byteLength; offset += 32) {
    const block = new Uint8Array(32);
    block.set(data.subarray(offset, offset + 32));
    h = step(h, block);
    addInto(sum, block);
  }
  const length = new Uint8Array(32);
  let bits = BigInt(data.byteLength) * 8n;
  for (let i = 0; bits > 0n; i++, bits >>= 8n) length[i] = Number(bits & 0xffn);
  h = step(h, length);
  h = step(h, sum);
  return Buffer.from(h);
}
