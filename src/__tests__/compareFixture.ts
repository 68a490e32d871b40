import { ICompareResult } from '../compare/compareTypes';
import { IRun } from '../runs/runsTypes';

function run(n: number, name: string): IRun {
  return {
    id: String(n).repeat(32),
    name,
    experiment: 'capture.ipynb',
    notebook: 'capture.ipynb',
    status: 'finished',
    started_at: `2026-01-0${n}T10:00:00Z`,
    ended_at: `2026-01-0${n}T10:01:00Z`,
    duration: 60,
    active_time: 12,
    continues: null,
    continued_by: [],
    cell_count: 4,
    params: {},
    metrics: {},
    tags: {},
    git: { commit: 'ab'.repeat(20), branch: 'main', dirty: false }
  };
}

const counts = (
  changed: number,
  added: number,
  removed: number,
  same: number
) => ({
  changed,
  added,
  removed,
  unchanged: same
});

/**
 * Three runs of one notebook compared, as `GET compare` answers: run B
 * changed `rows` and a cell, run C also added a param, a cell and a
 * package; the environment otherwise is the same; a variable's repr
 * differs where its fingerprint does not.
 */
export const THREE_RUNS: ICompareResult = {
  runs: [run(1, 'capture #1'), run(2, 'capture #2'), run(3, 'capture #3')],
  params: {
    added: [
      { key: 'seed', values: [null, null, 7], present: [false, false, true] }
    ],
    removed: [],
    changed: [
      { key: 'rows', values: [20, 10, 20], present: [true, true, true] }
    ],
    unchanged: [
      { key: 'lr', values: [0.1, 0.1, 0.1], present: [true, true, true] }
    ]
  },
  metrics: {
    added: [],
    removed: [],
    changed: [
      {
        key: 'loss',
        values: [0.5, 0.4, 0.3],
        present: [true, true, true],
        history: [
          [
            { step: 0, value: 0.9 },
            { step: 1, value: 0.5 }
          ],
          [
            { step: 0, value: 0.8 },
            { step: 1, value: 0.4 }
          ],
          [
            { step: 0, value: 0.7 },
            { step: 1, value: 0.3 }
          ]
        ]
      }
    ],
    unchanged: [
      {
        key: 'accuracy',
        values: [0.75, 0.75, 0.75],
        present: [true, true, true],
        history: [
          [{ step: 0, value: 0.75 }],
          [{ step: 0, value: 0.75 }],
          [{ step: 0, value: 0.75 }]
        ]
      }
    ]
  },
  code: {
    added: [
      {
        key: 'plot',
        values: [null, null, 'plot(df)'],
        present: [false, false, true],
        executions: [0, 0, 1],
        diffs: [null, null, null]
      }
    ],
    removed: [],
    changed: [
      {
        key: 'parameters',
        values: ['rows = 20', 'rows = 10', 'rows = 20'],
        present: [true, true, true],
        executions: [1, 2, 1],
        diffs: [null, '--- A\n+++ B\n@@ -1 +1 @@\n-rows = 20\n+rows = 10', null]
      }
    ],
    unchanged: [
      {
        key: 'imports',
        values: [
          'import pandas as pd',
          'import pandas as pd',
          'import pandas as pd'
        ],
        present: [true, true, true],
        executions: [1, 1, 1],
        diffs: [null, null, null]
      }
    ]
  },
  env: {
    added: [
      {
        key: 'package:matplotlib',
        values: [null, null, '3.9.0'],
        present: [false, false, true],
        kind: 'package'
      }
    ],
    removed: [],
    changed: [],
    unchanged: [
      {
        key: 'python',
        values: ['3.11.7', '3.11.7', '3.11.7'],
        present: [true, true, true],
        kind: 'interpreter'
      },
      {
        key: 'package:pandas',
        values: ['2.2.0', '2.2.0', '2.2.0'],
        present: [true, true, true],
        kind: 'package'
      }
    ]
  },
  data: {
    added: [],
    removed: [],
    changed: [
      {
        key: 'variable df',
        kind: 'dataframe',
        values: [
          { fingerprint: 'f20', shape: [20, 3], dtype: 'int64' },
          { fingerprint: 'f10', shape: [10, 3], dtype: 'int64' },
          { fingerprint: 'f20', shape: [20, 3], dtype: 'int64' }
        ],
        present: [true, true, true]
      }
    ],
    unchanged: [
      {
        key: 'capture.csv',
        kind: 'file',
        values: [
          { fingerprint: 'c1', size: 147, mode: 'read' },
          { fingerprint: 'c1', size: 147, mode: 'read' },
          { fingerprint: 'c1', size: 147, mode: 'read' }
        ],
        present: [true, true, true]
      }
    ]
  },
  variables: {
    added: [],
    removed: [],
    changed: [
      {
        key: 'df',
        values: [
          {
            type: 'pandas.DataFrame',
            fingerprint: 'f20',
            shape: [20, 3],
            repr: '20 rows'
          },
          {
            type: 'pandas.DataFrame',
            fingerprint: 'f10',
            shape: [10, 3],
            repr: '10 rows'
          },
          {
            type: 'pandas.DataFrame',
            fingerprint: 'f20',
            shape: [20, 3],
            repr: '20 rows, again'
          }
        ],
        present: [true, true, true]
      }
    ],
    unchanged: []
  },
  summary: {
    params: counts(1, 1, 0, 1),
    metrics: counts(1, 0, 0, 1),
    code: counts(1, 1, 0, 1),
    env: counts(0, 1, 0, 2),
    data: counts(1, 0, 0, 1),
    variables: counts(1, 0, 0, 0)
  }
};
