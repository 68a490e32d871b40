import { ReadonlyJSONValue } from '@lumino/coreutils';
import { ValueFormat } from '../common/valueFormat';

/**
 * How the registry's values read in the panel and the lineage view.
 */
export namespace RegistryFormat {
  /**
   * A local date and time to the minute.
   */
  export function time(iso: string): string {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
      return iso;
    }
    const pad = (n: number) => String(n).padStart(2, '0');
    return (
      `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
      `${pad(date.getHours())}:${pad(date.getMinutes())}`
    );
  }

  /**
   * A byte count in the largest unit that keeps it at or above 1.
   */
  export function size(bytes: number | null): string {
    return ValueFormat.bytes(bytes, '');
  }

  /**
   * The first characters of a fingerprint or object id: enough to tell them apart.
   */
  export function short(hash: string | null, length = 12): string {
    return hash === null ? '' : hash.slice(0, length);
  }

  /**
   * Aliases as `champion=2, prod=1`.
   */
  export function aliases(aliases: { [alias: string]: number }): string {
    return Object.entries(aliases)
      .map(([alias, version]) => `${alias}=${version}`)
      .join(', ');
  }

  /**
   * A JSON value on one line.
   */
  export function value(value: ReadonlyJSONValue): string {
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
}
