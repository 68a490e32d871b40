import { CommandRegistry } from '@lumino/commands';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { DisposableDelegate, IDisposable } from '@lumino/disposable';

/**
 * A hook called as JupyterLab's "Run All" commands start, before any of
 * their cells reaches the kernel.
 */
export namespace RunAllCommands {
  /**
   * "Run All Cells" and "Restart Kernel and Run All Cells…".
   */
  export const IDS: readonly string[] = [
    'notebook:run-all-cells',
    'notebook:restart-run-all'
  ];

  /**
   * Called as a command starts; what it returns is called once the
   * command has finished, whether it ran, failed or was cancelled.
   */
  export type Hook = (
    id: string,
    args: ReadonlyPartialJSONObject
  ) => (() => void) | void;

  /**
   * Call `hook` each time one of the commands `ids` is executed, before it
   * runs.
   *
   * The registry's `commandExecuted` signal cannot serve: it is emitted
   * after the command's function returned, and "Run All" sends every cell
   * to the kernel within it. The registry has no signal before a command,
   * so its `execute` is wrapped (menus, toolbar buttons, key bindings and
   * the palette all go through it).
   *
   * @returns What undoes the wrapping.
   */
  export function intercept(
    commands: CommandRegistry,
    hook: Hook,
    ids: readonly string[] = IDS
  ): IDisposable {
    const execute = commands.execute;
    const wrapped = function (
      this: CommandRegistry,
      id: string,
      args: ReadonlyPartialJSONObject = {}
    ): Promise<unknown> {
      if (!ids.includes(id)) {
        return execute.call(this, id, args);
      }
      let done: (() => void) | void = undefined;
      try {
        done = hook(id, args);
      } catch (reason) {
        // The user's command runs whatever the hook does.
        console.warn('mlops-lab: could not prepare a Run All.', reason);
      }
      const result = execute.call(this, id, args);
      if (done) {
        void result.then(done, done);
      }
      return result;
    };
    commands.execute = wrapped;
    return new DisposableDelegate(() => {
      if (commands.execute === wrapped) {
        commands.execute = execute;
      }
    });
  }
}
