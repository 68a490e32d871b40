import { IPoll } from '@lumino/polling';

/**
 * The poll frequency for a refresh interval in seconds; after failures the
 * poll backs off up to a minute (or the interval, when longer).
 */
export function pollFrequency(seconds: number): IPoll.Frequency {
  const interval = Math.round(seconds * 1000);
  return {
    backoff: true,
    interval,
    max: Math.max(interval, 60 * 1000)
  };
}
