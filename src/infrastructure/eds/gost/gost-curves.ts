import { weierstrassN, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass';
import type { AffinePoint, CurveArithmetic } from './jacobian-point';
import { primeField } from './prime-field';

/**
 * The elliptic curves of GOST 34.10 that Kazakhstan's certificates name (SPEC §8), and the standard's
 * test curves for its worked examples. The arithmetic is @noble/curves' generic short-Weierstrass code
 * (audited, maintained); the parameters are those of RFC 4357 (CryptoPro-A), RFC 7836 (tc26 sets) and
 * GOST R 34.10-2012 Appendix A.
 */
export interface GostCurve {
  readonly name: string;
  readonly Point: WeierstrassPointCons<bigint>;
  /** The order q of the base point's subgroup. */
  readonly q: bigint;
  /** The byte length of a coordinate and of each half of a signature: 32 or 64. */
  readonly size: 32 | 64;
  /** The same curve for verification's own arithmetic (`jacobian-point.ts`), and its generator. */
  readonly arithmetic: CurveArithmetic;
  readonly generator: AffinePoint;
  readonly cofactor: bigint;
}

interface CurveParameters {
  readonly p: string;
  readonly a: string;
  readonly b: string;
  readonly q: string;
  readonly x: string;
  readonly y: string;
  readonly cofactor?: bigint;
}

function curve(name: string, parameters: CurveParameters): GostCurve {
  const big = (hex: string) => BigInt(`0x${hex}`);
  const q = big(parameters.q);
  const p = big(parameters.p);
  const a = big(parameters.a);
  const b = big(parameters.b);
  const generator = { x: big(parameters.x), y: big(parameters.y) };
  const cofactor = parameters.cofactor ?? 1n;
  // noble's points sign (the development PKI) and check the worked examples' keys; verification has its own.
  const Point = weierstrassN({ p, n: q, h: cofactor, a, b, Gx: generator.x, Gy: generator.y });
  return {
    name,
    Point,
    q,
    size: parameters.p.length > 64 ? 64 : 32,
    arithmetic: { field: primeField(p), a, b, aIsMinus3: a === p - 3n },
    generator,
    cofactor,
  };
}

/** GOST R 34.10-2001 CryptoPro-A (1.2.643.2.2.35.1): the curve of Kazakhstan's GOST 34.310-2004 keys. */
export const CRYPTOPRO_A = curve('id-GostR3410-2001-CryptoPro-A-ParamSet', {
  p: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97',
  a: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD94',
  b: 'A6',
  q: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF6C611070995AD10045841B09B761B893',
  x: '1',
  y: '8D91E471E0989CDA27DF505A453F2B7635294F2DDF23E3B122ACC99C9E9F1E14',
});

/** tc26 256-bit paramSetA (1.2.643.7.1.2.1.1.1), a twisted Edwards curve in Weierstrass form. */
export const TC26_256_A = curve('id-tc26-gost-3410-12-256-paramSetA', {
  p: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97',
  a: 'C2173F1513981673AF4892C23035A27CE25E2013BF95AA33B22C656F277E7335',
  b: '295F9BAE7428ED9CCC20E7C359A9D41A22FCCD9108E17BF7BA9337A6F8AE9513',
  q: '400000000000000000000000000000000FD8CDDFC87B6635C115AF556C360C67',
  x: '91E38443A5E82C0D880923425712B2BB658B9196932E02C78B2582FE742DAA28',
  y: '32879423AB1A0375895786C4BB46E9565FDE0B5344766740AF268ADB32322E5C',
  cofactor: 4n,
});

/** tc26 512-bit paramSetA (1.2.643.7.1.2.1.2.1): the curve of Kazakhstan's GOST 34.10-2015 512-bit keys. */
export const TC26_512_A = curve('id-tc26-gost-3410-12-512-paramSetA', {
  p:
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' +
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7',
  a:
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' +
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC4',
  b:
    'E8C2505DEDFC86DDC1BD0B2B6667F1DA34B82574761CB0E879BD081CFD0B6265' +
    'EE3CB090F30D27614CB4574010DA90DD862EF9D4EBEE4761503190785A71C760',
  q:
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' +
    '27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275',
  x: '3',
  y:
    '7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921DF16' +
    '26BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4',
});

/** GOST R 34.10-2012 Appendix A.1's 256-bit test curve (1.2.643.2.2.35.0): for the worked example only. */
export const TEST_CURVE_256 = curve('id-GostR3410-2001-TestParamSet', {
  p: '8000000000000000000000000000000000000000000000000000000000000431',
  a: '7',
  b: '5FBFF498AA938CE739B8E022FBAFEF40563F6E6A3472FC2A514C0CE9DAE23B7E',
  q: '8000000000000000000000000000000150FE8A1892976154C59CFC193ACCF5B3',
  x: '2',
  y: '08E2A8A0E65147D4BD6316030E16D19C85C97F0A9CA267122B96ABBCEA7E8FC8',
});

/** GOST R 34.10-2012 Appendix A.2's 512-bit test curve: for the worked example only. */
export const TEST_CURVE_512 = curve('id-tc26-gost-3410-12-512-paramSetTest', {
  p:
    '4531ACD1FE0023C7550D267B6B2FEE80922B14B2FFB90F04D4EB7C09B5D2D15D' +
    'F1D852741AF4704A0458047E80E4546D35B8336FAC224DD81664BBF528BE6373',
  a: '7',
  b:
    '1CFF0806A31116DA29D8CFA54E57EB748BC5F377E49400FDD788B649ECA1AC43' +
    '61834013B2AD7322480A89CA58E0CF74BC9E540C2ADD6897FAD0A3084F302ADC',
  q:
    '4531ACD1FE0023C7550D267B6B2FEE80922B14B2FFB90F04D4EB7C09B5D2D15D' +
    'A82F2D7ECB1DBAC719905C5EECC423F1D86E25EDBE23C595D644AAF187E6E6DF',
  x:
    '24D19CC64572EE30F396BF6EBBFD7A6C5213B3B3D7057CC825F91093A68CD762' +
    'FD60611262CD838DC6B60AA7EEE804E28BC849977FAC33B4B530F1B120248A9A',
  y:
    '2BB312A43BD2CE6E0D020613C857ACDDCFBF061E91E5F2C3F32447C259F39B2C' +
    '83AB156D77F1496BF7EB3351E1EE4E43DC1A18B91B24640B6DBB92CB1ADD371E',
});
