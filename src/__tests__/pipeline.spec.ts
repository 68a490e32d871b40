import { ReadonlyJSONValue } from '@lumino/coreutils';
import { deserialize, serialize } from 'v8';

import { layoutDag } from '../pipeline/pipelineLayout';
import { PipelineExportModel } from '../pipeline/pipelineModel';
import { IPipelineApi } from '../pipeline/pipelineApi';
import {
  IPipelineExport,
  IPipelineJob,
  IPipelinePreview
} from '../pipeline/pipelineTypes';

// dagre uses structuredClone, which browsers and Node have but jsdom lacks:
// Node's own structured clone stands in for it.
if (typeof globalThis.structuredClone !== 'function') {
  globalThis.structuredClone = <T>(value: T): T =>
    deserialize(serialize(value));
}

const PREVIEW: IPipelinePreview = {
  name: 'forecast',
  notebook: 'forecast.ipynb',
  source_run: null,
  parameters: [
    { name: 'days', type: 'int', default: 30, cell_id: 'p' },
    { name: 'region', type: 'str', default: 'north', cell_id: 'p' }
  ],
  metrics: [{ name: 'peak', step: 'peak' }],
  steps: [
    {
      name: 'load',
      after: [],
      inputs: [],
      outputs: ['sales'],
      imports: [],
      cells: []
    },
    {
      name: 'peak',
      after: [],
      inputs: [{ name: 'sales', from: 'load' }],
      outputs: ['peak'],
      imports: [],
      cells: []
    }
  ],
  edges: [
    {
      from: 'load',
      to: 'peak',
      kind: 'data',
      variables: ['sales'],
      why: 'peak reads `sales`'
    }
  ],
  problems: [],
  targets: ['kfp', 'local'],
  directory: 'forecast-pipeline'
};

function job(state: IPipelineJob['state'], stepState: string): IPipelineJob {
  return {
    id: 'job-1',
    state,
    directory: 'forecast-pipeline',
    run_id: state === 'finished' ? 'a'.repeat(32) : null,
    message: null,
    metrics: {},
    steps: [
      {
        name: 'load',
        state: stepState as IPipelineJob['steps'][number]['state'],
        seconds: null,
        message: null
      }
    ]
  };
}

class FakePipelineApi implements IPipelineApi {
  started: { [name: string]: ReadonlyJSONValue } | null = null;
  polls = 0;
  saved = 0;

  async preview(): Promise<IPipelinePreview> {
    return PREVIEW;
  }

  async exportPipeline(path: string, target: string): Promise<IPipelineExport> {
    return { target, directory: 'out', files: [`out/${path}`] };
  }

  async startRun(
    path: string,
    parameters: { [name: string]: ReadonlyJSONValue }
  ): Promise<IPipelineJob> {
    this.started = parameters;
    return job('running', 'running');
  }

  async getRun(): Promise<IPipelineJob> {
    this.polls += 1;
    return this.polls < 2 ? job('running', 'running') : job('finished', 'done');
  }
}

describe('layoutDag', () => {
  it('places each step below the ones it depends on', () => {
    const layout = layoutDag(PREVIEW.steps, PREVIEW.edges);
    const [load, peak] = layout.steps;
    expect(load.name).toBe('load');
    expect(peak.y).toBeGreaterThan(load.y);
    expect(layout.edges[0].points.length).toBeGreaterThanOrEqual(2);
    expect(layout.width).toBeGreaterThan(0);
    expect(layout.height).toBeGreaterThan(peak.y);
  });
});

describe('PipelineExportModel', () => {
  function create(
    api: FakePipelineApi,
    finished: string[]
  ): PipelineExportModel {
    return new PipelineExportModel({
      api,
      path: 'forecast.ipynb',
      content: () => ({}),
      save: async () => {
        api.saved += 1;
      },
      onRunFinished: runId => finished.push(runId),
      pollInterval: 1
    });
  }

  it('previews, then runs with the changed parameters, typed, to the end', async () => {
    const api = new FakePipelineApi();
    const finished: string[] = [];
    const model = create(api, finished);
    await model.refresh();
    expect(model.preview?.steps.map(step => step.name)).toEqual([
      'load',
      'peak'
    ]);
    expect(model.canExport).toBe(true);
    expect(model.valueText(PREVIEW.parameters[0])).toBe('30');

    model.setValueText('days', '7');
    model.setValueText('region', 'north'); // the default: not sent
    await model.runLocally();

    expect(api.saved).toBe(1);
    expect(api.started).toEqual({ days: 7 });
    expect(model.job?.state).toBe('finished');
    expect(finished).toEqual(['a'.repeat(32)]);
    model.dispose();
  });

  it('says when a value is not of its parameter type', async () => {
    const api = new FakePipelineApi();
    const model = create(api, []);
    await model.refresh();
    model.setValueText('days', 'seven');
    await model.runLocally();
    expect(model.error).toBe('days is a int: "seven" is not one.');
    expect(api.started).toBeNull();
    model.dispose();
  });

  it('exports after saving', async () => {
    const api = new FakePipelineApi();
    const model = create(api, []);
    await model.refresh();
    model.target = 'kfp';
    await model.exportPipeline();
    expect(api.saved).toBe(1);
    expect(model.exported?.target).toBe('kfp');
    model.dispose();
  });
});

describe('PipelineExportModel.hasStepMarks', () => {
  const notebook = (cells: ReadonlyJSONValue[]) => ({ cells });

  it('finds step tags, Kale blocks and the step magic', () => {
    expect(
      PipelineExportModel.hasStepMarks(
        notebook([{ metadata: { tags: ['step:load'] }, source: 'x = 1' }])
      )
    ).toBe(true);
    expect(
      PipelineExportModel.hasStepMarks(
        notebook([{ metadata: {}, source: ['%%mlops step train\n', 'y = 2'] }])
      )
    ).toBe(true);
    expect(
      PipelineExportModel.hasStepMarks(
        notebook([{ metadata: { tags: ['parameters'] }, source: 'x = 1' }])
      )
    ).toBe(false);
  });
});

describe('PipelineExportModel saving', () => {
  it('asks before saving a notebook with unsaved changes', async () => {
    const api = new FakePipelineApi();
    const model = new PipelineExportModel({
      api,
      path: 'forecast.ipynb',
      content: () => ({}),
      save: async () => {
        api.saved += 1;
      },
      isDirty: () => true,
      pollInterval: 1
    });
    await model.refresh();
    await model.runLocally();
    expect(model.pendingSave).toBe('run');
    expect(api.saved).toBe(0);
    model.cancelSave();
    await model.exportPipeline();
    expect(model.pendingSave).toBe('export');
    expect(api.started).toBeNull();
    await model.confirmSave();
    expect(api.saved).toBe(1);
    expect(model.exported).not.toBeNull();
    model.dispose();
  });
});
