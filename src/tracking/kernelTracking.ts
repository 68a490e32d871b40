import { Kernel, KernelMessage } from '@jupyterlab/services';

import { IKernelStatus, IStaleCell } from './trackingTypes';

/**
 * What the frontend runs in a notebook kernel, and how it reads the answers.
 *
 * Every request is silent: the kernel records nothing, binds no name in the
 * user's namespace, keeps no history, and a failure aborts none of the cells
 * queued after it.
 */
export namespace KernelTracking {
  /**
   * The one method of a kernel connection that tracking uses.
   */
  export type IExecutor = Pick<Kernel.IKernelConnection, 'requestExecute'>;

  /**
   * The answer of a kernel to a tracking request.
   *
   * - `status`: the request ran; the kernel's tracking status.
   * - `missing`: mlops_lab cannot be imported in the kernel.
   * - `aborted`: the kernel skipped the request, as it skips everything
   *   queued behind a failing cell of a "run all".
   * - `error`: the request failed for another reason.
   */
  export type Outcome =
    | { kind: 'status'; status: IKernelStatus }
    | { kind: 'missing'; message: string }
    | { kind: 'aborted' }
    | { kind: 'error'; message: string };

  /**
   * The kernel module, reached without binding a name.
   */
  const KERNEL_MODULE = "__import__('mlops_lab.kernel').kernel";

  /**
   * The name of the user expression that carries the status.
   */
  export const STATUS_KEY = 'mlops_lab_status';

  /**
   * A Python expression that evaluates to the kernel's tracking status as a
   * JSON string, without binding a name.
   */
  export const STATUS_EXPRESSION = `__import__('json').dumps(${KERNEL_MODULE}.kernel_status())`;

  /**
   * Load the IPython extension (which starts a run) and name the cells
   * tagged `parameters`.
   */
  export function loadCode(parameterCells: readonly string[]): string {
    return `%load_ext mlops_lab\n${declareCode(parameterCells)}`;
  }

  /**
   * Name the cells tagged `parameters`; their assignments become params.
   */
  export function declareCode(parameterCells: readonly string[]): string {
    // A JSON array of strings is a valid Python list literal.
    const ids = JSON.stringify([...parameterCells]);
    return `${KERNEL_MODULE}.declare_parameter_cells(${ids})`;
  }

  /**
   * Start (`%mlops on`) or pause (`%mlops off`) recording into the kernel's
   * run.
   */
  export function switchCode(on: boolean): string {
    return on ? '%mlops on' : '%mlops off';
  }

  /**
   * End the kernel's run before a "Run All": the next cell begins a new run.
   */
  export const RUN_ALL_CODE = '%mlops run --reason run-all';

  /**
   * Run code silently in a kernel, then evaluate its tracking status.
   *
   * @param kernel - The kernel connection.
   * @param code - The code to run; empty to only ask for the status.
   * @returns What the kernel answered.
   * @throws When the request is cancelled (the kernel restarted or went away).
   */
  export async function execute(
    kernel: IExecutor,
    code: string
  ): Promise<Outcome> {
    const future = kernel.requestExecute({
      code,
      silent: true,
      store_history: false,
      user_expressions: { [STATUS_KEY]: STATUS_EXPRESSION },
      allow_stdin: false,
      stop_on_error: false
    });
    const reply = await future.done;
    return readReply(reply.content);
  }

  /**
   * Read an `execute_reply` to a tracking request.
   */
  export function readReply(
    content: KernelMessage.IExecuteReplyMsg['content']
  ): Outcome {
    if (content.status === 'error') {
      return Private.failure(content.ename, content.evalue);
    }
    if (content.status !== 'ok') {
      return { kind: 'aborted' };
    }
    return readStatusExpression(content.user_expressions[STATUS_KEY]);
  }

  /**
   * Read the result of the status user expression.
   */
  export function readStatusExpression(result: unknown): Outcome {
    if (!Private.isObject(result)) {
      return { kind: 'error', message: 'The kernel sent no tracking status.' };
    }
    if (result.status === 'error') {
      return Private.failure(String(result.ename), String(result.evalue));
    }
    const data = result.data;
    const repr = Private.isObject(data) ? data['text/plain'] : undefined;
    const text = typeof repr === 'string' ? pythonString(repr) : null;
    const status = text === null ? null : Private.parseStatus(text);
    if (status === null) {
      return {
        kind: 'error',
        message: `The kernel sent an unreadable tracking status: ${String(repr)}`
      };
    }
    return { kind: 'status', status };
  }

  /**
   * Whether an error says that the mlops_lab package is not installed (and
   * not that one of its modules or dependencies failed, which is a broken
   * install rather than a missing one).
   */
  export function isModuleMissing(ename: string, evalue: string): boolean {
    return (
      ename === 'ModuleNotFoundError' &&
      /^No module named '?mlops_lab'?$/.test(evalue.trim())
    );
  }

  /**
   * The value of a Python `str` from its `repr`, or null if it is not one.
   */
  export function pythonString(repr: string): string | null {
    const match = /^(['"])([\s\S]*)\1$/.exec(repr);
    if (match === null) {
      return null;
    }
    return match[2].replace(
      /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g,
      (escape: string, code: string) => {
        if (code.length > 1) {
          return String.fromCodePoint(parseInt(code.slice(1), 16));
        }
        return Private.ESCAPES[code] ?? escape;
      }
    );
  }
}

namespace Private {
  /**
   * Python's one-character string escapes.
   */
  export const ESCAPES: { [code: string]: string } = {
    '\\': '\\',
    "'": "'",
    '"': '"',
    n: '\n',
    r: '\r',
    t: '\t',
    '0': '\0',
    a: '\x07',
    b: '\b',
    f: '\f',
    v: '\v'
  };

  export function isObject(
    value: unknown
  ): value is { [key: string]: unknown } {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  export function failure(
    ename: string,
    evalue: string
  ): KernelTracking.Outcome {
    if (KernelTracking.isModuleMissing(ename, evalue)) {
      return { kind: 'missing', message: `${ename}: ${evalue}` };
    }
    return { kind: 'error', message: `${ename}: ${evalue}` };
  }

  /**
   * The kernel status from its JSON, or null if it does not have its shape.
   */
  export function parseStatus(json: string): IKernelStatus | null {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return null;
    }
    if (
      !isObject(value) ||
      typeof value.tracking !== 'boolean' ||
      !isNullableString(value.run_id) ||
      !isNullableString(value.run_name) ||
      !isNullableString(value.store) ||
      typeof value.version !== 'string'
    ) {
      return null;
    }
    return {
      tracking: value.tracking,
      run_id: value.run_id,
      run_name: value.run_name,
      store: value.store,
      stale: Array.isArray(value.stale) ? value.stale.filter(isStaleCell) : [],
      version: value.version
    };
  }

  export function isStaleCell(value: unknown): value is IStaleCell {
    return (
      isObject(value) &&
      typeof value.cell_id === 'string' &&
      typeof value.name === 'string' &&
      (value.kind === 'variable' || value.kind === 'file') &&
      isObject(value.changed_by) &&
      typeof value.changed_by.cell_id === 'string' &&
      typeof value.upstream === 'boolean'
    );
  }

  export function isNullableString(value: unknown): value is string | null {
    return value === null || typeof value === 'string';
  }
}
