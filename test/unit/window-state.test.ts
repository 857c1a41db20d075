import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState } from '../../electron/window-state.ts';

const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];

test('saved window state comes back', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'gz-ws-')), 'w.json');
  saveWindowState(file, { x: 100, y: 50, width: 1200, height: 800, maximized: true });
  assert.deepEqual(loadWindowState(file, displays), {
    x: 100,
    y: 50,
    width: 1200,
    height: 800,
    maximized: true,
  });
});

test('a missing or damaged file gives the default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gz-ws-'));
  assert.deepEqual(loadWindowState(join(dir, 'none.json'), displays), DEFAULT_WINDOW_STATE);
  writeFileSync(join(dir, 'bad.json'), '{"width": "wide"');
  assert.deepEqual(loadWindowState(join(dir, 'bad.json'), displays), DEFAULT_WINDOW_STATE);
});

test('a position on a display that is gone is dropped, the size kept', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'gz-ws-')), 'w.json');
  saveWindowState(file, { x: 5000, y: 100, width: 1200, height: 800, maximized: false });
  assert.deepEqual(loadWindowState(file, displays), { width: 1200, height: 800, maximized: false });
});
