import { RunFormat } from '../runs/runFormat';
import { IRun } from '../runs/runsTypes';

const RUN: IRun = {
  id: 'ab'.repeat(16),
  name: 'baseline',
  experiment: 'train.ipynb',
  notebook: 'train.ipynb',
  status: 'finished',
  started_at: '2026-01-01T10:00:00Z',
  ended_at: '2026-01-01T10:01:35Z',
  duration: 95,
  active_time: 20,
  continues: null,
  continued_by: [],
  cell_count: 3,
  params: {},
  metrics: {},
  tags: {},
  git: null
};

describe('RunFormat', () => {
  it('writes durations at a scale that fits them', () => {
    expect(RunFormat.duration(null)).toBe('—');
    expect(RunFormat.duration(0.25)).toBe('250 ms');
    expect(RunFormat.duration(12.34)).toBe('12.3 s');
    expect(RunFormat.duration(95)).toBe('1m 35s');
    expect(RunFormat.duration(2 * 3600 + 7 * 60 + 5)).toBe('2h 07m');
  });

  it('counts a running run up to now', () => {
    const running: IRun = {
      ...RUN,
      status: 'running',
      ended_at: null,
      duration: null
    };
    const now = Date.parse('2026-01-01T10:00:42Z');
    expect(RunFormat.elapsed(running, now)).toBe(42);
    expect(RunFormat.elapsed(RUN, now)).toBe(95);
    expect(RunFormat.elapsed({ ...running, status: 'killed' }, now)).toBe(null);
  });

  it('names a run by its id when it has no name', () => {
    expect(RunFormat.name(RUN)).toBe('baseline');
    expect(RunFormat.name({ ...RUN, name: '' })).toBe('abababab');
  });
});
