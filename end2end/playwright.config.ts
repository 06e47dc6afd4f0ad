import { defineConfig } from '@playwright/test';

// The release server on its own port and scratch database, started by
// start-server.sh; every test runs twice, with JavaScript on and off.
const port = Number(process.env.QALAM_E2E_PORT ?? 3100);

// A calendar drill: QALAM_E2E_NOW=2027-01-01T23:59:00+05:00 runs the whole
// suite as if it were that moment. The offset is computed once, here, and
// inherited by the server, the `qalam` commands the tests run and the
// workers, which move the browsers' clocks by it (fixtures.ts).
if (process.env.QALAM_E2E_NOW && !process.env.QALAM_CLOCK_OFFSET_SECONDS) {
  const target = Date.parse(process.env.QALAM_E2E_NOW);
  if (Number.isNaN(target)) throw new Error(`QALAM_E2E_NOW is not a date: ${process.env.QALAM_E2E_NOW}`);
  process.env.QALAM_CLOCK_OFFSET_SECONDS = String(Math.round((target - Date.now()) / 1000));
}

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'ru-RU',
    timezoneId: 'Asia/Almaty',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'js', use: { javaScriptEnabled: true } },
    { name: 'no-js', use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: `bash ./start-server.sh ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
