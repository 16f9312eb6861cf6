// The demo's glue, as a host page would write it: a token from the demo session (demo mode
// only), one provider for every widget, and row selection wired to the gauge and the sidebar.
const provider = document.getElementById('provider');
const gauge = document.getElementById('gauge');
const sidebar = document.getElementById('sidebar');
const themeSelect = document.getElementById('theme');

const session = await (await fetch('/demo/session')).json();
provider.setAttribute('api', session.api);
provider.setAttribute('token', session.token);

function select(customerId) {
  if (!customerId) return;
  gauge.setAttribute('customer-id', customerId);
  sidebar.contentWindow?.postMessage({ type: 'rk-select', customerId }, location.origin);
}

document.addEventListener('rk-select', (event) => select(event.customerId));
// The kit records the intervention itself; a host could call preventDefault() and dial instead.
document.addEventListener('rk-action', (event) => console.info('host sees', event.action, 'for', event.customerId));
function applyTheme() {
  for (const el of document.querySelectorAll('rk-provider *')) {
    if (el.tagName.includes('-')) el.setAttribute('theme', themeSelect.value);
  }
  document.documentElement.dataset.theme = themeSelect.value;
  sidebar.contentWindow?.postMessage({ type: 'rk-theme', theme: themeSelect.value }, location.origin);
}
themeSelect.addEventListener('change', applyTheme);

// Start on the most urgent customer.
const atRisk = await (
  await fetch(`${session.api}/api/customer-success/at-risk?limit=1`, { headers: { authorization: `Bearer ${session.token}` } })
).json();
select(atRisk.at_risk_customers?.[0]?.customer_id);
sidebar.addEventListener('load', () => {
  select(gauge.getAttribute('customer-id'));
  applyTheme();
});
