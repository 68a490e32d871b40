import { RunsQuery } from '../runs/runsQuery';
import { IRunQuery } from '../runs/runsTypes';
import { IRunSort } from '../tokens';

/**
 * The URL parameters a query becomes: `runsApi` leaves undefined ones out.
 */
function sent(query: IRunQuery): { [name: string]: unknown } {
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== undefined)
  );
}

/**
 * A query with the changes it announces recorded, in order.
 */
function recorded(): { query: RunsQuery; changes: RunsQuery.Change[] } {
  const query = new RunsQuery();
  const changes: RunsQuery.Change[] = [];
  query.changed.connect((_, change) => changes.push(change));
  return { query, changes };
}

describe('RunsQuery', () => {
  it('asks for every run, newest first, while no notebook is in focus', () => {
    const query = new RunsQuery();
    expect(query.scope).toBe('notebook');
    expect(query.scopedNotebook).toBeNull();
    expect(query.scopeKey).toBe('all');
    expect(sent(query.page(0, 100))).toEqual({
      sort: 'started_at',
      order: 'desc',
      offset: 0,
      limit: 100
    });
    expect(query.keys()).toEqual({});
  });

  it('asks for the runs of the notebook in focus, from any offset', () => {
    const { query, changes } = recorded();
    query.notebook = 'train.ipynb';
    expect(changes).toEqual(['request']);
    expect(query.scopedNotebook).toBe('train.ipynb');
    expect(query.scopeKey).toBe('notebook:train.ipynb');
    expect(sent(query.page(200, 50))).toEqual({
      notebook: 'train.ipynb',
      sort: 'started_at',
      order: 'desc',
      offset: 200,
      limit: 50
    });
    expect(query.keys()).toEqual({ notebook: 'train.ipynb' });
  });

  it('leaves the notebook in focus out of the all and team scopes', () => {
    const { query, changes } = recorded();
    query.notebook = 'train.ipynb';
    query.scope = 'all';
    expect(query.scopedNotebook).toBeNull();
    expect(query.scopeKey).toBe('all');
    expect(sent(query.page(0, 100))).not.toHaveProperty('notebook');

    query.scope = 'team';
    expect(query.scopeKey).toBe('team');
    expect(sent(query.page(0, 100))).toEqual({
      scope: 'team',
      sort: 'started_at',
      order: 'desc',
      offset: 0,
      limit: 100
    });
    expect(query.keys()).toEqual({ scope: 'team' });

    query.scope = 'notebook';
    expect(query.scopeKey).toBe('notebook:train.ipynb');
    expect(changes).toEqual(['request', 'request', 'request', 'request']);
  });

  it('announces a setting that asks nothing new as a setting only', () => {
    const { query, changes } = recorded();
    // No notebook in focus: the notebook scope already lists all runs.
    query.scope = 'all';
    expect(changes).toEqual(['setting']);
    // Another notebook in focus changes nothing while all are listed.
    query.notebook = 'train.ipynb';
    expect(changes).toEqual(['setting', 'setting']);
    expect(query.notebook).toBe('train.ipynb');
    expect(query.scopeKey).toBe('all');
  });

  it('announces nothing when a setting is set to what it is', () => {
    const { query, changes } = recorded();
    query.scope = 'notebook';
    query.notebook = null;
    query.filter = '';
    query.filter = '   ';
    query.sort = { key: 'started_at', order: 'desc' };
    expect(changes).toEqual([]);
  });

  it('sends the filter without its surrounding spaces, once per change', () => {
    const { query, changes } = recorded();
    query.filter = '  accuracy>=0.8 ';
    expect(query.filter).toBe('accuracy>=0.8');
    expect(sent(query.page(0, 100)).filter).toBe('accuracy>=0.8');
    query.filter = 'accuracy>=0.8  ';
    expect(changes).toEqual(['request']);

    query.filter = '';
    expect(sent(query.page(0, 100))).not.toHaveProperty('filter');
    expect(changes).toEqual(['request', 'request']);
    // The names the column picker offers are those of the scope, unfiltered.
    query.filter = 'lr>0';
    expect(query.keys()).toEqual({});
  });

  it('sends a new sort key or order, keeping its own copy', () => {
    const { query, changes } = recorded();
    const sort: IRunSort = { key: 'metrics.accuracy', order: 'asc' };
    query.sort = sort;
    expect(sent(query.page(0, 100))).toMatchObject({
      sort: 'metrics.accuracy',
      order: 'asc'
    });
    // The caller's object changing later is no new sort.
    sort.order = 'desc';
    expect(query.sort).toEqual({ key: 'metrics.accuracy', order: 'asc' });

    query.sort = sort;
    expect(query.sort.order).toBe('desc');
    expect(changes).toEqual(['request', 'request']);
  });
});
