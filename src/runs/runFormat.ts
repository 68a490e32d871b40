import { IRun } from './runsTypes';

/**
 * How runs' times and durations are written in the panel.
 */
export namespace RunFormat {
  /**
   * The duration of a run in seconds; for a running run, up to `now`.
   */
  export function elapsed(run: IRun, now: number): number | null {
    if (run.duration !== null) {
      return run.duration;
    }
    if (run.status !== 'running') {
      return null;
    }
    const started = Date.parse(run.started_at);
    return Number.isNaN(started) ? null : Math.max(0, (now - started) / 1000);
  }

  /**
   * A duration as `850 ms`, `12.3 s`, `4m 05s` or `2h 07m`.
   */
  export function duration(seconds: number | null): string {
    if (seconds === null) {
      return '—';
    }
    if (seconds < 1) {
      return `${Math.round(seconds * 1000)} ms`;
    }
    if (seconds < 60) {
      return `${seconds.toFixed(1)} s`;
    }
    const whole = Math.floor(seconds);
    if (whole < 3600) {
      return `${Math.floor(whole / 60)}m ${Private.pad(whole % 60)}s`;
    }
    return `${Math.floor(whole / 3600)}h ${Private.pad(Math.floor((whole % 3600) / 60))}m`;
  }

  /**
   * A start time in the user's locale, short.
   */
  export function startTime(iso: string): string {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
      return iso;
    }
    return date.toLocaleString(undefined, {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit'
    });
  }

  /**
   * The name shown for a run: its name, else the start of its id.
   */
  export function name(run: IRun): string {
    return run.name || run.id.slice(0, 8);
  }
}

namespace Private {
  export function pad(value: number): string {
    return value.toString().padStart(2, '0');
  }
}
