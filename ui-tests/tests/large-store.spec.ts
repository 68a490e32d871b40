import { expect, test } from '@jupyterlab/galata';

const RUN_COUNT = 10000;

/**
 * The n-th newest of RUN_COUNT runs, as the server would list it.
 */
function run(index: number): Record<string, unknown> {
  const n = RUN_COUNT - 1 - index;
  const started = new Date(Date.UTC(2026, 0, 1) + n * 60000);
  return {
    id: n.toString(16).padStart(32, '0'),
    name: `run-${n}`,
    experiment: 'sweep.ipynb',
    notebook: 'sweep.ipynb',
    status: 'finished',
    started_at: started.toISOString(),
    ended_at: new Date(started.getTime() + 30000).toISOString(),
    duration: 30,
    cell_count: 4,
    params: { seed: n },
    metrics: { loss: 1 / (n + 1) },
    tags: {},
    git: null
  };
}

test.describe('A store with 10,000 runs', () => {
  test('renders only the visible rows and fetches pages as it scrolls', async ({
    page
  }) => {
    // The server's answers for a store this size, so the test does not
    // spend its time writing 10,000 runs.
    const offsets: number[] = [];
    await page.route(/\/mlops-lab\/info(\?|$)/, async route => {
      const response = await route.fetch();
      const info = await response.json();
      await route.fulfill({
        response,
        json: { ...info, revision: 424242, run_count: RUN_COUNT }
      });
    });
    await page.route(/\/mlops-lab\/runs\?/, route => {
      const query = new URL(route.request().url()).searchParams;
      const offset = Number(query.get('offset'));
      const limit = Number(query.get('limit'));
      offsets.push(offset);
      const runs = [];
      for (let i = offset; i < Math.min(offset + limit, RUN_COUNT); i++) {
        runs.push(run(i));
      }
      return route.fulfill({
        json: { runs, total: RUN_COUNT, offset, limit, revision: 424242 }
      });
    });
    await page.reload();
    await page.getByRole('tab', { name: 'Experiments' }).click();

    const panel = page.locator('#mlops-lab-runs-panel');
    const list = panel.getByRole('list', { name: 'Runs' });
    await expect(panel.getByText(`${RUN_COUNT} runs`)).toBeVisible();
    await expect(list.getByRole('listitem').first()).toHaveAccessibleName(
      'run-9999, finished'
    );
    expect(await list.getByRole('listitem').count()).toBeLessThan(60);

    await list.evaluate(element => {
      element.scrollTop = element.scrollHeight;
    });
    await expect(
      list.getByRole('listitem', { name: 'run-0, finished' })
    ).toBeVisible();
    expect(await list.getByRole('listitem').count()).toBeLessThan(60);

    // The first page and the last one; never the 98 pages in between.
    expect(offsets).toContain(0);
    expect(offsets).toContain(9900);
    expect(new Set(offsets).size).toBeLessThanOrEqual(4);
  });
});
