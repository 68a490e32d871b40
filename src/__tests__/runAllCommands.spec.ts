import { CommandRegistry } from '@lumino/commands';

import { RunAllCommands } from '../tracking/runAllCommands';

describe('RunAllCommands', () => {
  it('calls the hook before a Run All runs, and its answer after', async () => {
    const commands = new CommandRegistry();
    const events: string[] = [];
    commands.addCommand('notebook:run-all-cells', {
      execute: () => {
        events.push('cells sent');
        return Promise.resolve(true);
      }
    });
    commands.addCommand('notebook:run-cell', {
      execute: () => {
        events.push('one cell sent');
      }
    });
    const hook = RunAllCommands.intercept(commands, id => {
      events.push(`before ${id}`);
      return () => events.push('finished');
    });

    await commands.execute('notebook:run-all-cells');
    await commands.execute('notebook:run-cell');
    expect(events).toEqual([
      'before notebook:run-all-cells',
      'cells sent',
      'finished',
      'one cell sent'
    ]);

    hook.dispose();
    events.length = 0;
    await commands.execute('notebook:run-all-cells');
    expect(events).toEqual(['cells sent']);
  });

  it('lets the answer know a cancelled or failing command finished', async () => {
    const commands = new CommandRegistry();
    commands.addCommand('notebook:restart-run-all', {
      execute: () => Promise.reject(new Error('dialog dismissed'))
    });
    let finished = false;
    RunAllCommands.intercept(commands, () => () => {
      finished = true;
    });
    await expect(commands.execute('notebook:restart-run-all')).rejects.toThrow(
      'dialog dismissed'
    );
    expect(finished).toBe(true);
  });

  it('runs the command even when the hook throws', async () => {
    const commands = new CommandRegistry();
    let ran = false;
    commands.addCommand('notebook:run-all-cells', {
      execute: () => {
        ran = true;
      }
    });
    RunAllCommands.intercept(commands, () => {
      throw new Error('broken');
    });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    await commands.execute('notebook:run-all-cells');
    expect(ran).toBe(true);
    warn.mockRestore();
  });
});
