import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALL_VISIBLE,
  parseLayerVisibility,
  parseLocale,
  parseMapView,
} from '../../renderer/src/settings/settings.ts';
import { eventsUrl, splitAccessToken } from '../../renderer/src/client/access-token.ts';
import { reconnectDelayMs } from '../../renderer/src/client/backoff.ts';
import { boundsOf } from '../../renderer/src/map/bounds.ts';

test('remembered settings accept only sane shapes', () => {
  assert.equal(parseLocale('en'), 'en');
  assert.equal(parseLocale('fr'), null);
  assert.deepEqual(parseMapView({ center: [113.5, 22.7], zoom: 11 }), { center: [113.5, 22.7], zoom: 11 });
  for (const bad of [
    null,
    'x',
    { center: [1], zoom: 3 },
    { center: [200, 0], zoom: 3 },
    { center: [1, 2], zoom: NaN },
    { center: ['1', 2], zoom: 3 },
  ])
    assert.equal(parseMapView(bad), null, JSON.stringify(bad));
  assert.deepEqual(parseLayerVisibility(null), ALL_VISIBLE);
  assert.deepEqual(parseLayerVisibility({ cell: false, town: 'no', bogus: false }), {
    ...ALL_VISIBLE,
    cell: false,
  });
});

test('the access token is read from the page URL and removed from it', () => {
  assert.deepEqual(splitAccessToken('http://10.0.0.5:5177/?token=abc&x=1#top'), {
    token: 'abc',
    cleanUrl: '/?x=1#top',
  });
  assert.deepEqual(splitAccessToken('http://127.0.0.1:5177/'), {
    token: null,
    cleanUrl: 'http://127.0.0.1:5177/',
  });
  assert.equal(eventsUrl('http://10.0.0.5:5177/', 'a b'), 'ws://10.0.0.5:5177/api/events?token=a+b');
  assert.equal(eventsUrl('https://wall.local/', null), 'wss://wall.local/api/events');
});

test('reconnect backoff grows, caps and jitters', () => {
  assert.equal(
    reconnectDelayMs(0, () => 0.5),
    500,
  );
  assert.equal(
    reconnectDelayMs(3, () => 0.5),
    4000,
  );
  assert.equal(
    reconnectDelayMs(20, () => 0.5),
    15000,
  );
  assert.equal(
    reconnectDelayMs(0, () => 0),
    400,
  );
  assert.equal(
    reconnectDelayMs(0, () => 1),
    600,
  );
});

test('bounds of a feature collection', () => {
  assert.deepEqual(
    boundsOf({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [1, 2],
                [3, 2],
                [3, 5],
                [1, 2],
              ],
            ],
          },
        },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-1, 4] } },
      ],
    }),
    [-1, 2, 3, 5],
  );
  assert.equal(boundsOf({ type: 'FeatureCollection', features: [] }), null);
});
