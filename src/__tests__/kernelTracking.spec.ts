import { KernelMessage } from '@jupyterlab/services';

import { KernelTracking } from '../tracking/kernelTracking';
import { FakeKernel } from './fakeKernel';

type ReplyContent = KernelMessage.IExecuteReplyMsg['content'];

const STATUS = {
  tracking: true,
  run_id: FakeKernel.RUN_ID,
  run_name: 'capture #4',
  store: '/work/project/.mlops-lab',
  stale: [],
  version: '0.1.0'
};

function okReply(statusResult: unknown): ReplyContent {
  return {
    status: 'ok',
    execution_count: 0,
    user_expressions: { [KernelTracking.STATUS_KEY]: statusResult }
  } as ReplyContent;
}

function reprResult(text: string): unknown {
  return {
    status: 'ok',
    data: { 'text/plain': FakeKernel.pythonRepr(text) },
    metadata: {}
  };
}

describe('KernelTracking', () => {
  describe('code', () => {
    it('loads the extension and names the parameters cells', () => {
      expect(KernelTracking.loadCode(['params', 'more'])).toBe(
        '%load_ext mlops_lab\n' +
          '__import__(\'mlops_lab.kernel\').kernel.declare_parameter_cells(["params","more"])'
      );
    });

    it('binds no name when it asks for the status', () => {
      expect(KernelTracking.STATUS_EXPRESSION).toBe(
        "__import__('json').dumps(__import__('mlops_lab.kernel').kernel.kernel_status())"
      );
    });

    it('switches recording with the %mlops magic', () => {
      expect(KernelTracking.switchCode(true)).toBe('%mlops on');
      expect(KernelTracking.switchCode(false)).toBe('%mlops off');
    });
  });

  describe('execute', () => {
    it('sends one silent request that keeps no history and aborts nothing', async () => {
      const kernel = new FakeKernel();
      await KernelTracking.execute(kernel, KernelTracking.loadCode([]));
      expect(kernel.requests).toEqual([
        {
          code: KernelTracking.loadCode([]),
          silent: true,
          store_history: false,
          user_expressions: {
            [KernelTracking.STATUS_KEY]: KernelTracking.STATUS_EXPRESSION
          },
          allow_stdin: false,
          stop_on_error: false
        }
      ]);
    });

    it("reads the kernel's status from its answer", async () => {
      const kernel = new FakeKernel();
      const outcome = await KernelTracking.execute(
        kernel,
        KernelTracking.loadCode(['params'])
      );
      expect(outcome).toEqual({ kind: 'status', status: STATUS });
      expect(kernel.parameterCells).toEqual(['params']);
    });

    it('says the module is missing when mlops_lab is not installed', async () => {
      const kernel = new FakeKernel({ installed: false });
      const outcome = await KernelTracking.execute(
        kernel,
        KernelTracking.loadCode([])
      );
      expect(outcome).toEqual({
        kind: 'missing',
        message: "ModuleNotFoundError: No module named 'mlops_lab'"
      });
    });
  });

  describe('readReply', () => {
    it('decodes a JSON status in a Python string repr', () => {
      const outcome = KernelTracking.readReply(
        okReply(reprResult(JSON.stringify(STATUS)))
      );
      expect(outcome).toEqual({ kind: 'status', status: STATUS });
    });

    it('keeps quotes, backslashes and escapes in names', () => {
      // IPython's text/plain of json.dumps(kernel_status()) for this name.
      const repr =
        '\'{"tracking": true, "run_id": null, "run_name": "it\\\'s \\\\"best\\\\" \\\\\\\\ run \\\\u00e9", "store": null, "version": "0.1.0"}\'';
      const outcome = KernelTracking.readReply(
        okReply({ status: 'ok', data: { 'text/plain': repr }, metadata: {} })
      );
      expect(outcome).toEqual({
        kind: 'status',
        status: {
          tracking: true,
          run_id: null,
          run_name: 'it\'s "best" \\ run é',
          store: null,
          stale: [],
          version: '0.1.0'
        }
      });
    });

    it('reads a null run before the first run', () => {
      const status = {
        ...STATUS,
        tracking: false,
        run_id: null,
        run_name: null
      };
      const outcome = KernelTracking.readReply(
        okReply(reprResult(JSON.stringify(status)))
      );
      expect(outcome).toEqual({ kind: 'status', status });
    });

    it('reads the stale cells, and none from an older kernel', () => {
      const stale = {
        cell_id: 'train',
        execution_count: 3,
        name: 'z',
        kind: 'variable',
        changed_by: { cell_id: 'prep', execution_count: 5 },
        upstream: false
      };
      const status = { ...STATUS, stale: [stale, { name: 'broken' }] };
      const outcome = KernelTracking.readReply(
        okReply(reprResult(JSON.stringify(status)))
      );
      expect(outcome).toEqual({
        kind: 'status',
        status: { ...STATUS, stale: [stale] }
      });
      const older: Partial<typeof STATUS> = { ...STATUS };
      delete older.stale;
      expect(
        KernelTracking.readReply(okReply(reprResult(JSON.stringify(older))))
      ).toEqual({ kind: 'status', status: STATUS });
    });

    it('reports a missing module from the status expression', () => {
      const outcome = KernelTracking.readReply(
        okReply({
          status: 'error',
          ename: 'ModuleNotFoundError',
          evalue: "No module named 'mlops_lab'",
          traceback: []
        })
      );
      expect(outcome.kind).toBe('missing');
    });

    it('reports a failing module of an installed mlops_lab as an error', () => {
      const outcome = KernelTracking.readReply({
        status: 'error',
        execution_count: 0,
        ename: 'ModuleNotFoundError',
        evalue: "No module named 'xxhash'",
        traceback: []
      });
      expect(outcome).toEqual({
        kind: 'error',
        message: "ModuleNotFoundError: No module named 'xxhash'"
      });
    });

    it('passes on an error of the load, such as an unopenable store', () => {
      const outcome = KernelTracking.readReply({
        status: 'error',
        execution_count: 0,
        ename: 'StoreError',
        evalue: 'Cannot create the store at /data/.mlops-lab.',
        traceback: []
      });
      expect(outcome).toEqual({
        kind: 'error',
        message: 'StoreError: Cannot create the store at /data/.mlops-lab.'
      });
    });

    it('tells an aborted request from a failed one', () => {
      const outcome = KernelTracking.readReply({
        status: 'aborted',
        execution_count: 0
      } as ReplyContent);
      expect(outcome).toEqual({ kind: 'aborted' });
    });

    it('reports an answer without the status, or of another shape', () => {
      expect(KernelTracking.readReply(okReply(undefined)).kind).toBe('error');
      expect(
        KernelTracking.readReply(okReply(reprResult('{"tracking": "yes"}')))
          .kind
      ).toBe('error');
      expect(
        KernelTracking.readReply(
          okReply({ status: 'ok', data: { 'text/plain': '42' } })
        ).kind
      ).toBe('error');
    });
  });

  describe('isModuleMissing', () => {
    it('is true only for mlops_lab itself', () => {
      const missing = (evalue: string) =>
        KernelTracking.isModuleMissing('ModuleNotFoundError', evalue);
      expect(missing("No module named 'mlops_lab'")).toBe(true);
      expect(missing("No module named 'mlops_lab.kernel'")).toBe(false);
      expect(missing("No module named 'mlops_lab_extra'")).toBe(false);
      expect(missing("No module named 'pandas'")).toBe(false);
      expect(
        KernelTracking.isModuleMissing(
          'ImportError',
          "No module named 'mlops_lab'"
        )
      ).toBe(false);
    });
  });

  describe('pythonString', () => {
    it('undoes the escapes of a repr', () => {
      expect(KernelTracking.pythonString("'a\\'b\\\\c\\n\\x41\\u00e9'")).toBe(
        "a'b\\c\nAé"
      );
      expect(KernelTracking.pythonString('"it\'s"')).toBe("it's");
    });

    it('refuses what is not a str repr', () => {
      expect(KernelTracking.pythonString('42')).toBeNull();
      expect(KernelTracking.pythonString("b'x")).toBeNull();
    });
  });
});
