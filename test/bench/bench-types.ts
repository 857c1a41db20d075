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
