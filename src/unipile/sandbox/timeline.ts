// Things that will happen at a virtual instant (an acceptance, a reply, a delayed webhook), kept
// in a min-heap so that checking "is anything due?" on every request costs almost nothing.

interface Entry {
  atMs: number;
  order: number;
  run: (at: Date) => void;
}

export class Timeline {
  private heap: Entry[] = [];
  private order = 0;

  get size(): number {
    return this.heap.length;
  }

  schedule(at: Date, run: (at: Date) => void): void {
    this.heap.push({ atMs: at.getTime(), order: this.order++, run });
    this.up(this.heap.length - 1);
  }

  /** Runs everything due at or before `now`, earliest first, including what those runs schedule. */
  runDue(now: Date): number {
    let ran = 0;
    const nowMs = now.getTime();
    while (this.heap.length > 0 && this.heap[0]!.atMs <= nowMs) {
      const entry = this.pop();
      entry.run(new Date(entry.atMs));
      ran++;
    }
    return ran;
  }

  clear(): void {
    this.heap = [];
  }

  private pop(): Entry {
    const top = this.heap[0]!;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private before(a: Entry, b: Entry): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.order < b.order);
  }

  private up(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.heap[i]!, this.heap[parent]!)) return;
      [this.heap[i], this.heap[parent]] = [this.heap[parent]!, this.heap[i]!];
      i = parent;
    }
  }

  private down(index: number): void {
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.heap.length && this.before(this.heap[left]!, this.heap[smallest]!)) smallest = left;
      if (right < this.heap.length && this.before(this.heap[right]!, this.heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [this.heap[i], this.heap[smallest]] = [this.heap[smallest]!, this.heap[i]!];
      i = smallest;
    }
  }
}
