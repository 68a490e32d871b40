import { Widget } from '@lumino/widgets';

import { PushFormModel } from '../registry/pushFormModel';
import { ModelsModel, VersionModel } from '../registry/registryModel';
import { LineageWidget, ModelsSection } from '../registry/registryWidgets';
import { FakeRegistryApi, makeSlice, makeVersion } from './fakeRegistryApi';

/**
 * Let React commit what the widget asked it to render.
 */
function rendered(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 50));
}

function modelsOf(api: FakeRegistryApi): ModelsModel {
  return new ModelsModel({ api, refreshInterval: 3600, standby: 'never' });
}

describe('ModelsModel', () => {
  it('lists the models and loads the versions of an expanded one', async () => {
    const api = new FakeRegistryApi();
    api.versions.push(makeVersion('iris', 1), makeVersion('iris', 2));
    const model = modelsOf(api);
    await model.start();
    expect(model.models.map(m => [m.name, m.latest_version])).toEqual([
      ['iris', 2]
    ]);
    expect(model.versionsOf('iris')).toBeUndefined();
    await model.toggle('iris');
    expect(model.isExpanded('iris')).toBe(true);
    expect(model.versionsOf('iris')?.map(v => v.version)).toEqual([2, 1]);
    await model.toggle('iris');
    expect(model.isExpanded('iris')).toBe(false);
    model.dispose();
  });

  it('follows a push with the new version shown', async () => {
    const api = new FakeRegistryApi();
    const model = modelsOf(api);
    await model.start();
    expect(model.models).toEqual([]);
    const version = await model.push({
      run: 'a'.repeat(32),
      name: 'iris',
      variable: 'model',
      alias: 'champion'
    });
    expect(version.version).toBe(1);
    expect(model.models[0].aliases).toEqual({ champion: 1 });
    expect(model.isExpanded('iris')).toBe(true);
    expect(model.versionsOf('iris')?.[0].aliases).toEqual(['champion']);
    model.dispose();
  });

  it('keeps the error of a failed request', async () => {
    const api = new FakeRegistryApi();
    api.listModels = () => Promise.reject(new Error('store unavailable'));
    const model = modelsOf(api);
    await model.start();
    expect(model.error).toBe('store unavailable');
    model.dispose();
  });
});

describe('PushFormModel', () => {
  it('chooses the variable model of a live kernel and names the model after it', async () => {
    const form = new PushFormModel({
      api: new FakeRegistryApi(),
      runId: 'a'.repeat(32)
    });
    await form.load();
    expect(form.source).toEqual({ kind: 'variable', name: 'model' });
    expect(form.name).toBe('model');
    form.alias = ' champion ';
    expect(form.request).toEqual({
      run: 'a'.repeat(32),
      name: 'model',
      variable: 'model',
      alias: 'champion'
    });
  });

  it('offers only files when the kernel is not live', async () => {
    const api = new FakeRegistryApi();
    api.sources = {
      ...api.sources,
      kernel: {
        live: false,
        reason: 'No kernel of the run’s notebook is running.'
      }
    };
    const form = new PushFormModel({ api, runId: 'a'.repeat(32) });
    await form.load();
    expect(form.source).toEqual({ kind: 'file', name: 'model.pkl' });
    expect(form.request).toEqual({
      run: 'a'.repeat(32),
      name: 'model',
      artifact: 'model.pkl'
    });
  });

  it('keeps a name the user typed when the source changes', async () => {
    const form = new PushFormModel({
      api: new FakeRegistryApi(),
      runId: 'a'.repeat(32)
    });
    await form.load();
    form.name = 'iris-classifier';
    form.source = { kind: 'variable', name: 'df' };
    expect(form.name).toBe('iris-classifier');
    form.name = '';
    expect(form.request).toBeNull();
  });
});

describe('ModelsSection', () => {
  it('says how to push a first model', async () => {
    const model = modelsOf(new FakeRegistryApi());
    await model.start();
    const section = new ModelsSection({ model, onOpenVersion: () => 0 });
    Widget.attach(section, document.body);
    section.update();
    await rendered();
    expect(section.title.label).toBe('Models');
    expect(section.node.textContent).toContain('No models yet.');
    section.dispose();
    model.dispose();
  });

  it('opens a version from its row', async () => {
    const api = new FakeRegistryApi();
    api.versions.push(makeVersion('iris', 1));
    const model = modelsOf(api);
    await model.start();
    await model.toggle('iris');
    const opened: [string, number][] = [];
    const section = new ModelsSection({
      model,
      onOpenVersion: (name, version) => opened.push([name, version])
    });
    Widget.attach(section, document.body);
    section.update();
    await rendered();
    const row = section.node.querySelector<HTMLButtonElement>(
      'button[aria-label="iris version 1"]'
    );
    row?.click();
    expect(opened).toEqual([['iris', 1]]);
    section.dispose();
    model.dispose();
  });
});

