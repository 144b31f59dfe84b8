import {
  CRYPTOPRO_A,
  TC26_256_A,
  TC26_512_A,
  TEST_CURVE_256,
  TEST_CURVE_512,
} from '../../../../src/infrastructure/eds/gost/gost-curves';
import {
  publicKeyOf,
  randomScalar,
  signGost,
  verifyGost,
} from '../../../../src/infrastructure/eds/gost/gost-34-10';
import {
  addAffine,
  fromAffine,
  isOnCurve,
  toAffineAll,
} from '../../../../src/infrastructure/eds/gost/jacobian-point';
import * as scalarMultiplication from '../../../../src/infrastructure/eds/gost/scalar-multiplication';
import {
  multiply,
  multiplyByTable,
  windowTable,
} from '../../../../src/infrastructure/eds/gost/scalar-multiplication';

const big = (hex: string) => BigInt(`0x${hex.replace(/\s+/g, '')}`);

// GOST R 34.10-2012 Appendix A (also RFC 7091 §A): the worked examples, every value as printed there.
const EXAMPLES = [
  {
    name: 'A.1, 256-bit',
    curve: TEST_CURVE_256,
    d: big('7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28'),
    qx: big('7F2B49E270DB6D90D8595BEC458B50C58585BA1D4E9B788F6689DBD8E56FD80B'),
    qy: big('26F1B489D6701DD185C8413A977B3CBBAF64D1C593D26627DFFB101A87FF77DA'),
    e: big('2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5'),
    k: big('77105C9B20BCD3122823C8CF6FCC7B956DE33814E95B7FE64FED924594DCEAB3'),
    r: big('41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493'),
    s: big('01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40'),
  },
  {
    name: 'A.2, 512-bit',
    curve: TEST_CURVE_512,
    d: big(`0BA6048AADAE241BA40936D47756D7C93091A0E8514669700EE7508E508B1020
            72E8123B2200A0563322DAD2827E2714A2636B7BFD18AADFC62967821FA18DD4`),
    qx: big(`115DC5BC96760C7B48598D8AB9E740D4C4A85A65BE33C1815B5C320C854621DD
             5A515856D13314AF69BC5B924C8B4DDFF75C45415C1D9DD9DD33612CD530EFE1`),
    qy: big(`37C7C90CD40B0F5621DC3AC1B751CFA0E2634FA0503B3D52639F5D7FB72AFD61
             EA199441D943FFE7F0C70A2759A3CDB84C114E1F9339FDF27F35ECA93677BEEC`),
    e: big(`3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C591
            7184EE536593F4414339976C647C5D5A407ADEDB1D560C4FC6777D2972075B8C`),
    k: big(`0359E7F4B1410FEACC570456C6801496946312120B39D019D455986E364F3658
            86748ED7A44B3E794434006011842286212273A6D14CF70EA3AF71BB1AE679F1`),
    r: big(`2F86FA60A081091A23DD795E1E3C689EE512A3C82EE0DCC2643C78EEA8FCACD3
            5492558486B20F1C9EC197C90699850260C93BCBCD9C5C3317E19344E173AE36`),
    s: big(`1081B394696FFE8E6585E7A9362D26B6325F56778AADBC081C0BFBE933D52FF5
            823CE288E8C4F362526080DF7F70CE406A6EEB1F56919CB92A9853BDE73E5B4A`),
  },
] as const;

describe('GOST R 34.10-2012 Appendix A: the worked examples', () => {
  describe.each(EXAMPLES)('$name', (example) => {
    it('derives the public key from the private key', () => {
      expect(publicKeyOf(example.curve, example.d)).toEqual({ x: example.qx, y: example.qy });
    });

    it('signs the digest with the given k to the printed (r, s)', () => {
      expect(signGost(example.curve, example.d, example.e, example.k)).toEqual({
        r: example.r,
        s: example.s,
      });
    });

    it('verifies the printed signature', () => {
      const key = { x: example.qx, y: example.qy };
      expect(verifyGost(example.curve, key, example.e, { r: example.r, s: example.s })).toBe(true);
    });

    it('refuses it with one bit of s, of r or of the digest changed', () => {
      const key = { x: example.qx, y: example.qy };
      expect(verifyGost(example.curve, key, example.e, { r: example.r, s: example.s ^ 1n })).toBe(false);
      expect(verifyGost(example.curve, key, example.e, { r: example.r ^ 1n, s: example.s })).toBe(false);
      expect(verifyGost(example.curve, key, example.e ^ 1n, { r: example.r, s: example.s })).toBe(false);
    });

    it('refuses a key that is not a point of the curve', () => {
      const key = { x: example.qx, y: example.qy + 1n };
      expect(verifyGost(example.curve, key, example.e, { r: example.r, s: example.s })).toBe(false);
    });
  });
});

describe("Kazakhstan's curves", () => {
  it.each([CRYPTOPRO_A, TC26_256_A, TC26_512_A])('signs and verifies on $name', (curve) => {
    const d = randomScalar(curve);
    const key = publicKeyOf(curve, d);
    const digest = randomScalar(curve);
    const signature = signGost(curve, d, digest);

    expect(verifyGost(curve, key, digest, signature)).toBe(true);
    expect(verifyGost(curve, key, digest + 1n, signature)).toBe(false);
  });

  it('refuses a signature made on another curve of the same size', () => {
    const d = randomScalar(TEST_CURVE_256);
    const signature = signGost(TEST_CURVE_256, d, 12345n);

    expect(verifyGost(CRYPTOPRO_A, publicKeyOf(TEST_CURVE_256, d), 12345n, signature)).toBe(false);
  });
});

