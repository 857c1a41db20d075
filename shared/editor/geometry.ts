/** Twice the signed planar area of an open or closed ring (positive = counter-clockwise). */
export function signedArea2(ring: readonly (readonly number[])[]): number {
  let s = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i] as readonly number[];
    const b = ring[(i + 1) % n] as readonly number[];
    s += (a[0] as number) * (b[1] as number) - (b[0] as number) * (a[1] as number);
  }
  return s;
}
