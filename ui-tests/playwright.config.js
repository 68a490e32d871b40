/**
 * Galata's Playwright configuration, with Debian's Chromium (no browser
 * downloads) and a port of its own so a JupyterLab on 8888 does not clash.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

// MLOPS_LAB_UI_PORT lets several checkouts run their UI tests side by side.
const PORT = Number(process.env.MLOPS_LAB_UI_PORT ?? 8917);
const BASE_URL = `http://127.0.0.1:${PORT}`;

module.exports = {
  ...baseConfig,
  // The tests share one server and one store.
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    ...baseConfig.use,
    baseURL: BASE_URL,
    video: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    }
  },
  webServer: {
    command: 'jlpm start',
    url: `${BASE_URL}/lab`,
    timeout: 120 * 1000,
    reuseExistingServer: !process.env.CI
  }
};
