/**
 * GOST R 34.11-2012 "Streebog" (RFC 6986), 512- and 256-bit, in the byte order the ecosystem prints
 * (gost-engine, BouncyCastle): the message is taken as bytes from its start, the digest is the state's
 * little-endian bytes, which is RFC 6986's hex read backwards. Our own code: no maintained npm package
 * offers Streebog; RFC 6986's examples pin it in the tests.
 *
 * The 512-bit state is 8 little-endian 64-bit words held as 16 uint32 (low, high, low, high, ...).
 */

// The standard's constants (GOST R 34.11-2012 §5): the S-box pi, the matrix A (row i acts on bit 63 - i)
// and the 12 round constants C (each as the 64 little-endian bytes of its 512-bit value).
const PI_HEX =
  'fceedd11cf6e3116fbc4fada23c5044de977f0db932e99ba1736f1bb14cd5fc1f918655ae25cef21811c3c428b018e4f' +
  '058402aee36a8fa0060bed987fd4d31feb342c51eac848abf22a68a2fd3aceccb5700e56080c7612bf7213479cb75d87' +
  '15a19629107b9ac7f391786f9d9eb2b13275193dff358a7e6d54c680c3bd0d57dff524a93ea843c9d779d6f67c22b903' +
  'e00fecde7a94b0bcdce828504e330a4aa79760731e0062441ab83882649f2641ad454692275e552f8ca3a57d69d5953b' +
  '0758b34086ac1df730376be488d9e789e11b83494c3ff8fe8d53aa90cad88561207167a42d2b095bcb9b25d0bee56c52' +
  '59a674d2e6f4b4c0d166afc2394b63b6';

const A_HEX = [
  '8e20faa72ba0b470',
  '47107ddd9b505a38',
  'ad08b0e0c3282d1c',
  'd8045870ef14980e',
  '6c022c38f90a4c07',
  '3601161cf205268d',
  '1b8e0b0e798c13c8',
  '83478b07b2468764',
  'a011d380818e8f40',
  '5086e740ce47c920',
  '2843fd2067adea10',
  '14aff010bdd87508',
  '0ad97808d06cb404',
  '05e23c0468365a02',
  '8c711e02341b2d01',
  '46b60f011a83988e',
  '90dab52a387ae76f',
  '486dd4151c3dfdb9',
  '24b86a840e90f0d2',
  '125c354207487869',
  '092e94218d243cba',
  '8a174a9ec8121e5d',
  '4585254f64090fa0',
  'accc9ca9328a8950',
  '9d4df05d5f661451',
  'c0a878a0a1330aa6',
  '60543c50de970553',
  '302a1e286fc58ca7',
  '18150f14b9ec46dd',
  '0c84890ad27623e0',
  '0642ca05693b9f70',
  '0321658cba93c138',
  '86275df09ce8aaa8',
  '439da0784e745554',
  'afc0503c273aa42a',
  'd960281e9d1d5215',
  'e230140fc0802984',
  '71180a8960409a42',
  'b60c05ca30204d21',
  '5b068c651810a89e',
  '456c34887a3805b9',
  'ac361a443d1c8cd2',
  '561b0d22900e4669',
  '2b838811480723ba',
  '9bcf4486248d9f5d',
  'c3e9224312c8c1a0',
  'effa11af0964ee50',
  'f97d86d98a327728',
  'e4fa2054a80b329c',
  '727d102a548b194e',
  '39b008152acb8227',
  '9258048415eb419d',
  '492c024284fbaec0',
  'aa16012142f35760',
  '550b8e9e21f7a530',
  'a48b474f9ef5dc18',
  '70a6a56e2440598e',
  '3853dc371220a247',
  '1ca76e95091051ad',
  '0edd37c48a08a6d8',
  '07e095624504536c',
  '8d70c431ac02a736',
  'c83862965601dd1b',
  '641c314b2b8ee083',
];

const C_HEX = [
  '0745a6f2596580dd234d74cc3674760515d360a4082a42a20169679291e07c4bfcc485758db84e7116d0452e43766a2f1f7c65c0812fcbebe9daca1eda5b08b1',
  'b79bb121700479e656cdcbd71ba2dd55caa70adbc261b55c5899d6126b17b59a3101b5160f5ed561982b230a72eafef3d7b5700f469de34f1a2f9da98ab5a36f',
  'b20aba0af5961e9931db7a8643f4b6c209db6260373ac9c1b19e3590e40fe2d37b7b29b11475eaf28b1f9c525f5ef10635843d6a28fc390ac72fce2bacdc74f5',
  '2ed1e384bcbe0c22f137e893a1ea5334be0352933313b7d875d603ed822cd7a93f355e68ad1c729d7d3c5c337e858e48dde4715da0e148f9d26615e8b3df1fef',
  '57fe6c7cfd581760f563eaa97ea2567a161a2723b700ffdfa3f53a254717cdbfbdff0f80d7359e354a1086161f1c157f6323a96c0c413f9a994747adac6bea4b',
  '6e7d64467a4068fa354f903672c571bfb6c6bec2661ff20ab4b79a1cb7a6facfc68ef09ab49a7f186ca44251f9c4662dc039307a3bc3a46fd9d33a1daeae4fae',
  '93d4143a4d568688f34a3ca24c45173504054a2883694706372c822dc5ab9209c9937a19333e47d3c987bfe6c7c69e39540924bffe86ac51ecc5aaee160ec7f4',
  '1ee702bfd40d7fa4d9a8515935c2ac362fc4a5d12b8dd16990069b92cb2b89f49ac4db4d3b44b4891ede369c71f8b74e41416e0c02aae703a7c9934d425b1f9b',
  'db5a238351446172602a1fcb92dc380e549c07a69a8a2b7bb1ceb2db0b440a8084090de0b755d93c244289251b3a7d3ade5f16ecd89a4c949b223116545a8f37',
  'ed9c4598fbc7b474c3b63b15d1fa9836f452763b306c1e7a4b3369af0267e79f0361331b8ae1ff1fdb788aff1ce74189f3f3e4b248e52a38526f0580a6debeab',
  '1b2df381cda4ca6b5dd86fc04a59a2de986e477d1dcdbaefcab948eaef711d8a79668414218001206107abebbb6bfad894fe5a63cdc60230fb89c8efd09ecd7b',
  '20d71bf14a92bc48991bb2d9d517f4fa5228e188aaa41de786cc91189def805d9b9f2130d41220f8771ddfbc323ca4cd7ab14904b08013d2ba3116f167e78e37',
];

