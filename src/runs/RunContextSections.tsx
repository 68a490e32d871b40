import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IRunDetail } from './runsTypes';
import { DataTable, Section } from '../common/DataTable';
import { UnifiedDiff } from '../common/TextDiff';
import { ValueFormat } from '../common/valueFormat';

/**
 * What a run left and where it ran: variables, data files, environment,
 * git state, host and artifacts.
 */
export function RunContextSections(props: {
  detail: IRunDetail;
  trans: TranslationBundle;
}): JSX.Element {
  const { detail, trans } = props;
  const variables = Object.entries(detail.variables);
  return (
    <>
      <Section title={trans.__('Variables')} note={String(variables.length)}>
        <DataTable
          label={trans.__('Variables')}
          empty={trans.__('No variables were recorded.')}
          columns={[
            { label: trans.__('Name') },
            { label: trans.__('Type') },
            { label: trans.__('Shape') },
            { label: trans.__('Size'), numeric: true },
            { label: trans.__('Fingerprint') },
            { label: trans.__('Value') }
          ]}
          rows={variables.map(([name, variable]) => ({
            key: name,
            cells: [
              name,
              [variable.type ?? '—', variable.dtype]
                .filter(Boolean)
                .join(' · '),
              ValueFormat.shape(variable.shape),
              variable.nbytes === undefined
                ? ''
                : ValueFormat.bytes(variable.nbytes),
              <span
                key="fingerprint"
                className="jp-mlopsLab-Fingerprint"
                title={variable.fingerprint ?? variable.unfingerprintable ?? ''}
              >
                {ValueFormat.fingerprint(variable.fingerprint)}
              </span>,
              <span key="repr" className="jp-mlopsLab-Repr">
                {variable.repr ?? ''}
              </span>
            ]
          }))}
        />
      </Section>
      <Section title={trans.__('Data')} note={String(detail.data.length)}>
        <DataTable
          label={trans.__('Data files')}
          empty={trans.__('No file was read or written.')}
          columns={[
            { label: trans.__('Path') },
            { label: trans.__('Read or written') },
            { label: trans.__('Size'), numeric: true },
            { label: trans.__('Fingerprint') }
          ]}
          rows={detail.data.map(file => ({
            key: `${file.path}-${file.mode}`,
            cells: [
              file.path,
              file.mode === 'read' ? trans.__('read') : trans.__('written'),
              ValueFormat.bytes(file.size),
              <span
                key="fingerprint"
                className="jp-mlopsLab-Fingerprint"
                title={file.fingerprint ?? ''}
              >
                {ValueFormat.fingerprint(file.fingerprint)}
              </span>
            ]
          }))}
        />
      </Section>
      <EnvironmentSection detail={detail} trans={trans} />
      <GitSection detail={detail} trans={trans} />
      {detail.host && (
        <Section title={trans.__('Host')}>
          <DataTable
            label={trans.__('Host')}
            columns={[{ label: trans.__('Key') }, { label: trans.__('Value') }]}
            rows={Object.entries(detail.host).map(([key, value]) => ({
              key,
              cells: [
                key,
                key === 'memory_bytes' && typeof value === 'number'
                  ? ValueFormat.bytes(value)
                  : ValueFormat.json(value)
              ]
            }))}
          />
        </Section>
      )}
      {detail.artifacts.length > 0 && (
        <Section
          title={trans.__('Artifacts')}
          note={String(detail.artifacts.length)}
        >
          <DataTable
            label={trans.__('Artifacts')}
            columns={[
              { label: trans.__('Name') },
              { label: trans.__('Size'), numeric: true },
              { label: trans.__('Object') }
            ]}
            rows={detail.artifacts.map(artifact => ({
              key: artifact.name,
              cells: [
                artifact.name,
                ValueFormat.bytes(artifact.size),
                ValueFormat.fingerprint(artifact.object)
              ]
            }))}
          />
        </Section>
      )}
    </>
  );
}

function EnvironmentSection(props: {
  detail: IRunDetail;
  trans: TranslationBundle;
}): JSX.Element {
  const { detail, trans } = props;
  const env = detail.env;
  if (env === null) {
    return (
      <Section title={trans.__('Environment')}>
        <p className="jp-mlopsLab-RunView-empty">
          {trans.__('No environment was recorded for this run.')}
        </p>
      </Section>
    );
  }
  const packages = Object.entries(env.packages).sort(([a], [b]) =>
    a.localeCompare(b)
  );
  return (
    <Section title={trans.__('Environment')}>
      <dl className="jp-mlopsLab-RunView-facts">
        <div>
          <dt>{trans.__('Python')}</dt>
          <dd>
            {env.python ?? '—'} {env.implementation ?? ''}
          </dd>
        </div>
        <div>
          <dt>{trans.__('Platform')}</dt>
          <dd>{env.platform ?? '—'}</dd>
        </div>
      </dl>
      <details className="jp-mlopsLab-Details">
        <summary>{trans.__('%1 packages', packages.length)}</summary>
        <DataTable
          label={trans.__('Packages')}
          columns={[
            { label: trans.__('Package') },
            { label: trans.__('Version') },
            { label: trans.__('Installed from') }
          ]}
          rows={packages.map(([name, version]) => ({
            key: name,
            cells: [
              name,
              version ?? '—',
              env.sources[name] === undefined
                ? trans.__('index')
                : ValueFormat.json(env.sources[name])
            ]
          }))}
        />
      </details>
    </Section>
  );
}

function GitSection(props: {
  detail: IRunDetail;
  trans: TranslationBundle;
}): JSX.Element {
  const { detail, trans } = props;
  const git = detail.git;
  if (git === null) {
    return (
      <Section title={trans.__('Git')}>
        <p className="jp-mlopsLab-RunView-empty">
          {trans.__('The notebook was not in a git repository.')}
        </p>
      </Section>
    );
  }
  const remotes = Object.entries(git.remotes ?? {});
  return (
    <Section
      title={trans.__('Git')}
      note={git.dirty ? trans.__('uncommitted changes') : trans.__('clean')}
    >
      <dl className="jp-mlopsLab-RunView-facts">
        <div>
          <dt>{trans.__('Commit')}</dt>
          <dd className="jp-mlopsLab-Fingerprint">{git.commit}</dd>
        </div>
        <div>
          <dt>{trans.__('Branch')}</dt>
          <dd>{git.branch ?? trans.__('(detached HEAD)')}</dd>
        </div>
        {remotes.map(([name, url]) => (
          <div key={name}>
            <dt>{trans.__('Remote %1', name)}</dt>
            <dd>{url}</dd>
          </div>
        ))}
      </dl>
      {git.diff ? (
        <details className="jp-mlopsLab-Details" open>
          <summary>{trans.__('Uncommitted changes')}</summary>
          <UnifiedDiff
            diff={git.diff}
            label={trans.__('Uncommitted changes')}
          />
        </details>
      ) : null}
    </Section>
  );
}
