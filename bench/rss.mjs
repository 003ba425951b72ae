// Preloaded into each measured process: on exit, write its peak resident set size (KiB) to the
// file named by BENCH_RSS_FILE, so the benchmark can report memory without a platform tool.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