describe('LineageWidget', () => {
  it('shows the chain from the version to its run, cells, data, environment and git', async () => {
    const api = new FakeRegistryApi();
    api.versions.push(makeVersion('iris', 1));
    const model = new VersionModel({ api, name: 'iris', version: 1 });
    const runs: string[] = [];
    const files: string[] = [];
    const widget = new LineageWidget({
      model,
      onOpenRun: id => runs.push(id),
      onOpenFile: path => files.push(path)
    });
    Widget.attach(widget, document.body);
    await model.load();
    widget.update();
    await rendered();
    const text = widget.node.textContent ?? '';
    expect(text).toContain('iris version 1');
    expect(text).toContain('model = LogisticRegression().fit(X, y)');
    expect(text).toContain('2 cells before it that it depends on');
    expect(text).toContain('3 cells led to it; 2 skipped (1 failed)');
    expect(text).toContain('3 cells (2 skipped)');
    const skips = Array.from(
      widget.node.querySelectorAll('.jp-mlopsLab-LineageGraph-skip')
    ).map(item => [item.textContent, item.classList.contains('jp-mod-failed')]);
    expect(skips).toEqual([
      ['#2 skipped', false],
      ['#4 failed', true]
    ]);
    // No slice from the server: the graph chains the cells, then the model.
    const boxes = Array.from(
      widget.node.querySelectorAll('.jp-mlopsLab-LineageGraph-node text')
    ).map(text => text.textContent);
    expect(boxes).toEqual(['In [1]', 'In [3]', 'In [5]', 'iris v1']);
    expect(text).toContain('iris.csv');
    expect(text).toContain('2 packages');
    expect(text).toContain('3'.repeat(40));
    const buttons = Array.from(widget.node.querySelectorAll('button'));
    buttons.find(b => b.textContent === 'Run train #1')?.click();
    buttons.find(b => b.textContent === 'iris.csv')?.click();
    expect(runs).toEqual(['a'.repeat(32)]);
    expect(files).toEqual(['iris.csv']);
    widget.dispose();
  });

  it('draws the data flow of the slice between the cells', async () => {
    const api = new FakeRegistryApi();
    api.versions.push(makeVersion('iris', 1));
    api.slices.set('model', makeSlice());
    const model = new VersionModel({ api, name: 'iris', version: 1 });
    const widget = new LineageWidget({
      model,
      onOpenRun: null,
      onOpenFile: () => 0
    });
    Widget.attach(widget, document.body);
    await model.load();
    widget.update();
    await rendered();
    expect(api.sliceCalls).toEqual([
      { runId: 'a'.repeat(32), name: 'model', at: 5 }
    ]);
    const boxes = Array.from(
      widget.node.querySelectorAll('.jp-mlopsLab-LineageGraph-node')
    ).map(node => [node.classList[1], node.querySelector('text')?.textContent]);
    expect(boxes).toEqual([
      ['jp-mod-cell', 'In [1]'],
      ['jp-mod-cell', 'In [3]'],
      ['jp-mod-variable', 'pd'],
      ['jp-mod-cell', 'In [5]'],
      ['jp-mod-variable', 'df'],
      ['jp-mod-variable', 'model'],
      ['jp-mod-model', 'iris v1']
    ]);
    expect(
      widget.node.querySelectorAll('.jp-mlopsLab-LineageGraph-edge')
    ).toHaveLength(6);
    widget.dispose();
  });

  it('says when the version is unknown', async () => {
    const model = new VersionModel({
      api: new FakeRegistryApi(),
      name: 'iris',
      version: 9
    });
    const widget = new LineageWidget({
      model,
      onOpenRun: null,
      onOpenFile: () => 0
    });
    Widget.attach(widget, document.body);
    await model.load();
    widget.update();
    await rendered();
    expect(widget.node.querySelector('[role="alert"]')?.textContent).toContain(
      'has no version 9'
    );
    widget.dispose();
  });
});

describe('PushFormModel.lastPushedFrom', () => {
  it('finds the model last pushed from the given runs', async () => {
    const version = (run_id: string, created_at: string) =>
      ({ run_id, created_at }) as never;
    const api = {
      listModels: async () =>
        ({
          models: [
            { name: 'iris', updated_at: '2026-01-02' },
            { name: 'regression', updated_at: '2026-01-03' }
          ]
        }) as never,
      getModel: async (name: string) =>
        ({
          versions:
            name === 'iris'
              ? [version('other', '2026-01-02')]
              : [version('mine', '2026-01-01')]
        }) as never
    };
    await expect(
      PushFormModel.lastPushedFrom(api, new Set(['mine']))
    ).resolves.toBe('regression');
    await expect(
      PushFormModel.lastPushedFrom(api, new Set(['nobody']))
    ).resolves.toBeNull();
  });
});
