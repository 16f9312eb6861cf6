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

/** A churn training run on the terminal: the snapshot instants derived, then each training stage. */
export function trainingProgress(): (event: { phase: 'examples'; done: number; total: number } | { phase: 'training'; stage: string }) => void {
  const bar = new SingleBar({ format: 'Examples |{bar}| {value}/{total} instants | {eta_formatted} left', hideCursor: true }, Presets.shades_classic);
  return (event) => {
    if (event.phase === 'training') return console.log(`Training: ${event.stage}…`);
    if (event.done === 1) bar.start(event.total, 0);
    bar.update(event.done);
    if (event.done === event.total) bar.stop();
  };
}
