/** Interns string codes as small integers so the case columns are typed arrays; 0 is "none". */
export class Dictionary {
  private readonly ids = new Map<string, number>();
  readonly values: (string | null)[] = [null];

  id(value: string | null): number {
    if (value === null) return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  /** The id of a known value, or -1: filtering on a code no case has matches nothing. */
  find(value: string): number {
    return this.ids.get(value) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }
}
