import { errorMessage } from '../common/errorMessage';
import { ServerModel } from '../common/serverModel';

/**
 * A model that loads whatever `load` is given.
 */
class TestModel extends ServerModel {
  async load(work: () => Promise<void>): Promise<void> {
    await this.loading(work);
  }

  clear(): void {
    this.setError(null);
    this.emitChanged();
  }
}

describe('errorMessage', () => {
  it('is the message of an error', () => {
    expect(errorMessage(new TypeError('bad type'))).toBe('bad type');
  });

  it('is the text of anything else thrown', () => {
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});

describe('ServerModel', () => {
  it('is loading while the work runs, and emits before and after', async () => {
    const model = new TestModel();
    const seen: boolean[] = [];
    model.changed.connect(() => seen.push(model.isLoading));
    let during = false;
    await model.load(async () => {
      during = model.isLoading;
    });
    expect(during).toBe(true);
    expect(model.isLoading).toBe(false);
    expect(seen).toEqual([true, false]);
    expect(model.error).toBeNull();
  });

  it('keeps the message of what the work threw, until cleared', async () => {
    const model = new TestModel();
    await model.load(async () => {
      throw new Error('503 Service Unavailable');
    });
    expect(model.error).toBe('503 Service Unavailable');
    expect(model.isLoading).toBe(false);
    model.clear();
    expect(model.error).toBeNull();
  });

  it('no longer emits once disposed', async () => {
    const model = new TestModel();
    let count = 0;
    model.changed.connect(() => count++);
    model.dispose();
    model.dispose();
    expect(model.isDisposed).toBe(true);
    await model.load(async () => undefined);
    expect(count).toBe(0);
  });
});
