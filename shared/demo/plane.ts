/** Mean Earth radius (km), the one turf uses, so that areas measured later agree with ours. */
const EARTH_RADIUS_KM = 6371.0088;

/**
 * Equirectangular projection around a centre: kilometres east/north of (lon0, lat0). Over the few
 * tens of kilometres of a district its scale error is well under a percent, which is all the demo needs.
 */
export class LocalPlane {
  readonly kx: number;
  readonly ky: number;

  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    this.ky = (Math.PI / 180) * EARTH_RADIUS_KM;
    this.kx = this.ky * Math.cos((lat0 * Math.PI) / 180);
  }

  x(lon: number): number {
    return (lon - this.lon0) * this.kx;
  }

  y(lat: number): number {
    return (lat - this.lat0) * this.ky;
  }

  lon(x: number): number {
    return this.lon0 + x / this.kx;
  }

  lat(y: number): number {
    return this.lat0 + y / this.ky;
  }
}

/** Rounds to 1e-7°, the grid every shared vertex is snapped to once. */
export function roundDeg(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}
