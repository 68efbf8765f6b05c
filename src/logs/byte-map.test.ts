import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ByteMap } from './byte-map.js';
import { lowerDomainPart } from './parsers/pflogsumm-rules.js';

/** Look a key up in the middle of a larger buffer (as lines sit in a read chunk) and add it when missing. */
function idOf(map: ByteMap<string>, key: string): number {
  const chunk = Buffer.from(`xx\n${key}\nyy`, 'latin1');
  const found = map.find(chunk, 3, 3 + key.length);
  return found >= 0 ? found : map.add(chunk, 3, 3 + key.length, key);
}

describe('ByteMap', () => {
  it('gives equal bytes one entry and different bytes their own, through many growths', () => {
    const map = new ByteMap<string>(Infinity, 'exact', 1);
    const keys = Array.from({ length: 20_000 }, (_, i) => `user${(i * 7919) % 20_000}@host${i % 37}.example`);
    const ids = keys.map((key) => idOf(map, key));
    keys.forEach((key, i) => map.setField(ids[i], 0, i + 1));
    assert.equal(map.size, new Set(keys).size);
    keys.forEach((key, i) => {
      assert.equal(idOf(map, key), ids[i]);
      assert.equal(map.key(ids[i]), key);
      assert.equal(map.value(ids[i]), key);
    });
    assert.equal(map.field(ids[5], 0), keys.lastIndexOf(keys[5]) + 1, 'fields stay with their entry');
    assert.notEqual(idOf(map, 'user1@host1.exampl'), ids[1], 'a prefix is another key');
  });

  it('folds ASCII case after the first @ as pflogsumm keys recipients, and nothing else', () => {
    const map = new ByteMap<string>(Infinity, 'domain');
    const variants = ['Dana@Example.COM', 'Dana@example.com', 'Dana@EXAMPLE.com', 'dana@example.com', 'Dana@Ex@MPLE.com', 'Dana@', 'DANA', '@Example.com',
      'J\u00dcRGEN@M\u00dcLLER.example', 'J\u00dcRGEN@m\u00dcller.EXAMPLE', ''];
    const byKey = new Map<string, number>();
    for (const address of variants) {
      const id = idOf(map, address);
      const key = lowerDomainPart(address); // pflogsumm's `s/(@.+)/\L$1/`
      assert.equal(map.key(id), key, address);
      if (byKey.has(key)) assert.equal(id, byKey.get(key), `${address} shares ${key}`);
      byKey.set(key, id);
    }
    assert.equal(map.size, byKey.size);
  });

  it('drops every entry past its cap (a cache), and starts over', () => {
    const map = new ByteMap<string>(100);
    for (let i = 0; i < 250; i++) idOf(map, `client${i}[192.0.2.${i % 250}]`);
    assert.ok(map.size <= 100 && map.size > 0, `${map.size} entries`);
    assert.equal(map.key(idOf(map, 'client249[192.0.2.249]')), 'client249[192.0.2.249]');
  });
});
