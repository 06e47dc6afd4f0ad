// components/follow.rs
let on = [];
try {
  on = JSON.parse(localStorage['qalam-push'] || '[]');
} catch {}
if (self.PushManager) for (const b of document.querySelectorAll('[data-push-topic]')) {
  if (on.includes(b.dataset.pushTopic)) (b.textContent = b.dataset.pushOn), (b.ariaPressed = 'true');
  b.hidden = false;
  b.onclick = () => import('/push.js').then((m) => m.toggle(b));
}
