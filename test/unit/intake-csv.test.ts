/** CSV parsing as 12345 exports write it: quotes, doubled quotes, line breaks inside fields, delimiters. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guessDelimiter, parseCsv } from '../../shared/intake/csv.ts';

function rows(text: string, delimiter?: string): string[][] {
  const r = parseCsv(text, delimiter);
  assert.ok(r.ok, 'should parse');
  return r.rows;
}

test('plain rows, CRLF, LF and a missing final newline', () => {
  assert.deepEqual(rows('a,b\r\n1,2\r\n3,4'), [
    ['a', 'b'],
    ['1', '2'],
    ['3', '4'],
  ]);
  assert.deepEqual(rows('a,b\n1,2\n'), [
    ['a', 'b'],
    ['1', '2'],
  ]);
  assert.deepEqual(rows('a,b\r1,2\r'), [
    ['a', 'b'],
    ['1', '2'],
  ]);
});

test('quoted fields keep commas, doubled quotes and line breaks', () => {
  const text = '编号,内容\n1,"路灯不亮，""很暗""\r\n请尽快处理"\n2,"a,b"\n';
  assert.deepEqual(rows(text), [
    ['编号', '内容'],
    ['1', '路灯不亮，"很暗"\r\n请尽快处理'],
    ['2', 'a,b'],
  ]);
});

test('empty fields are kept; blank lines are skipped', () => {
  assert.deepEqual(rows('a,b,c\n,,\n\n1,,3\n'), [
    ['a', 'b', 'c'],
    ['', '', ''],
    ['1', '', '3'],
  ]);
});

test('a quote inside an unquoted field is literal', () => {
  assert.deepEqual(rows('a\n5"x\n'), [['a'], ['5"x']]);
});

test('an unterminated quote is reported with its row', () => {
  const r = parseCsv('a,b\n1,2\n3,"open\n4,5\n');
  assert.deepEqual(r, { ok: false, problem: 'unterminatedQuote', row: 3 });
});

test('the delimiter is guessed from the header line, ignoring quoted ones', () => {
  assert.equal(guessDelimiter('a\tb\tc\n1,2\t3'), '\t');
  assert.equal(guessDelimiter('a;b;c\n'), ';');
  assert.equal(guessDelimiter('"x,y,z";b;c\n'), ';');
  assert.equal(guessDelimiter('single\n'), ',');
  assert.deepEqual(rows('a\tb\n"1\t2"\t3\n'), [
    ['a', 'b'],
    ['1\t2', '3'],
  ]);
});
