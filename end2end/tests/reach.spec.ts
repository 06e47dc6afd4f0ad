import { Page, Request } from '@playwright/test';
import { expect, javaScriptOn, publish, ready, test } from './fixtures';
import { signIn } from './desk';

// Reaching readers where they are (docs/reach.md): the readers' push
// control up to the browser's PushManager (a headless browser has no push
// service, so `subscribe` is stood in for with a subscription made as a
// browser makes one), and the editors' confirmed breaking push.

/** A browser's subscription keys: RFC 8291's example (a real P-256 point). */
const P256DH = 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4';
const AUTH = 'BTBZMqHH6r4Tts7J_aSIgg';

/**
 * Stands in for the push service: `PushManager.subscribe` records the
 * key it was given and answers with a subscription whose endpoint is the
 * test push service (QALAM_PUSH_SERVICE_URL, end2end/start-server.sh).
 */
async function standInForThePushService(page: Page, endpoint: string): Promise<void> {
  await page.addInitScript(
    ({ endpoint, p256dh, auth }) => {
      const state = window as unknown as { pushKeys: number[][] };
      state.pushKeys = [];
      const subscription = {
        endpoint,
        toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }),
        unsubscribe: async () => {
          localStorage.removeItem('stand-in-subscribed');
          return true;
        },
      };
      PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
        const key = options?.applicationServerKey as Uint8Array;
        state.pushKeys.push(Array.from(key));
        localStorage.setItem('stand-in-subscribed', '1');
        return subscription as unknown as PushSubscription;
      };
      PushManager.prototype.getSubscription = async function () {
        return (localStorage.getItem('stand-in-subscribed') ? subscription : null) as unknown as PushSubscription;
      };
    },
    { endpoint, p256dh: P256DH, auth: AUTH },
  );
}

function base64url(bytes: number[]): string {
  return Buffer.from(bytes).toString('base64url');
}

test('a reader subscribes to breaking news from the footer, and unsubscribes', async ({ page, context }) => {
  const control = page.getByRole('button', { name: 'Получать срочные новости' });
  const pushCode: string[] = [];
  page.on('request', (request: Request) => {
    if (new URL(request.url()).pathname === '/push.js') pushCode.push(request.url());
  });
  if (!javaScriptOn()) {
    // Nothing to press without JavaScript: nothing shown.
    await page.goto('/');
    await expect(control).toBeHidden();
    return;
  }
  await context.grantPermissions(['notifications']);
  const endpoint = `http://127.0.0.1:9/push/e2e-${Date.now()}`;
  await standInForThePushService(page, endpoint);
  await page.goto('/');
  await ready(page);
  await expect(control).toBeVisible();
  await expect(control).toHaveAttribute('aria-pressed', 'false');
  // Quiet: no prompt, and no push code, until the reader presses it.
  expect(pushCode).toEqual([]);

  const subscribed = page.waitForRequest((r) => r.url().endsWith('/push/subscriptions') && r.method() === 'POST');
  await control.click();
  const sent = (await subscribed).postDataJSON();
  expect(sent).toMatchObject({ topic: 'breaking:ru', endpoint, keys: { p256dh: P256DH, auth: AUTH } });
  const off = page.getByRole('button', { name: 'Отписаться от срочных новостей' });
  await expect(off).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Готово: уведомления будут приходить.')).toBeVisible();
  expect(pushCode.length).toBe(1);
  // PushManager was given the site's VAPID key.
  const key = await (await page.request.get('/push/key')).text();
  const given = await page.evaluate(() => (window as unknown as { pushKeys: number[][] }).pushKeys);
  expect(given.map(base64url)).toEqual([key.trim()]);

  // Another page knows this browser follows breaking news, without the push code.
  pushCode.length = 0;
  await page.goto('/category/politika');
  await ready(page);
  await expect(off).toBeVisible();
  expect(pushCode).toEqual([]);

  const left = page.waitForRequest((r) => r.url().endsWith('/push/subscriptions/delete'));
  await off.click();
  expect((await left).postDataJSON()).toEqual({ topic: 'breaking:ru', endpoint });
  await expect(control).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByText('Уведомления отключены.')).toBeVisible();
});

test('the Kazakh edition offers its own breaking news in Kazakh', async ({ page, context }) => {
  test.skip(!javaScriptOn(), 'the control needs JavaScript; without it nothing is shown');
  await context.grantPermissions(['notifications']);
  await standInForThePushService(page, `http://127.0.0.1:9/push/e2e-kk-${Date.now()}`);
  await page.goto('/kk');
  await ready(page);
  const subscribed = page.waitForRequest((r) => r.url().endsWith('/push/subscriptions'));
  await page.getByRole('button', { name: 'Шұғыл жаңалықтарды алу' }).click();
  expect((await subscribed).postDataJSON().topic).toBe('breaking:kk');
  await expect(page.getByRole('button', { name: 'Шұғыл жаңалықтардан бас тарту' })).toBeVisible();
});

test('a reader who refused notifications is told so, and nothing is subscribed', async ({ page, context }) => {
  test.skip(!javaScriptOn(), 'the control needs JavaScript');
  await context.clearPermissions();
  await page.addInitScript(() => {
    Notification.requestPermission = async () => 'denied';
  });
  await page.goto('/');
  await ready(page);
  let posted = false;
  page.on('request', (r) => {
    if (r.url().endsWith('/push/subscriptions')) posted = true;
  });
  await page.getByRole('button', { name: 'Получать срочные новости' }).click();
  await expect(page.getByText('Уведомления запрещены в настройках браузера.')).toBeVisible();
  expect(posted).toBe(false);
});

test('editors send a breaking push after seeing whom it reaches, once', async ({ page, baseURL }) => {
  const title = `Срочная проверка push (${javaScriptOn() ? 'JS' : 'без JS'})`;
  publish(title);
  // A reader's browser follows the Russian edition's breaking news.
  const subscribed = await page.request.post('/push/subscriptions', {
    headers: { Origin: baseURL! },
    data: {
      topic: 'breaking:ru',
      endpoint: `http://127.0.0.1:9/push/e2e-editor-${Date.now()}`,
      keys: { p256dh: P256DH, auth: AUTH },
    },
  });
  expect(subscribed.status()).toBe(201);
  await signIn(page, 'editor');
  await page.goto(`/admin?q=${encodeURIComponent(title)}`);
  await page.getByRole('link', { name: title }).first().click();
  await expect(page).toHaveURL(/\/admin\/articles\/\d+/);
  await ready(page);
  const push = page.getByRole('region', { name: 'Срочное push-уведомление' });
  await expect(push).toContainText(/Подписки на срочные новости русской версии: \d+ браузер(а|ов)?\./);
  await push.getByRole('link', { name: 'Отправить push-уведомление…' }).click();
  await expect(push.getByRole('alert')).toContainText('Отменить отправку нельзя');
  await push.getByRole('button', { name: 'Отправить уведомление' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Уведомление отправляется подписчикам.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Рассылки' })).toContainText('Push-уведомление, срочная новость');
  // A second press sends nothing more.
  await page.getByRole('link', { name: 'Отправить push-уведомление…' }).click();
  await page.getByRole('button', { name: 'Отправить уведомление' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'уже отправлено' })).toBeVisible();
});
