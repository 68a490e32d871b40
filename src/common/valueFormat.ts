import { ReadonlyJSONValue } from '@lumino/coreutils';

/**
 * How recorded values are written in the run and compare views.
 */
export namespace ValueFormat {
  /**
   * A param, metric or other JSON value in full.
   */
  export function json(value: ReadonlyJSONValue | undefined): string {
    if (value === undefined || value === null) {
      return '—';
    }
    if (typeof value === 'number') {
      return number(value);
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  /**
   * A number without float noise: 0.59049, not 0.5904900000000002.
   */
  export function number(value: number): string {
    if (Number.isInteger(value) || !Number.isFinite(value)) {
      return String(value);
    }
    return String(Number(value.toPrecision(8)));
  }

  /**
   * A size in bytes, at a readable scale.
   */
  export function bytes(size: number | null | undefined): string {
    if (size === null || size === undefined) {
      return '—';
    }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = size;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit === 0 ? `${size} B` : `${value.toFixed(1)} ${units[unit]}`;
  }

  /**
   * The start of a fingerprint, enough to tell two apart by eye.
   */
  export function fingerprint(value: string | null | undefined): string {
    return value ? value.slice(0, 12) : '—';
  }

  /**
   * An array shape as `(20, 3)`.
   */
  export function shape(value: readonly number[] | null | undefined): string {
    return value ? `(${value.join(', ')})` : '';
  }

  /**
   * Milliseconds as `850 ms` or `12.3 s`.
   */
  export function milliseconds(ms: number): string {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
  }
}
