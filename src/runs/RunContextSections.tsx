import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IRunDetail } from './runsTypes';
import { DataTable, Section } from '../common/DataTable';
import { UnifiedDiff } from '../common/TextDiff';
import { ValueFormat } from '../common/valueFormat';
import { ReadonlyJSONValue } from '@lumino/coreutils';

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
            className="jp-mod-compact"
            columns={[{ label: trans.__('Host') }, { label: '' }]}
            rows={hostRows(detail.host, trans)}
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

/**
 * The host as a few labelled rows: "Operating system: Linux 6.1 (x86_64)",
 * "CPUs: 8", "Memory: 15.5 GiB", "GPUs: none".
 */
function hostRows(
  host: { [key: string]: unknown },
  trans: TranslationBundle
): { key: string; cells: React.ReactNode[] }[] {
  const rows: { key: string; cells: React.ReactNode[] }[] = [];
  const text = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const system = [text(host.os), text(host.os_release)]
    .filter(Boolean)
    .join(' ');
  if (system) {
    const machine = text(host.machine);
    rows.push({
      key: 'os',
      cells: [
        trans.__('Operating system'),
        machine ? `${system} (${machine})` : system
      ]
    });
  }
  if (typeof host.cpu_count === 'number') {
    rows.push({
      key: 'cpus',
      cells: [trans.__('CPUs'), String(host.cpu_count)]
    });
  }
  if (typeof host.memory_bytes === 'number') {
    rows.push({
      key: 'memory',
      cells: [trans.__('Memory'), ValueFormat.bytes(host.memory_bytes)]
    });
  }
  if (Array.isArray(host.gpus)) {
    rows.push({
      key: 'gpus',
      cells: [
        trans.__('GPUs'),
        host.gpus.length > 0 ? host.gpus.map(text).join(', ') : trans.__('none')
      ]
    });
  }
  const known = new Set([
    'os',
    'os_release',
    'machine',
    'cpu_count',
    'memory_bytes',
    'gpus'
  ]);
  for (const [key, value] of Object.entries(host)) {
    if (!known.has(key)) {
      rows.push({
        key,
        cells: [key, ValueFormat.json(value as ReadonlyJSONValue)]
      });
    }
  }
  return rows;
}
