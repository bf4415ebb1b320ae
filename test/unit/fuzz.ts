/** How many cases a property test runs: `fallback` in `npm test`, `FUZZ_RUNS` when set for a long run. */
export function fuzzRuns(fallback: number): number {
  const runs = Number(process.env['FUZZ_RUNS']);
  return Number.isInteger(runs) && runs > 0 ? runs : fallback;
}
