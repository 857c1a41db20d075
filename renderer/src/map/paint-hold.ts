/**
 * Pictures drawn once, complete, instead of tile by tile.
 *
 * While tiles come in from the map workers, MapLibre draws a frame each time one arrives. On a PC
 * without a usable GPU (software WebGL) every frame costs 0.3–0.7 s of CPU, taken from the same
 * cores the workers are tiling on: the partial frames delay the whole picture by seconds. While a
 * hold is on, the painter is skipped (the screen keeps the last picture); the map's own update,
 * placement and 'idle' logic run as usual, so the frame that finally paints is the one that
 * reports idle. Used for the first picture and for the heatmap's discrete changes (switched on, a
 * new window or filter); never for panning, live cases or playback.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

interface Hold {
  ready: () => boolean;
}

const holds = new WeakMap<MapLibreMap, Set<Hold>>();

/**
 * No painting until `ready()` says the picture is complete, or `maxHoldMs` has passed (then the
 * map paints what it has: a source that never loads cannot freeze it).
 */
export function holdPaint(map: MapLibreMap, ready: () => boolean, maxHoldMs: number): void {
  let active = holds.get(map);
  if (!active) {
    const set = new Set<Hold>();
    active = set;
    holds.set(map, set);
    const painter = map.painter;
    const paint = painter.render.bind(painter);
    let painted = false;
    painter.render = (style, transform, data) => {
      for (const h of set) if (h.ready()) set.delete(h);
      if (set.size) return;
      if (!painted) {
        painted = true;
        performance.mark('gezhi:first-paint');
      }
      paint(style, transform, data);
    };
  }
  const set = active;
  const hold: Hold = { ready };
  set.add(hold);
  const timer = window.setTimeout(() => {
    if (set.delete(hold)) map.triggerRepaint();
  }, maxHoldMs);
  map.once('remove', () => window.clearTimeout(timer));
}
