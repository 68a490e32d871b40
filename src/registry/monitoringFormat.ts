import {
  IMonitorCheck,
  IPromotionDecision,
  IVersionMonitoring
} from './registryTypes';
import { RegistryFormat } from './registryFormat';

/**
 * How a version's monitoring reads in its view: the chart's points, the
 * numbers of the drifting columns and the promotion decisions.
 */
export namespace MonitoringFormat {
  /**
   * A check on the chart: when (its label on the x axis), its largest PSI,
   * and its verdict (the point's colour).
   */
  export interface IPoint {
    when: string;
    label: string;
    y: number;
    drifted: boolean;
    batch: string;
  }

  /**
   * The checks that recorded their largest PSI, oldest first; checks an
   * older mlops-lab kept have none and are left out.
   */
  export function points(checks: IMonitorCheck[]): IPoint[] {
    return [...checks]
      .sort((a, b) => Date.parse(a.when) - Date.parse(b.when))
      .flatMap(check =>
        check.max_psi === null
          ? []
          : [
              {
                when: check.when,
                label: RegistryFormat.time(check.when),
                y: check.max_psi,
                drifted: check.drifted,
                batch: check.batch
              }
            ]
      );
  }

  /**
   * The newest check, or null.
   */
  export function latest(
    monitoring: IVersionMonitoring | null
  ): IMonitorCheck | null {
    if (!monitoring || monitoring.checks.length === 0) {
      return null;
    }
    return [...monitoring.checks].sort(
      (a, b) => Date.parse(b.when) - Date.parse(a.when)
    )[0];
  }

  /**
   * `drift` or `no drift`.
   */
  export function verdict(drifted: boolean): string {
    return drifted ? 'drift' : 'no drift';
  }

  /**
   * What a screen reader says of a point (and the point's tooltip).
   */
  export function describe(point: IPoint): string {
    return `${point.label}: max PSI ${psi(point.y)}, ${verdict(point.drifted)} (${point.batch})`;
  }

  /**
   * A PSI to three significant digits; `-` when unknown.
   */
  export function psi(value: number | null): string {
    return value === null ? '-' : String(Number(value.toPrecision(3)));
  }

  /**
   * A p-value: three significant digits, `< 0.001` below that.
   */
  export function pValue(value: number | null): string {
    if (value === null) {
      return '-';
    }
    return value < 0.001 ? '< 0.001' : String(Number(value.toPrecision(3)));
  }

  /**
   * The change of a missing rate: `0% → 12.5%`; `-` when unknown.
   */
  export function missingChange(
    before: number | null,
    after: number | null
  ): string {
    if (before === null || after === null) {
      return '-';
    }
    return `${percent(before)} → ${percent(after)}`;
  }

  /**
   * `moved @production`, or `refused @production`.
   */
  export function decision(promotion: IPromotionDecision): string {
    return `${promotion.moved ? 'moved' : 'refused'} @${promotion.alias}`;
  }

  /**
   * The requirements of a decision with their verdicts:
   * `accuracy >= 0.9 (ok); loss <= base (failed)`.
   */
  export function requirements(promotion: IPromotionDecision): string {
    return (
      promotion.requirements
        .map(r => `${r.requirement} (${r.passed ? 'ok' : 'failed'})`)
        .join('; ') || '-'
    );
  }
}

function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}
