// Web Push subscriptions (docs/reach.md), loaded when a reader presses a
// push control: the service worker, the browser's permission (asked only
// now), the subscription and the server's copy of it. No cookie and no
// account: the server keeps the browser's endpoint and keys per topic,
// the browser which topics it follows (localStorage, for the controls).
const FOLLOWED = 'qalam-push';

function followed() {
  try {
    return JSON.parse(localStorage.getItem(FOLLOWED) || '[]');
  } catch {
    return [];
  }
}

function applicationServerKey(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(await response.text());
}

function show(button, on, said) {
  button.textContent = on ? button.dataset.pushOn : button.dataset.pushOff;
  button.ariaPressed = on ? 'true' : 'false';
  const status = button.parentElement.querySelector('.push-control__status');
  if (status) status.textContent = said;
}

async function subscribe(button, topic) {
  if ((await Notification.requestPermission()) !== 'granted') {
    show(button, false, button.dataset.pushDenied);
    return;
  }
  await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  const registration = await navigator.serviceWorker.ready;
  let subscription = await registration.pushManager.getSubscription();
  if (!subscription) {
    const key = await (await fetch('/push/key')).text();
    subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: applicationServerKey(key.trim()),
    });
  }
  await post('/push/subscriptions', { topic, ...subscription.toJSON() });
  localStorage.setItem(FOLLOWED, JSON.stringify([...new Set([...followed(), topic])]));
  show(button, true, button.dataset.pushSubscribed);
}

async function unsubscribe(button, topic) {
  const registration = await navigator.serviceWorker.getRegistration('/');
  const subscription = registration && (await registration.pushManager.getSubscription());
  if (subscription) await post('/push/subscriptions/delete', { topic, endpoint: subscription.endpoint });
  const rest = followed().filter((t) => t !== topic);
  localStorage.setItem(FOLLOWED, JSON.stringify(rest));
  // Following nothing more: the browser forgets the subscription too.
  if (subscription && rest.length === 0) await subscription.unsubscribe();
  show(button, false, button.dataset.pushUnsubscribed);
}

export async function toggle(button) {
  const topic = button.dataset.pushTopic;
  button.disabled = true;
  try {
    if (button.ariaPressed === 'true') await unsubscribe(button, topic);
    else await subscribe(button, topic);
  } catch {
    show(button, button.ariaPressed === 'true', button.dataset.pushFailed);
  } finally {
    button.disabled = false;
  }
}
