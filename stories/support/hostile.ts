/**
 * The hostile strings of the "Security/Hostile data" stories, and only of those: markup and script
 * as a compromised CRM or a malicious customer could send them. Each would set
 * `window.__rkHostile` if a widget ever ran it. Plain data: test/e2e/storybook.test.ts imports it too.
 */
export const HOSTILE_PAYLOADS = {
  image: '<img src=x onerror="window.__rkHostile=1">',
  script: '<script>window.__rkHostile=1</script>',
  svg: '<svg onload="window.__rkHostile=1"></svg>',
  link: 'javascript:window.__rkHostile=1',
  markup: '<b>not bold</b>',
};
