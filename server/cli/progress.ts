import { Presets, SingleBar } from 'cli-progress';

/** A backfill's progress bar on the terminal: steps done of steps in all, stopped at the last. */
export function backfillProgress(): (done: number, total: number) => void {
  const bar = new SingleBar({ format: 'Backfill |{bar}| {value}/{total} steps | {eta_formatted} left', hideCursor: true }, Presets.shades_classic);
  return (done, total) => {
    if (done === 1) bar.start(total, 0);
    bar.update(done);
    if (done === total) bar.stop();
  };
}
