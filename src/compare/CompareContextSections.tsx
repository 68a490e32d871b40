import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { CompareModel, ICompareRow } from './compareModel';
import {
  IDataEntry,
  IDataValue,
  IEnvEntry,
  IVariableValue
} from './compareTypes';
import { IRun } from '../runs/runsTypes';
import { AllEqual, CompareTable, countsNote } from './CompareTable';
import { Section } from '../common/DataTable';
import { ValueFormat } from '../common/valueFormat';

/**
 * Where the compared runs ran and what they left: environment, data and
 * variables.
 */
export function CompareContextSections(props: {
  model: CompareModel;
  runs: IRun[];
  trans: TranslationBundle;
}): JSX.Element {
  const { model, runs, trans } = props;
  const env = model.rows('env');
  const data = model.rows('data');
  const variables = model.rows('variables');
  return (
    <>
      <Section
        title={trans.__('Environment')}
        note={countsNote(model, 'env', trans)}
      >
        {model.isIdentical('env') && (
          <p className="jp-mlopsLab-CompareView-same" role="status">
            {identicalEnvironment(model, trans)}
          </p>
        )}
        {env.length > 0 &&
          (model.isIdentical('env') ? (
            <details className="jp-mlopsLab-Details">
              <summary>{trans.__('Show the interpreter and packages')}</summary>
              <EnvTable runs={runs} rows={env} trans={trans} />
            </details>
          ) : (
            <EnvTable runs={runs} rows={env} trans={trans} />
          ))}
      </Section>
      <Section title={trans.__('Data')} note={countsNote(model, 'data', trans)}>
        {data.length > 0 ? (
          <CompareTable
            label={trans.__('Data')}
            runs={runs}
            rows={data}
            trans={trans}
            format={(value, entry) => dataText(value, entry)}
          />
        ) : (
          <AllEqual
            model={model}
            section="data"
            text={trans.__('The same data in every run.')}
            trans={trans}
          />
        )}
      </Section>
      <Section
        title={trans.__('Variables')}
        note={countsNote(model, 'variables', trans)}
      >
        {variables.length > 0 ? (
          <CompareTable
            label={trans.__('Variables')}
            runs={runs}
            rows={variables}
            trans={trans}
            format={value => variableText(value)}
          />
        ) : (
          <AllEqual
            model={model}
            section="variables"
            text={trans.__('The same variables in every run.')}
            trans={trans}
          />
        )}
      </Section>
    </>
  );
}

function EnvTable(props: {
  runs: IRun[];
  rows: ICompareRow<IEnvEntry>[];
  trans: TranslationBundle;
}): JSX.Element {
  return (
    <CompareTable
      label={props.trans.__('Environment')}
      runs={props.runs}
      rows={props.rows}
      trans={props.trans}
      keyLabel={(entry: IEnvEntry) =>
        entry.kind === 'package'
          ? entry.key.replace(/^package:/, '')
          : entry.key
      }
      format={value => [ValueFormat.json(value)]}
    />
  );
}

/**
 * What the runs' common environment is, when it is the same.
 */
function identicalEnvironment(
  model: CompareModel,
  trans: TranslationBundle
): string {
  const entries = model.result?.env.unchanged ?? [];
  if (entries.length === 0) {
    return trans.__('No environment was recorded for these runs.');
  }
  const value = (key: string) =>
    entries.find(entry => entry.key === key)?.values[0] ?? '?';
  const packages = entries.filter(entry => entry.kind === 'package').length;
  return trans.__(
    'Identical environments: Python %1 (%2) on %3, %4 packages at the same versions.',
    value('python'),
    value('implementation'),
    value('platform'),
    packages
  );
}

/**
 * A data file's or DataFrame's compared value.
 */
function dataText(
  value: IDataValue | null,
  entry: IDataEntry
): [string, string] {
  if (value === null) {
    return ['—', ''];
  }
  const fingerprint = ValueFormat.fingerprint(value.fingerprint);
  const text =
    entry.kind === 'dataframe'
      ? `${ValueFormat.shape(value.shape)} ${ValueFormat.json(value.dtype)} · ${fingerprint}`
      : `${ValueFormat.bytes(value.size)} · ${fingerprint}`;
  return [text, value.fingerprint ?? ''];
}

/**
 * A variable's compared value: its short repr (or, without one, its type,
 * shape and dtype); the type and fingerprint in the tooltip.
 */
function variableText(value: IVariableValue | null): [string, string] {
  if (value === null) {
    return ['—', ''];
  }
  const summary = [
    value.type ?? '?',
    ValueFormat.shape(value.shape),
    value.dtype ?? ''
  ]
    .filter(Boolean)
    .join(' ');
  const fingerprint = `fingerprint ${ValueFormat.fingerprint(value.fingerprint)}`;
  if (value.repr) {
    return [value.repr, `${summary} · ${fingerprint}`];
  }
  return [summary, fingerprint];
}
