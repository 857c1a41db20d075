/** Encoding and file-kind detection on real bytes: BOMs, UTF-8, GBK (from Node's full ICU), binary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeText, detectEncoding } from '../../shared/intake/encoding.ts';
import { sniffFileKind } from '../../shared/intake/file-kind.ts';

// "工单编号,诉求内容\n1,路灯不亮" in GBK, bytes written out so the test does not need an encoder.
const GBK = Uint8Array.from([
  0xb9, 0xa4, 0xb5, 0xa5, 0xb1, 0xe0, 0xba, 0xc5, 0x2c, 0xcb, 0xdf, 0xc7, 0xf3, 0xc4, 0xda, 0xc8, 0xdd, 0x0a,
  0x31, 0x2c, 0xc2, 0xb7, 0xb5, 0xc6, 0xb2, 0xbb, 0xc1, 0xc1,
]);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

test('Node decodes GBK (full ICU): the fixture reads back', () => {
  assert.equal(decodeText(GBK, 'gbk'), '工单编号,诉求内容\n1,路灯不亮');
});

test('a UTF-8 BOM decides, and is dropped from the text', () => {
  const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('编号,内容')]);
  assert.deepEqual(detectEncoding(bytes), { encoding: 'utf-8', basis: 'bom' });
  assert.equal(decodeText(bytes, 'utf-8'), '编号,内容');
});

test('UTF-16 BOMs', () => {
  assert.equal(detectEncoding(Uint8Array.from([0xff, 0xfe, 0x41, 0])).encoding, 'utf-16le');
  assert.equal(detectEncoding(Uint8Array.from([0xfe, 0xff, 0, 0x41])).encoding, 'utf-16be');
  assert.equal(decodeText(Uint8Array.from([0xff, 0xfe, 0x41, 0, 0x42, 0]), 'utf-16le'), 'AB');
});

test('valid UTF-8 without a BOM, plain ASCII, and GBK', () => {
  assert.deepEqual(detectEncoding(utf8('编号,内容\n1,垃圾满溢')), { encoding: 'utf-8', basis: 'valid-utf8' });
  assert.deepEqual(detectEncoding(utf8('id,lon,lat\n')), { encoding: 'utf-8', basis: 'ascii' });
  assert.deepEqual(detectEncoding(GBK), { encoding: 'gbk', basis: 'valid-gbk' });
});

test('bytes neither UTF-8 nor GBK leave the choice to the user', () => {
  assert.deepEqual(detectEncoding(Uint8Array.from([0x41, 0xff, 0xff, 0x42])), {
    encoding: null,
    basis: 'undecided',
  });
});

test('file kinds from the first bytes', () => {
  assert.equal(sniffFileKind(new Uint8Array()), 'empty');
  assert.equal(sniffFileKind(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2])), 'xlsx');
  assert.equal(sniffFileKind(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1])), 'xls');
  assert.equal(sniffFileKind(GBK), 'text');
  assert.equal(sniffFileKind(Uint8Array.from([0xff, 0xfe, 0x41, 0])), 'text');
  assert.equal(sniffFileKind(Uint8Array.from([1, 2, 3, 0, 4])), 'binary');
  const noisy = Uint8Array.from({ length: 1000 }, (_, i) => (i % 7 === 0 ? 0x01 : 0x41));
  assert.equal(sniffFileKind(noisy), 'binary');
});
