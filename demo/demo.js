// The demo's glue, as a host page would write it: a token from the demo session (demo mode
// only), one provider for every widget, tabs, a drawer for the customer chosen in the table or
// an alert, and the theme and language switches.
import { translateDemo } from './strings.js';

const provider = document.getElementById('provider');
const drawer = document.getElementById('drawer');
const drawerCustomer = document.getElementById('drawer-customer');
const detail = document.getElementById('detail');
const sidebar = document.getElementById('sidebar');
const themeSelect = document.getElementById('theme');
const localeSelect = document.getElementById('locale');

// The sidebar says when it listens (it may load before or after this script gets that far): tell it the state.
window.addEventListener('message', (event) => {
  if (event.origin !== location.origin || event.source !== sidebar.contentWindow || event.data?.type !== 'rk-ready') return;
  const customerId = detail.getAttribute('account-id');
  if (customerId) sidebar.contentWindow.postMessage({ type: 'rk-select', customerId }, location.origin);
  applyTheme();
  applyLocale();
});

const session = await (await fetch('/demo/session')).json();
provider.setAttribute('api', session.api);
provider.setAttribute('token', session.token);

// ---- tabs: the WAI-ARIA pattern, arrows move and activate (mirrored right to left), Home/End ----
const tabs = [...document.querySelectorAll('[role=tab]')];
function activate(tab) {
  for (const t of tabs) {
    const selected = t === tab;
    t.setAttribute('aria-selected', String(selected));
    t.tabIndex = selected ? 0 : -1;
    document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
  }
  tab.focus();
}
for (const tab of tabs) tab.addEventListener('click', () => activate(tab));
document.querySelector('[role=tablist]').addEventListener('keydown', (event) => {
  const index = tabs.indexOf(event.target);
  if (index < 0) return;
  const forward = document.documentElement.dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
  const backward = forward === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight';
  const next = { [forward]: index + 1, [backward]: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  activate(tabs[(next + tabs.length) % tabs.length]);
});

// The sticky header's height, for the drawer and the queue to start below it.
const header = document.querySelector('header.bar');
new ResizeObserver(() => document.documentElement.style.setProperty('--header-height', `${header.offsetHeight}px`)).observe(header);

// ---- the customer drawer ----
/** The focused element, looking into shadow roots (a table row is inside the table's). */
function deepActiveElement() {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}
let returnFocus = null;

function show(customerId) {
  if (!customerId) return;
  drawerCustomer.textContent = customerId;
  detail.setAttribute('account-id', customerId);
  sidebar.contentWindow?.postMessage({ type: 'rk-select', customerId }, location.origin);
}

function openDrawer(customerId) {
  show(customerId);
  const active = deepActiveElement();
  if (!drawer.contains(active)) returnFocus = active;
  if (!drawer.open) drawer.show();
  document.getElementById('drawer-close').focus();
}

function closeDrawer() {
  if (!drawer.open) return;
  drawer.close();
  // Back where the user was: the row (or alert) that opened the drawer, if it is still there.
  if (returnFocus?.isConnected) returnFocus.focus();
  returnFocus = null;
}

document.getElementById('drawer-close').addEventListener('click', closeDrawer);
document.addEventListener('keydown', (event) => {
  // An open bell panel closes on its own Escape; the drawer waits for the next one.
  if (event.key !== 'Escape' || event.defaultPrevented || document.getElementById('alerts').open) return;
  if (drawer.open) {
    event.preventDefault();
    closeDrawer();
  }
});
document.addEventListener('rk-select', (event) => openDrawer(event.customerId));
// The kit records the intervention itself; a host could call preventDefault() and dial instead.
document.addEventListener('rk-action', (event) => console.info('host sees', event.action, 'for', event.customerId));

// ---- theme and language: every kit element follows the page's choice ----
function kitElements() {
  return [...document.querySelectorAll('rk-provider *')].filter((el) => el.localName.includes('-'));
}
function applyTheme() {
  for (const el of kitElements()) el.setAttribute('theme', themeSelect.value);
  document.documentElement.dataset.theme = themeSelect.value;
  sidebar.contentWindow?.postMessage({ type: 'rk-theme', theme: themeSelect.value }, location.origin);
}
function applyLocale() {
  const locale = localeSelect.value;
  // The kit's elements follow the nearest lang (their text, numbers and dates): the workspace root's.
  document.documentElement.lang = locale;
  document.documentElement.dir = locale === 'ar' ? 'rtl' : 'ltr';
  // The page's own words (tabs, switches, notes) follow too, from the demo's table.
  translateDemo(document, locale);
  sidebar.contentWindow?.postMessage({ type: 'rk-locale', locale }, location.origin);
}
themeSelect.addEventListener('change', applyTheme);
localeSelect.addEventListener('change', applyLocale);
// `?theme=dark&locale=de` opens the demo that way (handy for links and screenshots).
const params = new URLSearchParams(location.search);
for (const [name, select] of [['theme', themeSelect], ['locale', localeSelect]]) {
  if ([...select.options].some((option) => option.value === params.get(name))) select.value = params.get(name);
}
applyTheme();
applyLocale();

// ---- the whole book: its view (filters, sort, search) lives in the page's URL, so a link or a reload keeps it ----
const book = document.getElementById('book');
const bookKeys = ['owner', 'status', 'risk_level', 'priority', 'plan', 'lifecycle_stage', 'renewal_within_days', 'mrr_min', 'mrr_max', 'min_coverage', 'sort', 'q'];
// Attributes, not the `view` property: the element may not be defined yet (the autoloader fetches it). Each is the parameter's name with hyphens.
const restored = bookKeys.filter((key) => params.has(key));
for (const key of restored) book.setAttribute(key.replaceAll('_', '-'), params.get(key));
if (restored.length > 0) activate(document.getElementById('tab-book'));
book.addEventListener('rk-view-change', (event) => {
  const url = new URL(location.href);
  for (const key of bookKeys) url.searchParams.delete(key);
  for (const [key, value] of Object.entries(event.view)) url.searchParams.set(key, value);
  history.replaceState(null, '', url);
});

// Start on the most urgent customer (shown in the drawer when opened and in the sidebar).
const atRisk = await (
  await fetch(`${session.api}/api/customer-success/at-risk?limit=1`, { headers: { authorization: `Bearer ${session.token}` } })
).json();
show(atRisk.at_risk_customers?.[0]?.customer_id);
