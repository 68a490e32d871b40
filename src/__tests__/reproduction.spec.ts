import { nullTranslator } from '@jupyterlab/translation';

import {
  formatDifference,
  formatTolerance,
  formatValue,
  progressText
} from '../reproduce/reproductionFormat';
import { ReproductionModel } from '../reproduce/reproductionModel';
import { IReproduceApi } from '../reproduce/reproduceApi';
import {
  IReproduction,
  IReproductionRequest
} from '../reproduce/reproduceTypes';

const trans = nullTranslator.load('mlops-lab');

function reproduction(patch: Partial<IReproduction>): IReproduction {
  return {
    id: 'f'.repeat(32),
    run_id: 'a'.repeat(32),
    status: 'running',
    stage: 'running',
    cell: 0,
    cells: 3,
    reproduction_run_id: null,
    created_at: '2026-01-01T00:00:00Z',
    message: null,
    report: null,
    ...patch
  };
}

/**
 * A server whose reproduction advances one step per poll.
 */
class StepApi implements IReproduceApi {
  constructor(steps: IReproduction[]) {
    this.steps = steps;
  }
  steps: IReproduction[];
  requests: IReproductionRequest[] = [];
  polls = 0;

  async startReproduction(
    request: IReproductionRequest
  ): Promise<IReproduction> {
    this.requests.push(request);
    return this.steps[0];
  }

  async getReproduction(): Promise<IReproduction> {
    this.polls++;
    return this.steps[Math.min(this.polls, this.steps.length - 1)];
  }
}

describe('ReproductionModel', () => {
  it('follows a reproduction to its report', async () => {
    const report = {
      run_id: 'a'.repeat(32),
      reproduction_run_id: 'b'.repeat(32),
      passed: true,
      failure: null,
      skipped_cells: [],
      metrics: [],
      code: { notebook: 'train.ipynb', found: true, cells: [] },
      environment: null,
      data: []
    };
    const api = new StepApi([
      reproduction({ status: 'queued', stage: 'queued' }),
      reproduction({ cell: 2 }),
      reproduction({ status: 'passed', stage: 'done', report })
    ]);
    const model = new ReproductionModel({ api, runId: 'aaaa', interval: 1 });
    const seen: string[] = [];
    model.changed.connect(() => seen.push(model.reproduction?.stage ?? ''));
    await model.start();
    expect(api.requests).toEqual([{ run_id: 'aaaa' }]);
    expect(seen).toEqual(['queued', 'running', 'done']);
    expect(model.isDone).toBe(true);
    expect(model.reproduction?.report?.passed).toBe(true);
    model.dispose();
  });

  it('says why it could not start', async () => {
    const api: IReproduceApi = {
      startReproduction: () => Promise.reject(new Error('No run with id')),
      getReproduction: () => Promise.reject(new Error('unused'))
    };
    const model = new ReproductionModel({ api, runId: 'zzzz', interval: 1 });
    await model.start();
    expect(model.isDone).toBe(true);
    expect(model.error).toBe('No run with id');
  });
});

describe('reproduction formatting', () => {
  it('tells the stage and the cell', () => {
    expect(progressText(null, trans)).toBe('Starting…');
    expect(progressText(reproduction({ cell: 2, cells: 5 }), trans)).toBe(
      'Running cell 2 of 5…'
    );
    expect(progressText(reproduction({ stage: 'comparing' }), trans)).toBe(
      'Comparing the metrics…'
    );
  });

  it('formats values, differences and tolerances', () => {
    expect(formatValue(null)).toBe('–');
    expect(formatValue(40)).toBe('40');
    expect(formatValue(0.21913903128)).toBe('0.2191390313');
    expect(formatTolerance(0)).toBe('exact');
    expect(formatTolerance(0.02)).toBe('2 %');
    expect(formatTolerance(1e-9)).toBe('1e-9');
    const check = {
      name: 'loss',
      recorded: 1,
      reproduced: 1.0674,
      tolerance: 1e-9,
      difference: 0.0674,
      status: 'fail' as const,
      passed: false
    };
    expect(formatDifference(check)).toBe('6.74 %');
    expect(formatDifference({ ...check, difference: null })).toBe('–');
  });
});
