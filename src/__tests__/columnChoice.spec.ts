import { ColumnChoice } from '../runs/columnChoice';
import { ValueFormat } from '../common/valueFormat';
import { IRun } from '../runs/runsTypes';

function run(params: IRun['params'], metrics: IRun['metrics']): IRun {
  return { params, metrics } as IRun;
}

describe('ColumnChoice', () => {
  const runs = [
    run({ lr: 0.05, epochs: 60 }, { mse: 0.25 }),
    run({ lr: 0.1, epochs: 60 }, { mse: 0.2 })
  ];

  it('shows the params and metrics that differ until columns are picked', () => {
    const choice = new ColumnChoice();
    expect(choice.columnsFor('all', () => runs)).toEqual([
      'params.lr',
      'metrics.mse'
    ]);
    choice.pick('notebook:train.ipynb', ['params.epochs']);
    expect(choice.columnsFor('notebook:train.ipynb', () => runs)).toEqual([
      'params.epochs'
    ]);
    expect(choice.isPicked('all')).toBe(false);
    expect(choice.columnsFor('all', () => runs)).toEqual([
      'params.lr',
      'metrics.mse'
    ]);
  });

  it('uses the runColumns setting where nothing is picked', () => {
    const choice = new ColumnChoice();
    choice.defaults = ['metrics.mse'];
    expect(choice.columnsFor('all', () => runs)).toEqual(['metrics.mse']);
  });

  it('shows nothing by itself for a single run', () => {
    expect(ColumnChoice.differing([runs[0]])).toEqual([]);
  });
});

describe('ValueFormat.sharedNumbers', () => {
  it('writes the numbers of a row with the same decimals', () => {
    expect(ValueFormat.sharedNumbers([0.25, 0.2, 1.5])).toEqual([
      '0.25',
      '0.20',
      '1.50'
    ]);
  });

  it('shows two different values differently', () => {
    const [a, b] = ValueFormat.sharedNumbers([0.123456789, 0.123456781]);
    expect(a).not.toBe(b);
  });

  it('leaves integers and text as they are', () => {
    expect(ValueFormat.sharedNumbers([60, 'adam', null])).toEqual([
      '60',
      'adam',
      '—'
    ]);
  });

  it('writes sizes in binary units', () => {
    expect(ValueFormat.bytes(2048)).toBe('2.0 KiB');
  });
});
