import * as React from 'react';

/**
 * The time in ms since the epoch, ticking every second while `active` (a
 * running run is in view, so its duration grows in every view).
 */
export function useClock(active: boolean): number {
  const [now, setNow] = React.useState(() => Date.now());
  React.useEffect(() => {
    if (!active) {
      return;
    }
    // The clock stood still while nothing ran: catch up at once, or a run
    // that just appeared shows a duration of 0 until the first tick.
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [active]);
  return now;
}
