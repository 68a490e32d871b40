import { TranslationBundle } from '@jupyterlab/translation';

import { IMetricCheck, IReproduction } from './reproduceTypes';

/**
 * What a reproduction is doing, in one line.
 */
export function progressText(
  reproduction: IReproduction | null,
  trans: TranslationBundle
): string {
  if (reproduction === null) {
    return trans.__('Starting…');
  }
  switch (reproduction.stage) {
    case 'queued':
      // The server queues every new reproduction, even when none is ahead
      // of it, and does not say how many are: so no "waiting for another".
      return trans.__('Queued: the reproduction starts in a moment…');
    case 'preparing':
      return trans.__('Reading the run…');
    case 'building environment':
      return trans.__('Building the environment from the lock…');
    case 'running':
      return reproduction.cell > 0
        ? trans.__(
            'Running cell %1 of %2…',
            reproduction.cell,
            reproduction.cells
          )
        : trans.__('Starting a fresh kernel…');
    case 'comparing':
      return trans.__('Comparing the metrics…');
    case 'done':
      return trans.__('Done');
  }
}

/**
 * A metric value: up to ten significant digits, a dash when missing.
 */
export function formatValue(value: number | null): string {
  if (value === null) {
    return '–';
  }
  return Number.isInteger(value)
    ? String(value)
    : String(+value.toPrecision(10));
}

/**
 * The relative difference: a percentage from 0.1 %, else in scientific
 * notation (`1e-9`), a dash when there is none.
 */
export function formatDifference(check: IMetricCheck): string {
  if (check.difference === null) {
    return '–';
  }
  return formatRelative(check.difference);
}

/**
 * A tolerance for people: `exact` for zero, else as a relative difference.
 */
export function formatTolerance(tolerance: number): string {
  return tolerance === 0 ? 'exact' : formatRelative(tolerance);
}

function formatRelative(value: number): string {
  if (value === 0) {
    return '0';
  }
  if (value >= 1e-3) {
    return `${+(value * 100).toPrecision(3)} %`;
  }
  return value.toExponential(0);
}

/**
 * The label of a check's result.
 */
export function statusLabel(
  check: IMetricCheck,
  trans: TranslationBundle
): string {
  switch (check.status) {
    case 'pass':
      return trans.__('Pass');
    case 'fail':
      return trans.__('Fail');
    case 'missing':
      return trans.__('Missing');
    case 'new':
      return trans.__('New');
  }
}
