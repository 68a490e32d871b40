import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import * as React from 'react';

import { PipelineDag } from './PipelineDag';
import { PipelineExportModel } from './pipelineModel';
import { IPipelineJob, IPipelinePreview } from './pipelineTypes';

/**
 * The body of the "Export to Pipeline" dialog: the DAG, the parameters, the
 * problems with links to their cells, the target, and a local run's progress.
 */
export class PipelineExportView extends ReactWidget {
  constructor(options: PipelineExportView.IOptions) {
    super();
    this._model = options.model;
    this._showCell = options.showCell;
    this._openRun = options.openRun ?? null;
    this._trans = (options.translator ?? nullTranslator).load('mlops-lab');
    this.addClass('jp-mlopsLab-PipelineExport');
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._model.changed}>
        {() => this._renderModel()}
      </UseSignal>
    );
  }

  private _renderModel(): JSX.Element {
    const model = this._model;
    const trans = this._trans;
    const preview = model.preview;
    return (
      <div className="jp-mlopsLab-PipelineExport-body">
        {model.error && (
          <div className="jp-mlopsLab-PipelineExport-error" role="alert">
            {model.error}
          </div>
        )}
        {preview === null ? (
          <p>{model.busy ? trans.__('Reading the notebook…') : ''}</p>
        ) : (
          <>
            {this._renderSummary(preview)}
            {!model.hasStepMarks && this._renderStepHint()}
            {this._renderProblems(preview)}
            <div className="jp-mlopsLab-PipelineExport-columns">
              {this._renderGraph(preview)}
              <div className="jp-mlopsLab-PipelineExport-side">
                {this._renderReasons(preview)}
                {model.job && this._renderJob(model.job)}
              </div>
            </div>
            {this._renderParameters(preview)}
            {this._renderActions(preview)}
          </>
        )}
      </div>
    );
  }

  private _renderSummary(preview: IPipelinePreview): JSX.Element {
    const trans = this._trans;
    return (
      <p className="jp-mlopsLab-PipelineExport-summary">
        {trans._n('%1 step', '%1 steps', preview.steps.length)}
        {', '}
        {trans._n('%1 parameter', '%1 parameters', preview.parameters.length)}
        {preview.metrics.length > 0 &&
          `, ${trans.__('metrics: %1', preview.metrics.map(m => m.name).join(', '))}`}
      </p>
    );
  }

  /**
   * How to split a notebook without marked steps (it is one step as it is).
   */
  private _renderStepHint(): JSX.Element {
    const trans = this._trans;
    return (
      <p className="jp-mlopsLab-PipelineExport-hint" role="note">
        {trans.__(
          'No cell is marked as a step, so the whole notebook is one step. To split it, tag cells '
        )}
        <code>step:NAME</code>
        {trans.__(
          " (in the property inspector's Cell Tags) or start a cell with "
        )}
        <code>%%mlops step NAME</code>
        {'.'}
      </p>
    );
  }

  private _renderGraph(preview: IPipelinePreview): JSX.Element {
    const trans = this._trans;
    const states: { [step: string]: IPipelineJob['steps'][number]['state'] } =
      {};
    for (const step of this._model.job?.steps ?? []) {
      states[step.name] = step.state;
    }
    return (
      <div className="jp-mlopsLab-PipelineExport-picture">
        <PipelineDag
          steps={preview.steps}
          edges={preview.edges}
          states={states}
          label={trans.__('Pipeline graph of %1', preview.name)}
        />
      </div>
    );
  }

  private _renderReasons(preview: IPipelinePreview): JSX.Element | null {
    if (preview.edges.length === 0) {
      return null;
    }
    const trans = this._trans;
    return (
      <ul
        className="jp-mlopsLab-PipelineExport-reasons"
        aria-label={trans.__('Why the steps depend on each other')}
      >
        {preview.edges.map(edge => (
          <li key={`${edge.from}->${edge.to}`}>{edge.why}</li>
        ))}
      </ul>
    );
  }

  private _renderProblems(preview: IPipelinePreview): JSX.Element | null {
    if (preview.problems.length === 0) {
      return null;
    }
    const trans = this._trans;
    return (
      <section>
        <h3 className="jp-mlopsLab-PipelineExport-heading">
          {trans.__('Problems')}
        </h3>
        <ul
          className="jp-mlopsLab-PipelineExport-problems"
          aria-label={trans.__('Problems')}
        >
          {preview.problems.map((problem, index) => (
            <li key={index}>
              <span>{problem.message}</span>
              {problem.cell_id && (
                <button
                  type="button"
                  className="jp-mlopsLab-PipelineExport-link"
                  onClick={() => this._showCell(problem.cell_id!)}
                >
                  {trans.__('Go to cell %1', problem.cell_index ?? '')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    );
  }

  private _renderParameters(preview: IPipelinePreview): JSX.Element | null {
    if (preview.parameters.length === 0) {
      return null;
    }
    const model = this._model;
    const trans = this._trans;
    return (
      <section>
        <h3 className="jp-mlopsLab-PipelineExport-heading">
          {trans.__('Parameters')}
        </h3>
        <table className="jp-mlopsLab-PipelineExport-parameters">
          <thead>
            <tr>
              <th>{trans.__('Name')}</th>
              <th>{trans.__('Type')}</th>
              <th>{trans.__('Default')}</th>
              <th>{trans.__('Value for this run')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.parameters.map(parameter => (
              <tr key={parameter.name}>
                <td>{parameter.name}</td>
                <td>{parameter.type}</td>
                <td>{PipelineExportModel.formatValue(parameter.default)}</td>
                <td>
                  <input
                    className="jp-mod-styled"
                    aria-label={trans.__('Value of %1', parameter.name)}
                    value={model.valueText(parameter)}
                    disabled={model.isRunning}
                    onChange={event =>
                      model.setValueText(parameter.name, event.target.value)
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    );
  }

  private _renderActions(preview: IPipelinePreview): JSX.Element {
    const model = this._model;
    const trans = this._trans;
    const blocked =
      !model.canExport || model.isRunning || model.pendingSave !== null;
    return (
      <>
        {model.pendingSave !== null && this._renderSaveQuestion()}
        <section className="jp-mlopsLab-PipelineExport-actions">
          <label>
            {trans.__('Target')}{' '}
            <select
              className="jp-mod-styled"
              value={model.target}
              onChange={event => {
                model.target = event.target.value;
              }}
            >
              {preview.targets.map(target => (
                <option key={target} value={target}>
                  {PipelineExportView.targetLabel(target, trans)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="jp-Button jp-mod-styled"
            disabled={blocked}
            onClick={() => void model.exportPipeline()}
          >
            {trans.__('Export')}
          </button>
          <button
            type="button"
            className="jp-Button jp-mod-styled jp-mod-accept"
            disabled={blocked}
            onClick={() => void model.runLocally()}
          >
            {trans.__('Run locally')}
          </button>
          {model.exported && (
            <span className="jp-mlopsLab-PipelineExport-exported">
              {trans.__('Exported to %1/', model.exported.directory)}
            </span>
          )}
        </section>
      </>
    );
  }

  /**
   * The question asked before saving a notebook with unsaved changes (in
   * the dialog: JupyterLab shows a second dialog only after the first).
   */
  private _renderSaveQuestion(): JSX.Element {
    const model = this._model;
    const trans = this._trans;
    return (
      <section
        className="jp-mlopsLab-PipelineExport-hint"
        role="alertdialog"
        aria-label={trans.__('Save the notebook?')}
      >
        <p>
          {trans.__(
            'The notebook has unsaved changes, and the pipeline reads it as saved. Save it first?'
          )}
        </p>
        <button
          type="button"
          className="jp-Button jp-mod-styled jp-mod-accept"
          onClick={() => void model.confirmSave()}
        >
          {model.pendingSave === 'run'
            ? trans.__('Save and run')
            : trans.__('Save and export')}
        </button>{' '}
        <button
          type="button"
          className="jp-Button jp-mod-styled jp-mod-reject"
          onClick={() => model.cancelSave()}
        >
          {trans.__('Cancel')}
        </button>
      </section>
    );
  }

  private _renderJob(job: IPipelineJob): JSX.Element {
    const trans = this._trans;
    const openRun = this._openRun;
    const status =
      job.state === 'running'
        ? trans.__('Running…')
        : job.state === 'finished'
          ? trans.__('Pipeline run finished')
          : trans.__('Pipeline run failed');
    return (
      <section className="jp-mlopsLab-PipelineExport-progress">
        <h3 className="jp-mlopsLab-PipelineExport-heading" role="status">
          {status}
        </h3>
        <ol aria-label={trans.__('Step progress')}>
          {job.steps.map(step => (
            <li key={step.name} className={`jp-mod-${step.state}`}>
              <span className="jp-mlopsLab-PipelineExport-step">
                {step.name}
              </span>
              <span className="jp-mlopsLab-PipelineExport-state">
                {step.state}
              </span>
              <span className="jp-mlopsLab-PipelineExport-seconds">
                {step.seconds === null ? '' : `${step.seconds.toFixed(2)} s`}
              </span>
              {step.message && (
                <span className="jp-mlopsLab-PipelineExport-message">
                  {step.message}
                </span>
              )}
            </li>
          ))}
        </ol>
        {job.message && job.state === 'failed' && (
          <div className="jp-mlopsLab-PipelineExport-error">{job.message}</div>
        )}
        {job.run_id && openRun && (
          <button
            type="button"
            className="jp-Button jp-mod-styled"
            onClick={() => openRun(job.run_id!)}
          >
            {trans.__('Open run')}
          </button>
        )}
      </section>
    );
  }

  private _model: PipelineExportModel;
  private _showCell: (cellId: string) => void;
  private _openRun: ((runId: string) => void) | null;
  private _trans: TranslationBundle;
}

export namespace PipelineExportView {
  export interface IOptions {
    model: PipelineExportModel;
    /**
     * Bring a cell of the notebook into view (a problem's link).
     */
    showCell: (cellId: string) => void;
    /**
     * Open a recorded run, when something can show it.
     */
    openRun?: (runId: string) => void;
    translator?: ITranslator;
  }

  /**
   * How a target is named in the list.
   */
  export function targetLabel(
    target: string,
    trans: TranslationBundle
  ): string {
    switch (target) {
      case 'local':
        return trans.__('Local (runs here, cached)');
      case 'kfp':
        return trans.__('Kubeflow Pipelines v2');
      default:
        return target;
    }
  }
}