const WORDS = 16;
const BLOCK_BYTES = 64;

/** LPS as 8 tables: AX[j][b] is the word the byte b contributes from word j after S, P and L. */
const [AX_LOW, AX_HIGH] = ((): [Uint32Array, Uint32Array] => {
  const pi = Buffer.from(PI_HEX, 'hex');
  const a = A_HEX.map((hex) => BigInt(`0x${hex}`));
  const low = new Uint32Array(8 * 256);
  const high = new Uint32Array(8 * 256);
  for (let j = 0; j < 8; j++) {
    for (let b = 0; b < 256; b++) {
      let value = 0n;
      const substituted = pi[b] ?? 0;
      for (let bit = 0; bit < 8; bit++) {
        if ((substituted >> bit) & 1) value ^= a[63 - 8 * j - bit] ?? 0n;
      }
      low[j * 256 + b] = Number(value & 0xffffffffn);
      high[j * 256 + b] = Number(value >> 32n);
    }
  }
  return [low, high];
})();

const wordsOf = (bytes: Uint8Array): Uint32Array => {
  const words = new Uint32Array(WORDS);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < WORDS; i++) words[i] = view.getUint32(4 * i, true);
  return words;
};

const ROUND_CONSTANTS = C_HEX.map((hex) => wordsOf(Buffer.from(hex, 'hex')));

/** out = LPS(x XOR y); out may be x or y. */
function xlps(x: Uint32Array, y: Uint32Array, out: Uint32Array, scratch: Uint32Array): void {
  for (let k = 0; k < WORDS; k++) scratch[k] = (x[k] as number) ^ (y[k] as number);
  for (let i = 0; i < 8; i++) {
    const half = i < 4 ? 0 : 1;
    const shift = (i & 3) * 8;
    let low = 0;
    let high = 0;
    for (let j = 0; j < 8; j++) {
      const index = j * 256 + (((scratch[2 * j + half] as number) >>> shift) & 0xff);
      low ^= AX_LOW[index] as number;
      high ^= AX_HIGH[index] as number;
    }
    out[2 * i] = low;
    out[2 * i + 1] = high;
  }
}

/** target += addend mod 2^512. */
function add512(target: Uint32Array, addend: Uint32Array): void {
  let carry = 0;
  for (let k = 0; k < WORDS; k++) {
    const sum = (target[k] as number) + (addend[k] as number) + carry;
    target[k] = sum >>> 0;
    carry = sum > 0xffffffff ? 1 : 0;
  }
}

/** The compression g_N(h, m) of GOST R 34.11-2012 §7, h updated in place. */
function compress(h: Uint32Array, n: Uint32Array, m: Uint32Array): void {
  const scratch = new Uint32Array(WORDS);
  const key = new Uint32Array(WORDS);
  const state = new Uint32Array(WORDS);
  xlps(h, n, key, scratch);
  xlps(key, m, state, scratch);
  for (let round = 0; round < 11; round++) {
    xlps(key, ROUND_CONSTANTS[round] as Uint32Array, key, scratch);
    xlps(key, state, state, scratch);
  }
  xlps(key, ROUND_CONSTANTS[11] as Uint32Array, key, scratch);
  for (let k = 0; k < WORDS; k++) {
    h[k] = (key[k] as number) ^ (state[k] as number) ^ (h[k] as number) ^ (m[k] as number);
  }
}

function streebog(data: Uint8Array, outputBytes: 32 | 64): Buffer {
  const h = new Uint32Array(WORDS).fill(outputBytes === 64 ? 0 : 0x01010101);
  const n = new Uint32Array(WORDS);
  const sigma = new Uint32Array(WORDS);
  const zero = new Uint32Array(WORDS);
  const length = new Uint32Array(WORDS);
  let offset = 0;
  for (; data.byteLength - offset >= BLOCK_BYTES; offset += BLOCK_BYTES) {
    const m = wordsOf(data.subarray(offset, offset + BLOCK_BYTES));
    compress(h, n, m);
    length[0] = 512;
    add512(n, length);
    add512(sigma, m);
  }
  const last = new Uint8Array(BLOCK_BYTES);
  const rest = data.subarray(offset);
  last.set(rest);
  last[rest.byteLength] = 0x01;
  const m = wordsOf(last);
  compress(h, n, m);
  length[0] = rest.byteLength * 8;
  add512(n, length);
  add512(sigma, m);
  compress(h, zero, n);
  compress(h, zero, sigma);

  const digest = Buffer.alloc(64);
  for (let k = 0; k < WORDS; k++) digest.writeUInt32LE(h[k] as number, 4 * k);
  return outputBytes === 64 ? digest : digest.subarray(32);
}

export const streebog512 = (data: Uint8Array): Buffer => streebog(data, 64);
export const streebog256 = (data: Uint8Array): Buffer => streebog(data, 32);
