import { ISignal } from '@lumino/signaling';
import * as React from 'react';

/**
 * Render again whenever `signal` is emitted (a model's `changed`, a theme's).
 *
 * @returns A number that grows with each emission, for memos that depend on
 *   what the signal's sender holds.
 */
export function useSignalVersion(signal: ISignal<unknown, unknown>): number {
  const [version, setVersion] = React.useState(0);
  React.useEffect(() => {
    const onChanged = () => setVersion(value => value + 1);
    signal.connect(onChanged);
    return () => {
      signal.disconnect(onChanged);
    };
  }, [signal]);
  return version;
}
