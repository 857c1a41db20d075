export interface Figure {
  name: string;
  value: number;
  unit: string;
}

/** One benchmark module entry: `figures` names what `run` reports, so a prefix can select it unrun. */
export interface Benchmark {
  name: string;
  figures: string[];
  run: () => Promise<Figure[]>;
}

let childPeakRssMb = 0;
/** Benchmarks that run the app in a child process report its peak RSS here; the runner prints the max. */
export function notePeakRss(mb: number): void {
  childPeakRssMb = Math.max(childPeakRssMb, mb);
}
export function childPeakRss(): number {
  return childPeakRssMb;
}
