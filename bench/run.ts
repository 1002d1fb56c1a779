// Benchmarks: each prints a table of figures next to a baseline measured in the same run.
export async function runBench(_args: string[]): Promise<number> {
  console.log("no benchmarks yet");
  return 0;
}
