// A CRM sidebar knows which customer is open; here the demo tells it by postMessage.
import { translateDemo } from './strings.js';

const card = document.querySelector('customer-health-card');
const session = await (await fetch('/demo/session')).json();
card.setAttribute('api', session.api);
card.setAttribute('token', session.token);
card.setAttribute('enable-live', '');
window.addEventListener('message', (event) => {
  if (event.origin !== location.origin) return;
  if (event.data?.type === 'rk-select') card.setAttribute('customer-id', event.data.customerId);
  if (event.data?.type === 'rk-theme') {
    document.documentElement.dataset.theme = event.data.theme;
    card.setAttribute('theme', event.data.theme);
  }
  if (event.data?.type === 'rk-locale') {
    document.documentElement.lang = event.data.locale;
    document.documentElement.dir = event.data.locale === 'ar' ? 'rtl' : 'ltr';
    translateDemo(document, event.data.locale);
    card.setAttribute('locale', event.data.locale);
  }
});
// Listening now: ask the page for the customer, theme and language (whenever either side loaded first).
window.parent.postMessage({ type: 'rk-ready' }, location.origin);
