import { expect, fixture, html } from '@open-wc/testing';
import { RkElement } from '../../../widgets/core/base-element';
import { RkActionEvent, RkErrorEvent, RkLiveStatusEvent, RkToggleEvent } from '../../../widgets/core/events';

class FirstCopy extends RkElement {
  override render() {
    return html`<button type="button">Go</button>`;
  }
}
class SecondCopy extends RkElement {}

function captureWarnings(run: () => void): unknown[][] {
  const warnings: unknown[][] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args);
  try {
    run();
  } finally {
    console.warn = original;
  }
  return warnings;
}

describe('RkElement', () => {
  it('define() registers once; another class under the same tag warns instead of throwing', () => {
    FirstCopy.define('rk-test-first');
    expect(customElements.get('rk-test-first')).to.equal(FirstCopy);

    const same = captureWarnings(() => FirstCopy.define('rk-test-first'));
    expect(same).to.deep.equal([]);

    let warnings: unknown[][] = [];
    expect(() => {
      warnings = captureWarnings(() => SecondCopy.define('rk-test-first'));
    }).to.not.throw();
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]?.[0])).to.contain('<rk-test-first> is already defined');
    expect(customElements.get('rk-test-first')).to.equal(FirstCopy);
  });

  it('gives buttons a 44px touch target and a visible focus ring', async () => {
    const el = await fixture<FirstCopy>(html`<rk-test-first></rk-test-first>`);
    const button = el.shadowRoot?.querySelector('button') as HTMLButtonElement;
    const box = button.getBoundingClientRect();
    expect(box.height).to.be.at.least(44);
    expect(box.width).to.be.at.least(44);
    button.focus({ focusVisible: true } as FocusOptions);
    expect(getComputedStyle(button).outlineWidth).to.equal('3px');
  });

  it('emit() dispatches bubbling, composed events that cross the shadow boundary', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><rk-test-first></rk-test-first></div>`);
    const el = wrapper.querySelector('rk-test-first') as FirstCopy;
    const received: string[] = [];
    for (const type of ['rk-action', 'rk-error', 'rk-live-status', 'rk-toggle'] as const) {
      wrapper.addEventListener(type, (e) => received.push(`${e.type}:${e.bubbles}:${e.composed}`));
    }
    const button = el.shadowRoot?.querySelector('button') as HTMLButtonElement;
    // Fired from inside the shadow root, heard outside it.
    button.dispatchEvent(new RkActionEvent('call', 'cust_1'));
    el.emit(new RkErrorEvent(new Error('x')));
    el.emit(new RkLiveStatusEvent('live'));
    el.emit(new RkToggleEvent(true));
    expect(received).to.deep.equal(['rk-action:true:true', 'rk-error:true:true', 'rk-live-status:true:true', 'rk-toggle:true:true']);
  });

  it('carries typed payloads; rk-action is cancelable', () => {
    const action = new RkActionEvent('create-task', 'cust_9');
    expect([action.action, action.customerId, action.cancelable]).to.deep.equal(['create-task', 'cust_9', true]);
    expect(new RkLiveStatusEvent('offline').status).to.equal('offline');
  });
});
