/** The choropleth legend: class ranges from the breaks, units per class, value texts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classOf,
  legendClasses,
  metricText,
  quantileBreaks,
  unitsWithoutValue,
} from '../../shared/metrics/index.ts';

test('legend classes span min to max through the breaks and count the units in each', () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null];
  const b = quantileBreaks(values, 5);
  const classes = values.map((v) => classOf(v, b.breaks));
  const legend = legendClasses(b, classes);
  assert.deepEqual(
    legend.map((c) => [c.lower, c.upper, c.units]),
    [
      [1, 2, 2],
      [2, 4, 2],
      [4, 6, 2],
      [6, 8, 2],
      [8, 10, 2],
    ],
  );
  assert.equal(unitsWithoutValue(classes), 1);
  assert.equal(
    legend.reduce((n, c) => n + c.units, 0) + unitsWithoutValue(classes),
    values.length,
    'every unit is in exactly one class or without a value',
  );
});

test('no values: no legend classes; one value: one class', () => {
  assert.deepEqual(legendClasses(quantileBreaks([null, null], 5), [null, null]), []);
  const one = quantileBreaks([3, 3], 5);
  assert.deepEqual(legendClasses(one, [0, 0]), [{ lower: 3, upper: 3, units: 2 }]);
});

test('metric texts: rates in percent, per 1,000 with two decimals, counts whole', () => {
  assert.equal(metricText('onTimeRate', 0.5), '50.0%');
  assert.equal(metricText('closureRate', 1), '100.0%');
  assert.equal(metricText('perThousand', 1.23456), '1.23');
  assert.equal(metricText('count', 12), '12');
  assert.equal(metricText('overdue', null), '—');
});
