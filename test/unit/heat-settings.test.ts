import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HEAT_DEFAULTS,
  heatSettingsValue,
  parseHeatSettings,
  type HeatSettings,
} from '../../renderer/src/heatmap/heat-settings.ts';

const wall: HeatSettings = {
  on: true,
  preset: '7d',
  custom: { from: 1_765_000_000_000, to: 1_765_086_400_000 },
  statuses: ['dispatched', 'handling'],
  levels: ['A'],
  channels: ['hotline12345'],
  towns: ['440115001'],
  codes: 'E01, E0203',
  byLevel: true,
  choroLevel: 'community',
  metric: 'onTimeRate',
  method: 'jenks',
};

test('remembered heatmap settings come back as they were stored', () => {
  const stored = JSON.parse(JSON.stringify(heatSettingsValue(wall))) as unknown;
  assert.deepEqual(parseHeatSettings(stored), wall);
  assert.deepEqual(parseHeatSettings(heatSettingsValue(HEAT_DEFAULTS)), HEAT_DEFAULTS);
});

test('nothing stored, or not an object: the defaults (switched off, 24 h)', () => {
  for (const v of [null, undefined, 'on', 42, [wall]]) assert.deepEqual(parseHeatSettings(v), HEAT_DEFAULTS);
});

test('each bad field falls back to its default and leaves the others', () => {
  const stored = heatSettingsValue(wall) as Record<string, unknown>;
  const bad = (patch: Record<string, unknown>): HeatSettings => parseHeatSettings({ ...stored, ...patch });
  assert.equal(bad({ on: 'yes' }).on, false);
  assert.equal(bad({ preset: '2w' }).preset, '24h');
  assert.equal(bad({ statuses: ['dispatched', 'lost'] }).statuses, null, 'an unknown status');
  assert.equal(bad({ statuses: [] }).statuses, null, 'an empty list would show nothing');
  assert.equal(bad({ levels: ['D'] }).levels, null);
  assert.equal(bad({ channels: 'hotline12345' }).channels, null);
  assert.equal(bad({ towns: ['南沙'] }).towns, null, 'town codes are digits');
  assert.equal(bad({ codes: 'E'.repeat(201) }).codes, '');
  assert.equal(bad({ byLevel: 1 }).byLevel, false);
  assert.equal(bad({ choroLevel: 'street' }).choroLevel, null);
  assert.equal(bad({ metric: 'happiness' }).metric, 'count');
  assert.equal(bad({ method: 'kmeans' }).method, 'quantile');
  assert.deepEqual(bad({ custom: { from: 5, to: 1 } }).custom, HEAT_DEFAULTS.custom);
  const one = bad({ metric: 'happiness' });
  assert.deepEqual({ ...one, metric: wall.metric }, wall, 'the other fields are kept');
});

test('a custom window without a range falls back to the default preset', () => {
  const s = parseHeatSettings({ ...(heatSettingsValue(wall) as object), preset: 'custom', custom: null });
  assert.equal(s.preset, '24h');
  const ok = parseHeatSettings({ ...(heatSettingsValue(wall) as object), preset: 'custom' });
  assert.equal(ok.preset, 'custom');
  assert.deepEqual(ok.custom, wall.custom);
});
