/** A dataset that cannot be loaded, with every problem found in it. */
export class DatasetError extends Error {
  constructor(
    readonly origin: string,
    readonly problems: string[]
  ) {
    super(`${origin}: ${problems.length} problem(s)\n  - ${problems.slice(0, 20).join('\n  - ')}`)
    this.name = 'DatasetError'
  }
}
