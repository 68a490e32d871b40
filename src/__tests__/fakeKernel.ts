import { Kernel, KernelMessage } from '@jupyterlab/services';
import { PromiseDelegate } from '@lumino/coreutils';

import { KernelTracking } from '../tracking/kernelTracking';
import { IStaleCell } from '../tracking/trackingTypes';

type ExecuteContent = KernelMessage.IExecuteRequestMsg['content'];
type ReplyContent = KernelMessage.IExecuteReplyMsg['content'];
type ExecuteFuture = Kernel.IShellFuture<
  KernelMessage.IExecuteRequestMsg,
  KernelMessage.IExecuteReplyMsg
>;

/**
 * A Python kernel as tracking sees it through `requestExecute`: it loads
 * the extension, switches recording with `%mlops on|off`, and answers the
 * status expression with the `repr` of a JSON string, as IPython does.
 */
export class FakeKernel implements KernelTracking.IExecutor {
  constructor(options: FakeKernel.IOptions = {}) {
    this.installed = options.installed ?? true;
    this.hasMagics = options.hasMagics ?? true;
  }

  /**
   * Whether mlops_lab can be imported in the kernel.
   */
  installed: boolean;
  /**
   * Whether the `%mlops` line magic exists.
   */
  hasMagics: boolean;
  /**
   * Whether answers wait for `release()`.
   */
  holding = false;
  /**
   * How many of the next requests the kernel skips, as after a failing
   * cell.
   */
  aborting = 0;
  loaded = false;
  tracking = false;
  runName = 'capture #4';
  parameterCells: string[] = [];
  /**
   * How many times a "Run All" ended the kernel's run.
   */
  runsBegun = 0;
  /**
   * The stale cells the kernel reports.
   */
  stale: IStaleCell[] = [];
  requests: ExecuteContent[] = [];

  get codes(): string[] {
    return this.requests.map(request => request.code);
  }

  requestExecute(content: ExecuteContent): ExecuteFuture {
    this.requests.push(content);
    const reply = new PromiseDelegate<KernelMessage.IExecuteReplyMsg>();
    const answer = () => {
      reply.resolve({
        content: this._answer(content)
      } as KernelMessage.IExecuteReplyMsg);
    };
    if (this.holding) {
      this._held.push(answer);
    } else {
      answer();
    }
    return { done: reply.promise } as unknown as ExecuteFuture;
  }

  /**
   * Answer the held requests, in order.
   */
  release(): void {
    this.holding = false;
    this._held.splice(0).forEach(answer => answer());
  }

  private _answer(content: ExecuteContent): ReplyContent {
    if (this.aborting > 0) {
      this.aborting--;
      return { status: 'aborted', execution_count: null } as ReplyContent;
    }
    for (const line of content.code.split('\n').filter(Boolean)) {
      const error = this._runLine(line);
      if (error) {
        return {
          status: 'error',
          execution_count: 0,
          ename: error[0],
          evalue: error[1],
          traceback: []
        };
      }
    }
    const expressions: { [key: string]: unknown } = {};
    for (const [key, expression] of Object.entries(
      content.user_expressions ?? {}
    )) {
      expressions[key] =
        expression === KernelTracking.STATUS_EXPRESSION
          ? this._statusResult()
          : { status: 'error', ename: 'NameError', evalue: 'unknown' };
    }
    return {
      status: 'ok',
      execution_count: 0,
      user_expressions: expressions
    } as ReplyContent;
  }

  private _runLine(line: string): [string, string] | null {
    if (line === '%load_ext mlops_lab') {
      if (!this.installed) {
        return ['ModuleNotFoundError', "No module named 'mlops_lab'"];
      }
      if (!this.loaded) {
        this.loaded = true;
        this.tracking = true;
      }
      return null;
    }
    if (line.startsWith('%mlops ')) {
      if (!this.hasMagics || !this.loaded) {
        return ['UsageError', 'Line magic function `%mlops` not found.'];
      }
      if (line === KernelTracking.RUN_ALL_CODE) {
        this.runsBegun++;
        return null;
      }
      this.tracking = line === '%mlops on';
      return null;
    }
    const declared = /declare_parameter_cells\((.*)\)$/.exec(line);
    if (declared) {
      if (!this.installed) {
        return ['ModuleNotFoundError', "No module named 'mlops_lab'"];
      }
      this.parameterCells = JSON.parse(declared[1]);
      return null;
    }
    return ['SyntaxError', `unexpected code: ${line}`];
  }

  private _statusResult(): unknown {
    if (!this.installed) {
      return {
        status: 'error',
        ename: 'ModuleNotFoundError',
        evalue: "No module named 'mlops_lab'",
        traceback: []
      };
    }
    const status = {
      tracking: this.loaded && this.tracking,
      run_id: this.loaded ? FakeKernel.RUN_ID : null,
      run_name: this.loaded ? this.runName : null,
      store: this.loaded ? '/work/project/.mlops-lab' : null,
      stale: this.loaded ? this.stale : [],
      version: '0.1.0'
    };
    return {
      status: 'ok',
      data: { 'text/plain': FakeKernel.pythonRepr(JSON.stringify(status)) },
      metadata: {}
    };
  }

  private _held: (() => void)[] = [];
}

export namespace FakeKernel {
  export interface IOptions {
    installed?: boolean;
    hasMagics?: boolean;
  }

  export const RUN_ID = '0123456789abcdef0123456789abcdef';

  /**
   * Python's `repr` of a str: single quotes unless the text has a single
   * quote and no double quote.
   */
  export function pythonRepr(text: string): string {
    const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
    const body = text
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(new RegExp(quote, 'g'), `\\${quote}`);
    return `${quote}${body}${quote}`;
  }
}
