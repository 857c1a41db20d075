/**
 * The page's observable state on <body data-…>, which end-to-end tests and wall controllers wait on:
 * mapState (loading → idle | error), selected (the unit's code), flown (the code the map arrived at).
 */
import type { MapState } from '../map/map-controller.ts';

export function setMapState(state: MapState): void {
  document.body.dataset.mapState = state;
}

export function setSelected(code: string | null): void {
  if (code) document.body.dataset.selected = code;
  else delete document.body.dataset.selected;
  delete document.body.dataset.flown;
}

export function setFlown(code: string): void {
  if (document.body.dataset.selected === code) document.body.dataset.flown = code;
}
