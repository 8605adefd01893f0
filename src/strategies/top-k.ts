/**
 * A bounded list of the best scored candidates, kept sorted best-first. O(k) per insertion, so
 * strategies can ask for "the top few" in constant time whatever the population.
 */
export interface Ranked {
  readonly id: string;
  readonly score: number;
}

export class TopK {
  private readonly items: Ranked[] = [];

  constructor(
    private readonly capacity: number,
    private readonly isBetter: (a: number, b: number) => boolean,
  ) {}

  /** Adds a candidate (ignored if already present). Ties keep the earlier one first. */
  add(id: string, score: number): void {
    if (this.capacity <= 0 || this.items.some((item) => item.id === id)) return;
    let index = this.items.length;
    while (index > 0 && this.isBetter(score, (this.items[index - 1] as Ranked).score)) index -= 1;
    if (index >= this.capacity) return;
    this.items.splice(index, 0, { id, score });
    if (this.items.length > this.capacity) this.items.pop();
  }

  /** Best first. */
  list(): readonly Ranked[] {
    return this.items;
  }
}
