// In a real portal the host renders its own token into the page; the demo asks its session.
fetch('/demo/session').then((r) => r.json()).then((session) => {
  const provider = document.getElementById('provider');
  provider.setAttribute('api', session.api);
  provider.setAttribute('token', session.token);
});
