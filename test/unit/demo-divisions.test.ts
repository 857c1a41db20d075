import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDivisions, Rng } from '../../shared/demo/index.ts';

const csv = readFileSync(new URL('../../data/divisions-guangzhou.csv', import.meta.url), 'utf8');
const HEADER = 'code,name,level,parent_code';

test('parses the Guangzhou divisions: 1 city, 11 districts, 178 towns, 2,851 communities', () => {
  const d = parseDivisions(csv);
  const count = (level: string): number => d.filter((x) => x.level === level).length;
  assert.equal(count('city'), 1);
  assert.equal(count('district'), 11);
  assert.equal(count('town'), 178);
  assert.equal(count('community'), 2851);
  const nansha = d.find((x) => x.code === '440115');
  assert.deepEqual(nansha, { code: '440115', name: '南沙区', level: 'district', parentCode: '4401' });
  assert.equal(d.filter((x) => x.parentCode === '440115').length, 9);
  assert.equal(d.filter((x) => x.level === 'community' && x.code.startsWith('440115')).length, 172);
  assert.equal(d.find((x) => x.level === 'city')?.parentCode, null);
});

test('accepts CRLF line ends, a BOM and a trailing newline', () => {
  const text = '\uFEFF' + [HEADER, '4401,广州市,city,', '440115,南沙区,district,4401', ''].join('\r\n');
  assert.equal(parseDivisions(text).length, 2);
});

test('rejects a malformed CSV with an error naming the line', () => {
  const bad = (rows: string[], pattern: RegExp): void => {
    assert.throws(() => parseDivisions([HEADER, ...rows].join('\n')), pattern);
  };
  assert.throws(() => parseDivisions('id,name\n4401,广州市'), /line 1: expected header/);
  bad(['4401,广州市,city,', '44011x,某区,district,4401'], /line 3: code "44011x" is not all digits/);
  bad(['4401,广州市,city,', '440115,南沙区,county,4401'], /line 3: unknown level "county"/);
  bad(['4401,广州市,city,', '440115,南沙区,district,4402'], /line 3: parent 4402 of 440115 not found/);
  bad(['4401,广州市,city,', '440115,南沙区,district'], /line 3: expected 4 fields, got 3/);
  bad(['4401,广州市,city,', '4401150,南沙区,district,4401'], /line 3: a district code has 6 digits/);
  bad(
    ['4401,广州市,city,', '440115,南沙区,district,4401', '440115,南沙区,district,4401'],
    /line 4: code 440115 already on line 3/,
  );
  bad(
    ['4401,广州市,city,', '440115001,南沙街道,town,4401'],
    /line 3: parent 4401 of town 440115001 is a city/,
  );
  bad(['4401,广州市,city,', '', '440115,南沙区,district,4401'], /line 3: empty line/);
});

test('the seeded PRNG repeats for a seed and differs between seeds', () => {
  const draw = (seed: number): number[] => {
    const r = new Rng(seed);
    return Array.from({ length: 5 }, () => r.next());
  };
  assert.deepEqual(draw(1), draw(1));
  assert.notDeepEqual(draw(1), draw(2));
  for (const v of draw(3)) assert.ok(v >= 0 && v < 1);
});
