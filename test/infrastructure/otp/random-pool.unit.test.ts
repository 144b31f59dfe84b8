import { RandomPool } from '../../../src/infrastructure/otp/random-pool';

describe('random bytes from a pool of fresh blocks', () => {
  it('hands out the requested number of bytes, never the same bytes twice, over many blocks', () => {
    const pool = new RandomPool();
    const taken = Array.from({ length: 5000 }, () => pool.take(12));
    expect(taken.every((bytes) => bytes.length === 12)).toBe(true);
    expect(new Set(taken.map((bytes) => bytes.toString('hex'))).size).toBe(taken.length);
  });

  it('leaves what it handed out as it was when later draws refill the pool', () => {
    const pool = new RandomPool();
    const first = pool.take(12);
    const copy = Buffer.from(first);
    for (let i = 0; i < 2000; i++) pool.take(12);
    expect(first.equals(copy)).toBe(true);
  });

  it('draws a request larger than a block on its own', () => {
    const pool = new RandomPool();
    const big = pool.take(10_000);
    expect(big.length).toBe(10_000);
    expect(pool.take(16).length).toBe(16);
  });
});
