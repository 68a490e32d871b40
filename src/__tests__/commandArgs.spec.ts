import { CommandArgs, TagInput } from '../runs/commandArgs';
import { RunSelection } from '../runs/runSelection';
import { FakeApi } from './fakeApi';

describe('CommandArgs', () => {
  const api = new FakeApi(3);
  const [newest, middle, oldest] = api.runs;

  function selected(...runs: typeof api.runs): RunSelection {
    const selection = new RunSelection();
    selection.set(runs);
    return selection;
  }

  it('acts on the run named, else on the selection', () => {
    const selection = selected(newest, oldest);
    expect(CommandArgs.runIds({ runId: 'abcd' }, selection)).toEqual(['abcd']);
    expect(CommandArgs.runIds({ runIds: ['a', 3, 'b'] }, selection)).toEqual([
      'a',
      'b'
    ]);
    expect(CommandArgs.runIds({}, selection)).toEqual([newest.id, oldest.id]);
  });

  it('compares the selection oldest first, named runs in their order', () => {
    const selection = selected(newest, oldest, middle);
    expect(CommandArgs.compareIds({}, selection)).toEqual([
      oldest.id,
      middle.id,
      newest.id
    ]);
    expect(
      CommandArgs.compareIds({ runIds: [newest.id, oldest.id] }, selection)
    ).toEqual([newest.id, oldest.id]);
  });
});

describe('TagInput', () => {
  it('sets a tag from key=value, deletes it from key= or key', () => {
    expect(TagInput.parse(' stage = candidate ')).toEqual({
      stage: 'candidate'
    });
    expect(TagInput.parse('note=a=b')).toEqual({ note: 'a=b' });
    expect(TagInput.parse('stage=')).toEqual({ stage: null });
    expect(TagInput.parse('stage')).toEqual({ stage: null });
  });

  it('says what to write when the key is missing', () => {
    expect(() => TagInput.parse('=x')).toThrow(
      "Tag '=x' has no key: write key=value, or key= to delete the tag."
    );
  });
});
