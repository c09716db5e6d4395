/**
 * A map that evicts its least recently used entries once their sizes pass a byte budget;
 * one entry larger than a quarter of the budget is not kept (it would flush the rest).
 * A Map iterates in insertion order: a hit is moved to the end, so the first is the coldest.
 */
export class ByteBudgetMap<V> {
  private readonly entries = new Map<string, V>()
  private bytes = 0

  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number
  ) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key)
    if (value !== undefined) {
      this.entries.delete(key)
      this.entries.set(key, value)
    }
    return value
  }

  set(key: string, value: V): void {
    const size = this.sizeOf(value) + key.length
    if (size > this.maxBytes / 4) return
    this.delete(key)
    this.entries.set(key, value)
    this.bytes += size
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.delete(oldest)
    }
  }

  clear(): void {
    this.entries.clear()
    this.bytes = 0
  }

  private delete(key: string): void {
    const value = this.entries.get(key)
    if (value === undefined) return
    this.entries.delete(key)
    this.bytes -= this.sizeOf(value) + key.length
  }
}
