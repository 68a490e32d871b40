import { MonitoringFormat } from '../registry/monitoringFormat';
import { IMonitorCheck, IPromotionDecision } from '../registry/registryTypes';

function check(
  when: string,
  overrides: Partial<IMonitorCheck> = {}
): IMonitorCheck {
  return {
    when,
    who: 'ana',
    batch: 'batch.csv',
    rows: 100,
    drifted: false,
    training_file: 'data/train.csv',
    max_psi: 0.01,
    drifting_columns: [],
    columns: [],
    schema_changes: [],
    ...overrides
  };
}

const decision: IPromotionDecision = {
  model: 'iris',
  version: 2,
  alias: 'production',
  against: 1,
  moved: false,
  who: 'ana',
  when: '2026-11-02T10:00:00Z',
  passed: false,
  requirements: [
    { requirement: 'accuracy >= 0.9', passed: true, message: '' },
    { requirement: 'loss <= base', passed: false, message: 'loss = 2' }
  ]
};

describe('MonitoringFormat', () => {
  it('charts the checks oldest first and leaves out those without a PSI', () => {
    const points = MonitoringFormat.points([
      check('2026-11-03T09:00:00Z', { max_psi: 0.4, drifted: true }),
      check('2026-11-01T09:00:00Z', { max_psi: null }),
      check('2026-11-02T09:00:00Z', { max_psi: 0.05 })
    ]);
    expect(points.map(p => [p.when, p.y, p.drifted])).toEqual([
      ['2026-11-02T09:00:00Z', 0.05, false],
      ['2026-11-03T09:00:00Z', 0.4, true]
    ]);
    expect(MonitoringFormat.describe(points[1])).toMatch(
      /: max PSI 0\.4, drift \(batch\.csv\)$/
    );
  });

  it('takes the newest check as the latest', () => {
    const monitoring = {
      model: 'iris',
      version: 1,
      checks: [check('2026-11-03T09:00:00Z'), check('2026-11-01T09:00:00Z')],
      promotions: []
    };
    expect(MonitoringFormat.latest(monitoring)?.when).toBe(
      '2026-11-03T09:00:00Z'
    );
    expect(MonitoringFormat.latest({ ...monitoring, checks: [] })).toBeNull();
    expect(MonitoringFormat.latest(null)).toBeNull();
  });

  it('writes PSI, p-values and missing rates', () => {
    expect(MonitoringFormat.psi(0.123456)).toBe('0.123');
    expect(MonitoringFormat.psi(null)).toBe('-');
    expect(MonitoringFormat.pValue(0.0001)).toBe('< 0.001');
    expect(MonitoringFormat.pValue(0.04321)).toBe('0.0432');
    expect(MonitoringFormat.pValue(null)).toBe('-');
    expect(MonitoringFormat.missingChange(0, 0.125)).toBe('0% → 12.5%');
    expect(MonitoringFormat.missingChange(null, 0.1)).toBe('-');
  });

  it('says what a promotion decided and why', () => {
    expect(MonitoringFormat.decision(decision)).toBe('refused @production');
    expect(MonitoringFormat.decision({ ...decision, moved: true })).toBe(
      'moved @production'
    );
    expect(MonitoringFormat.requirements(decision)).toBe(
      'accuracy >= 0.9 (ok); loss <= base (failed)'
    );
    expect(
      MonitoringFormat.requirements({ ...decision, requirements: [] })
    ).toBe('-');
  });
});
