// The push controls (app/src/components/follow.rs): shown where the
// browser can take notifications, marked on for the topics this browser
// follows, and push.js loaded only when a reader presses one.
const followed = JSON.parse(localStorage.getItem('qalam-push') || '[]');
if (self.PushManager && navigator.serviceWorker) {
  for (const button of document.querySelectorAll('[data-push-topic]')) {
    if (followed.includes(button.dataset.pushTopic)) {
      button.textContent = button.dataset.pushOn;
      button.ariaPressed = 'true';
    }
    button.hidden = false;
    button.onclick = () => import('/push.js').then((push) => push.toggle(button));
  }
}
