import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host every minute while connected, so relative times ("in 5 minutes") and
 * "overdue" move on with the clock. `tick` counts the minutes, for templates that cache rows.
 */
export class MinuteTicker implements ReactiveController {
  tick = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.timer = setInterval(() => {
      this.tick++;
      this.host.requestUpdate();
    }, 60_000);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
