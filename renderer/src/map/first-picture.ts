/**
 * The first picture is drawn once, complete, instead of tile by tile.
 *
 * While the grid's tiles come in from the map workers, MapLibre draws a frame each time one
 * arrives. On a PC without a usable GPU (software WebGL) every frame costs 0.3–0.7 s of CPU, taken
 * from the same cores the workers are tiling on: the partial frames delay the whole picture by
 * seconds. Until the map has its data and every tile is in, the painter is skipped; the map's own
 * update, placement and 'idle' logic run as usual, so the frame that finally paints is the one that
 * reports idle. After the first picture nothing is held (panning, later levels, overlays).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * `ready` says when painting may start (the data was given and the map has loaded it). After
 * `maxHoldMs` the map paints whatever it has, so a source that never loads cannot leave it blank.
 */
export function holdPaintUntilComplete(map: MapLibreMap, ready: () => boolean, maxHoldMs: number): void {
  const painter = map.painter;
  const paint = painter.render.bind(painter);
  let timer = 0;
  const release = (): void => {
    window.clearTimeout(timer);
    painter.render = paint;
  };
  painter.render = (style, transform, data) => {
    if (!ready()) return;
    release();
    performance.mark('gezhi:first-paint');
    paint(style, transform, data);
  };
  timer = window.setTimeout(() => {
    if (painter.render === paint) return;
    release();
    map.triggerRepaint();
  }, maxHoldMs);
  map.once('remove', () => window.clearTimeout(timer));
}
