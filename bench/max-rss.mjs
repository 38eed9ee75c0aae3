// Loaded with `node --import bench/max-rss.mjs ...` by bench/run.mjs: writes
// the process's peak resident set size in KB (getrusage ru_maxrss, as
// process.resourceUsage().maxRSS reports it) to $KPI_BENCH_RSS_FILE at exit.
import { writeFileSync } from 'node:fs';

const target = process.env.KPI_BENCH_RSS_FILE;
if (target !== undefined) {
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
}
