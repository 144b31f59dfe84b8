import { BoundedMap } from '../../src/application/bounded-map';

const filled = (capacity: number, keys: readonly string[]) => {
  const evicted: string[] = [];
  const map = new BoundedMap<string, number>(capacity, (key) => evicted.push(key));
  keys.forEach((key, i) => map.set(key, i));
  return { map, evicted };
};

describe('a map bounded in size (what a process keeps in memory)', () => {
  it('keeps at most its capacity, evicting the entry set longest ago', () => {
    const { map, evicted } = filled(2, ['a', 'b', 'c']);
    expect(map.size).toBe(2);
    expect([map.has('a'), map.get('b'), map.get('c')]).toEqual([false, 1, 2]);
    expect(evicted).toEqual(['a']);
  });

  it('makes a key set again the newest, so the least recently set goes first', () => {
    const { map, evicted } = filled(2, ['a', 'b']);
    map.set('a', 10);
    map.set('c', 2);
    expect(evicted).toEqual(['b']);
    expect([map.get('a'), map.has('b'), map.get('c')]).toEqual([10, false, 2]);
  });

  it('evicts nothing while a key is only set again at capacity', () => {
    const { map, evicted } = filled(2, ['a', 'b', 'b', 'a']);
    expect([map.size, evicted]).toEqual([2, []]);
  });

  it('tells of evictions only, not of entries deleted or cleared', () => {
    const { map, evicted } = filled(3, ['a', 'b', 'c']);
    map.delete('a');
    map.set('d', 3);
    map.clear();
    expect([map.size, evicted]).toEqual([0, []]);
  });

  it('keeps nothing with capacity 0', () => {
    const { map, evicted } = filled(0, ['a']);
    expect([map.size, evicted]).toEqual([0, ['a']]);
  });
});