describe('verification arithmetic against noble-curves', () => {
  it.each([CRYPTOPRO_A, TC26_256_A, TC26_512_A, TEST_CURVE_512])(
    'a key verifies alike the first time and once its window table is built, on $name',
    (curve) => {
      const d = randomScalar(curve);
      const key = publicKeyOf(curve, d);
      const digests = [randomScalar(curve), randomScalar(curve), randomScalar(curve)];
      const signatures = digests.map((digest) => signGost(curve, d, digest));

      // The first use multiplies the fresh point, the second builds its table, the third uses it.
      for (const [i, digest] of digests.entries()) {
        expect(verifyGost(curve, key, digest, signatures[i] as { r: bigint; s: bigint })).toBe(true);
        expect(verifyGost(curve, key, digest, signatures[(i + 1) % 3] as { r: bigint; s: bigint })).toBe(
          false,
        );
      }
    },
  );

  it.each([CRYPTOPRO_A, TC26_256_A, TC26_512_A])('multiplies as noble does on $name', (curve) => {
    const point = publicKeyOf(curve, randomScalar(curve));
    const table = windowTable(curve.arithmetic, point, 5, curve.q.toString(2).length);
    for (const k of [1n, 2n, curve.q - 1n, randomScalar(curve), randomScalar(curve)]) {
      const expected = curve.Point.fromAffine(point).multiply(k).toAffine();

      expect(toAffineAll(curve.arithmetic, [multiply(curve.arithmetic, point, k)])).toEqual([expected]);
      expect(toAffineAll(curve.arithmetic, [multiplyByTable(curve.arithmetic, table, k)])).toEqual([
        expected,
      ]);
    }
    expect(multiply(curve.arithmetic, point, curve.q).Z).toBe(0n);
    expect(multiplyByTable(curve.arithmetic, table, curve.q).Z).toBe(0n);
  });

  it('refuses a key outside the prime-order subgroup of the cofactor-4 curve', () => {
    // q * R for a point R of the whole group has order 2 or 4; added to a key, it stays on the curve.
    const { arithmetic } = TC26_256_A;
    const key = publicKeyOf(TC26_256_A, randomScalar(TC26_256_A));
    const torsion = smallOrderPoint();
    const [hostile] = toAffineAll(arithmetic, [addAffine(arithmetic, fromAffine(key), torsion)]);
    const signature = signGost(TC26_256_A, 5n, 7n);

    expect(multiply(arithmetic, torsion, 4n).Z).toBe(0n);
    expect(isOnCurve(arithmetic, hostile as { x: bigint; y: bigint })).toBe(true);
    expect(verifyGost(TC26_256_A, hostile as { x: bigint; y: bigint }, 7n, signature)).toBe(false);
  });
});

describe("window tables for keys that verify again and again (the CAs')", () => {
  const curve = TC26_256_A;
  const signer = (privateKey = randomScalar(curve)) => {
    const key = publicKeyOf(curve, privateKey);
    const alpha = randomScalar(curve);
    return { key, alpha, signature: signGost(curve, privateKey, alpha) };
  };
  /** How many tables were built for this key while `run` ran. */
  function tablesBuiltFor(key: { x: bigint }, run: () => void): number {
    const spy = jest.spyOn(scalarMultiplication, 'windowTable');
    try {
      run();
      return spy.mock.calls.filter(([, point]) => point.x === key.x).length;
    } finally {
      spy.mockRestore();
    }
  }

  it("builds a CA key's table once, and keeps it while more citizens' keys than the cache holds pass by", () => {
    const ca = signer();
    const citizens = Array.from({ length: 40 }, () => signer());

    const built = tablesBuiltFor(ca.key, () => {
      for (const citizen of citizens) {
        expect(verifyGost(curve, citizen.key, citizen.alpha, citizen.signature)).toBe(true);
        expect(verifyGost(curve, ca.key, ca.alpha, ca.signature)).toBe(true);
      }
    });

    expect(built).toBe(1);
  });

  it("builds none for a citizen's key verified a few times", () => {
    const citizen = signer();

    const built = tablesBuiltFor(citizen.key, () => {
      for (let i = 0; i < 4; i++)
        expect(verifyGost(curve, citizen.key, citizen.alpha, citizen.signature)).toBe(true);
    });

    expect(built).toBe(0);
  });

  it('verifies alike with and without a table', () => {
    const ca = signer();
    const other = signer();

    for (let i = 0; i < 12; i++) {
      expect(verifyGost(curve, ca.key, ca.alpha, ca.signature)).toBe(true);
      expect(verifyGost(curve, ca.key, ca.alpha + 1n, ca.signature)).toBe(false);
      expect(verifyGost(curve, ca.key, other.alpha, other.signature)).toBe(false);
    }
  });
});

/** A point of TC26-256-A outside the order-q subgroup: q * R for the first x whose R exists. */
function smallOrderPoint(): { x: bigint; y: bigint } {
  const { arithmetic, q } = TC26_256_A;
  const { p, reduce } = arithmetic.field;
  const power = (base: bigint, exponent: bigint): bigint => {
    let result = 1n;
    for (let b = base, e = exponent; e > 0n; e >>= 1n, b = reduce(b * b))
      if (e & 1n) result = reduce(result * b);
    return result;
  };
  for (let x = 1n; ; x++) {
    const right = reduce(reduce(reduce(x * x) * x) + reduce(arithmetic.a * x) + arithmetic.b);
    const y = power(right, (p + 1n) / 4n); // p = 3 mod 4
    if (reduce(y * y) !== right) continue;
    const torsion = multiply(arithmetic, { x, y }, q);
    if (torsion.Z !== 0n) return toAffineAll(arithmetic, [torsion])[0] as { x: bigint; y: bigint };
  }
}
