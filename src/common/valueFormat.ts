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
   * The values of one row or column, numbers in one format (see
   * `sharedFormat`); other values as `json` writes them.
   */
  export function sharedNumbers(
    values: readonly (ReadonlyJSONValue | undefined)[]
  ): string[] {
    return values.map(sharedFormat(values));
  }

  /**
   * One format for the numbers of a row or column: the same number of
   * decimals (those the value written at 4 significant digits needs most, more when
   * two different values would read the same), or all in scientific
   * notation when they reach very large or very small magnitudes; integers
   * as they are. Values that are not numbers are written as `json` does.
   */
  export function sharedFormat(
    values: readonly (ReadonlyJSONValue | undefined)[]
  ): (value: ReadonlyJSONValue | undefined) => string {
    const numbers = values.filter(
      (value): value is number =>
        typeof value === 'number' && Number.isFinite(value)
    );
    if (numbers.length === 0 || numbers.every(Number.isInteger)) {
      return json;
    }
    const distinct = [...new Set(numbers)];
    const readable = (write: (value: number) => string) =>
      new Set(distinct.map(write)).size === distinct.length;
    const magnitudes = distinct.filter(n => n !== 0).map(n => Math.abs(n));
    const largest = Math.max(0, ...magnitudes);
    const smallest = Math.min(...magnitudes);
    let write: (value: number) => string;
    if (largest >= 1e6 || smallest < 1e-4) {
      let digits = 3;
      while (digits < 15 && !readable(n => n.toExponential(digits))) {
        digits++;
      }
      write = n => n.toExponential(digits);
    } else {
      // As many decimals as the value that needs most (at 4 significant
      // digits): 0.1 and 0.3 stay short, 0.25 and 0.2 read 0.25 and 0.20.
      let decimals = Math.max(
        ...distinct.map(
          n => String(Number(n.toPrecision(4))).split('.')[1]?.length ?? 0
        )
      );
      while (decimals < 15 && !readable(n => n.toFixed(decimals))) {
        decimals++;
      }
      write = n => n.toFixed(decimals);
    }
    return value =>
      typeof value === 'number' && Number.isFinite(value)
        ? write(value)
        : json(value);
  }

  /**
   * A size in bytes, in binary units (KiB, MiB...): every view writes sizes
   * with this one function.
   */
  export function bytes(
    size: number | null | undefined,
    missing = '—'
  ): string {
    if (size === null || size === undefined) {
      return missing;
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
