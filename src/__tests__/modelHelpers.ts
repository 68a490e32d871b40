import { RunsModel } from '../runs/runsModel';
import { FakeApi } from './fakeApi';

/**
 * A runs model of a fake server that polls rarely, so tests drive it.
 */
export function createModel(api: FakeApi, refreshInterval = 3600): RunsModel {
  return new RunsModel({
    api,
    frontendVersion: '0.1.0',
    pageSize: 100,
    refreshInterval,
    standby: 'never'
  });
}

/**
 * Wait until a condition holds, polling every 10 ms.
 */
export function waitFor(
  condition: () => boolean,
  timeout = 3000
): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (condition()) {
        resolve();
      } else if (Date.now() - started > timeout) {
        reject(new Error('Timed out waiting for the condition'));
      } else {
        setTimeout(check, 10);
      }
    };
    check();
  });
}
