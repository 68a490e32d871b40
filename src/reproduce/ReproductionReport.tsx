import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import {
  formatDifference,
  formatTolerance,
  formatValue,
  progressText,
  statusLabel
} from './reproductionFormat';
import { ReproductionModel } from './reproductionModel';
import { IReproductionReport } from './reproduceTypes';

/**
 * The properties of `ReproductionView`.
 */
export interface IReproductionViewProps {
  model: ReproductionModel;
  trans: TranslationBundle;
  /**
   * Open a run, when the run view is there to open it.
   */
  openRun: ((runId: string) => void) | null;
}

/**
 * A reproduction: its progress, then its report (metric checks and drift).
 */
export function ReproductionView(props: IReproductionViewProps): JSX.Element {
  const { model, trans } = props;
  const reproduction = model.reproduction;
  const runId = reproduction?.run_id ?? model.runId;
  const title = trans.__(
    'Reproduction of %1',
    model.runName ?? trans.__('run %1', runId.slice(0, 8))
  );
  let body: JSX.Element;
  if (model.error !== null) {
    body = (
      <p className="jp-mlopsLab-Reproduction-error" role="alert">
        {trans.__('The reproduction could not run: %1', model.error)}
      </p>
    );
  } else if (reproduction?.status === 'error') {
    body = (
      <p className="jp-mlopsLab-Reproduction-error" role="alert">
        {trans.__('The reproduction could not run: %1', reproduction.message)}
      </p>
    );
  } else if (reproduction?.report) {
    body = <Report report={reproduction.report} {...props} />;
  } else {
    const cells = reproduction?.cells ?? 0;
    body = (
      <div className="jp-mlopsLab-Reproduction-progress">
        <p role="status">{progressText(reproduction, trans)}</p>
        <progress
          aria-label={trans.__('Progress')}
          max={Math.max(cells, 1)}
          value={reproduction?.cell ?? 0}
        />
      </div>
    );
  }
  return (
    <div className="jp-mlopsLab-Reproduction">
      <h1 className="jp-mlopsLab-Reproduction-title">{title}</h1>
      {body}
    </div>
  );
}

function Report(
  props: IReproductionViewProps & { report: IReproductionReport }
): JSX.Element {
  const { report, trans, openRun } = props;
  const newRun = report.reproduction_run_id;
  return (
    <>
      <p
        className={`jp-mlopsLab-Reproduction-verdict jp-mlopsLab-Reproduction-verdict-${
          report.passed ? 'passed' : 'failed'
        }`}
        role="status"
      >
        {report.passed
          ? trans.__('Reproduced: every metric matches.')
          : trans.__('Not reproduced.')}
        {report.failure ? ` ${report.failure}` : ''}
      </p>
      {newRun && openRun ? (
        <button
          className="jp-mlopsLab-Reproduction-open jp-mod-styled"
          onClick={() => openRun(newRun)}
        >
          {trans.__('Open the reproduction run')}
        </button>
      ) : null}
      <Metrics report={report} trans={trans} />
      <CodeDrift report={report} trans={trans} />
      <EnvironmentDrift report={report} trans={trans} />
      <DataDrift report={report} trans={trans} />
    </>
  );
}

interface ISectionProps {
  report: IReproductionReport;
  trans: TranslationBundle;
}

function Section(props: {
  title: string;
  children: React.ReactNode;
}): JSX.Element {
  return (
    <section
      className="jp-mlopsLab-Reproduction-section"
      aria-label={props.title}
    >
      <h2 className="jp-mlopsLab-Reproduction-heading">{props.title}</h2>
      {props.children}
    </section>
  );
}

function Metrics({ report, trans }: ISectionProps): JSX.Element {
  if (report.metrics.length === 0) {
    return (
      <Section title={trans.__('Metrics')}>
        <p>{trans.__('The run recorded no metric: nothing to compare.')}</p>
      </Section>
    );
  }
  return (
    <Section title={trans.__('Metrics')}>
      <table
        className="jp-mlopsLab-Reproduction-table"
        aria-label={trans.__('Metric checks')}
      >
        <thead>
          <tr>
            <th scope="col">{trans.__('Metric')}</th>
            <th scope="col">{trans.__('Recorded')}</th>
            <th scope="col">{trans.__('Reproduced')}</th>
            <th scope="col">{trans.__('Difference')}</th>
            <th scope="col">{trans.__('Tolerance')}</th>
            <th scope="col">{trans.__('Result')}</th>
          </tr>
        </thead>
        <tbody>
          {report.metrics.map(check => (
            <tr key={check.name}>
              <th scope="row">{check.name}</th>
              <td>{formatValue(check.recorded)}</td>
              <td>{formatValue(check.reproduced)}</td>
              <td>{formatDifference(check)}</td>
              <td>{formatTolerance(check.tolerance)}</td>
              <td
                className={`jp-mlopsLab-Reproduction-check jp-mlopsLab-Reproduction-check-${
                  check.passed ? 'pass' : 'fail'
                }`}
              >
                {statusLabel(check, trans)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function CodeDrift({ report, trans }: ISectionProps): JSX.Element {
  const code = report.code;
  let content: JSX.Element;
  if (!code.found) {
    content = (
      <p>{trans.__('The notebook file is not there to compare with.')}</p>
    );
  } else if (code.cells.length === 0) {
    content = (
      <p>{trans.__("None: the notebook's cells are the ones the run ran.")}</p>
    );
  } else {
    content = (
      <ul>
        {code.cells.map(cell => (
          <li key={`${cell.cell_id}-${cell.change}`}>
            {trans.__('Cell %1: %2', cell.cell_id, cell.change)}
          </li>
        ))}
      </ul>
    );
  }
  const notebook = code.notebook ?? trans.__('no notebook');
  return (
    <Section title={trans.__('Code drift (%1)', notebook)}>{content}</Section>
  );
}

function EnvironmentDrift({ report, trans }: ISectionProps): JSX.Element {
  const environment = report.environment;
  let content: JSX.Element;
  if (environment === null) {
    content = <p>{trans.__('Not compared: a run recorded no environment.')}</p>;
  } else if (environment.packages.length === 0) {
    content = (
      <p>{trans.__('None: every package has its recorded version.')}</p>
    );
  } else {
    content = (
      <>
        <ul>
          {environment.packages.map(p => (
            <li key={p.name}>
              {trans.__(
                '%1: %2 → %3',
                p.name,
                p.recorded ?? trans.__('not installed'),
                p.current ?? trans.__('not installed')
              )}
            </li>
          ))}
        </ul>
        {environment.command ? (
          <p>
            {trans.__('To restore the recorded versions:')}{' '}
            <code>{environment.command}</code>
          </p>
        ) : null}
      </>
    );
  }
  return <Section title={trans.__('Environment drift')}>{content}</Section>;
}

function DataDrift({ report, trans }: ISectionProps): JSX.Element {
  return (
    <Section title={trans.__('Data drift')}>
      {report.data.length === 0 ? (
        <p>{trans.__('None: every input file is as the run read it.')}</p>
      ) : (
        <ul>
          {report.data.map(d => (
            <li key={d.path}>{trans.__('%1: %2', d.path, d.status)}</li>
          ))}
        </ul>
      )}
    </Section>
  );
}
