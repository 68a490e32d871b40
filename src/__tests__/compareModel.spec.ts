import { CompareModel } from '../compare/compareModel';
import { THREE_RUNS } from './compareFixture';
import { FakeApi } from './fakeApi';

const IDS = THREE_RUNS.runs.map(run => run.id);

async function loaded(): Promise<{ model: CompareModel; api: FakeApi }> {
  const api = new FakeApi();
  api.compareResults.set(IDS.join(','), THREE_RUNS);
  const model = new CompareModel({ api, runIds: IDS });
  await model.load();
  return { model, api };
}

describe('CompareModel', () => {
  it('asks the server for the runs in their order, baseline first', async () => {
    const { model, api } = await loaded();
    expect(api.compareCalls).toEqual([IDS]);
    expect(model.result?.runs.map(run => run.name)).toEqual([
      'capture #1',
      'capture #2',
      'capture #3'
    ]);
    expect(model.error).toBeNull();
    model.dispose();
  });

  it("keeps the server's message when it refuses", async () => {
    const model = new CompareModel({ api: new FakeApi(), runIds: ['a', 'b'] });
    await model.load();
    expect(model.result).toBeNull();
    expect(model.error).toBe('No run b');
    model.dispose();
  });

  describe('sections', () => {
    it('lists every key by name, differing or not', async () => {
      const { model } = await loaded();
      expect(
        model.rows('params').map(row => [row.entry.key, row.change])
      ).toEqual([
        ['lr', 'unchanged'],
        ['rows', 'changed'],
        ['seed', 'added']
      ]);
      model.dispose();
    });

    it('puts the interpreter before the packages', async () => {
      const { model } = await loaded();
      expect(model.rows('env').map(row => row.entry.key)).toEqual([
        'python',
        'package:matplotlib',
        'package:pandas'
      ]);
      model.dispose();
    });

    it('shows differing cells first, in the order the server gave', async () => {
      const { model } = await loaded();
      expect(model.rows('code').map(row => row.entry.key)).toEqual([
        'parameters',
        'plot',
        'imports'
      ]);
      model.dispose();
    });

    it('counts each class and tells an identical section', async () => {
      const { model } = await loaded();
      expect(model.counts('code')).toEqual({
        changed: 1,
        added: 1,
        removed: 0,
        unchanged: 1
      });
      expect(model.isIdentical('env')).toBe(false);
      expect(model.isIdentical('params')).toBe(false);
      model.dispose();
    });
  });

  describe('only differences', () => {
    it('leaves out the keys equal in every run, and announces it', async () => {
      const { model } = await loaded();
      const changed = jest.fn();
      model.changed.connect(changed);
      model.onlyDifferences = true;
      model.onlyDifferences = true;
      expect(changed).toHaveBeenCalledTimes(1);
      expect(model.rows('params').map(row => row.entry.key)).toEqual([
        'rows',
        'seed'
      ]);
      expect(model.rows('metrics').map(row => row.entry.key)).toEqual(['loss']);
      expect(model.rows('code').map(row => row.entry.key)).toEqual([
        'parameters',
        'plot'
      ]);
      expect(model.rows('variables').map(row => row.entry.key)).toEqual(['df']);

      model.onlyDifferences = false;
      expect(model.rows('params')).toHaveLength(3);
      model.dispose();
    });
  });

  describe('highlights', () => {
    it('marks the values that differ from the baseline, never the baseline', async () => {
      const { model } = await loaded();
      const differs = (key: string) =>
        model.rows('params').find(row => row.entry.key === key)?.differs;
      // Run B changed rows; run C has the baseline's value again.
      expect(differs('rows')).toEqual([false, true, false]);
      // Only run C has a seed.
      expect(differs('seed')).toEqual([false, false, true]);
      expect(differs('lr')).toEqual([false, false, false]);
      model.dispose();
    });

    it('compares variables without their repr, as the server does', async () => {
      const { model } = await loaded();
      expect(model.rows('variables')[0].differs).toEqual([false, true, false]);
      model.dispose();
    });

    it('compares a file by its fingerprint, a DataFrame by its schema too', () => {
      const file = {
        key: 'out.csv',
        kind: 'file' as const,
        values: [
          { fingerprint: 'x', size: 1, mode: 'read' },
          { fingerprint: 'x', size: 1, mode: 'write' }
        ],
        present: [true, true]
      };
      expect(CompareModel.differences('data', file)).toEqual([false, false]);
      const frame = {
        key: 'variable df',
        kind: 'dataframe' as const,
        values: [
          { fingerprint: 'x', shape: [2, 2], dtype: 'int64' },
          { fingerprint: 'x', shape: [2, 2], dtype: 'float64' }
        ],
        present: [true, true]
      };
      expect(CompareModel.differences('data', frame)).toEqual([false, true]);
    });
  });

  it('names runs by letter, the baseline A', () => {
    expect([0, 1, 25, 26].map(CompareModel.letter)).toEqual([
      'A',
      'B',
      'Z',
      'A1'
    ]);
  });

  it('remembers the diff layout', async () => {
    const { model } = await loaded();
    expect(model.diffMode).toBe('unified');
    model.diffMode = 'side-by-side';
    expect(model.diffMode).toBe('side-by-side');
    model.dispose();
  });
});
