// Every widget's host is a size container (for its @container rules): its content gives it no
// width, so it asks for `--rk-preferred-width` where a container sizes items by their content,
// instead of collapsing to 0 px (three gauges in a flex row once measured 0 px wide each).
import { expect, fixture, html } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../../widgets/index';
import { ELEMENT_MEMBERS } from '../../../widgets/element-members';

/**
 * Every widget tag that lays out content: not the provider (no box of its own: `display:
 * contents`) nor the bell, which is sized by its button (below).
 */
const WIDGETS = Object.keys(ELEMENT_MEMBERS).filter((tag) => tag !== 'rk-provider' && tag !== 'churn-alerts');
const REM = parseFloat(getComputedStyle(document.documentElement).fontSize);

/** Three `tag` elements in a container of `width` px styled `style`; resolves with their boxes once rendered. */
async function threeIn(tag: string, style: string, width: number): Promise<DOMRect[]> {
  const container = await fixture<HTMLElement>(html`<div style="width: ${width}px; ${style}"></div>`);
  container.innerHTML = `<${tag}></${tag}>`.repeat(3);
  const elements = [...container.children] as LitElement[];
  await Promise.all(elements.map((element) => element.updateComplete));
  return elements.map((element) => element.getBoundingClientRect());
}

/** Whether no two boxes overlap horizontally. */
const sideBySide = (boxes: DOMRect[]) => boxes.every((box, i) => i === 0 || box.left >= boxes[i - 1]!.right - 0.5);

describe('widget sizes in flex rows and grids', () => {
  for (const tag of WIDGETS) {
    it(`<${tag}> takes its preferred width in a flex row, and shrinks to share a narrow one`, async () => {
      const wide = await threeIn(tag, 'display: flex', 1200);
      for (const box of wide) expect(box.width).to.be.closeTo(20 * REM, 0.5);
      expect(sideBySide(wide)).to.equal(true);

      const narrow = await threeIn(tag, 'display: flex; gap: 0', 600);
      for (const box of narrow) expect(box.width).to.be.closeTo(200, 0.5);
      expect(sideBySide(narrow)).to.equal(true);

      const custom = await threeIn(tag, 'display: flex; --rk-preferred-width: 150px', 1200);
      for (const box of custom) expect(box.width).to.be.closeTo(150, 0.5);
    });

    it(`<${tag}> gets a share of a grid of auto columns, and of fr columns however narrow`, async () => {
      const auto = await threeIn(tag, 'display: grid; grid-template-columns: repeat(3, auto); justify-content: start', 1200);
      for (const box of auto) expect(box.width).to.be.closeTo(20 * REM, 0.5);
      expect(sideBySide(auto)).to.equal(true);

      const fr = await threeIn(tag, 'display: grid; grid-template-columns: repeat(3, 1fr)', 450);
      for (const box of fr) expect(box.width).to.be.closeTo(150, 0.5);
      expect(sideBySide(fr)).to.equal(true);
    });
  }

  it('<churn-alerts> is as wide as its bell in a flex row, and shares a row too narrow for three', async () => {
    const wide = await threeIn('churn-alerts', 'display: flex', 1200);
    for (const box of wide) expect(box.width).to.be.closeTo(44, 0.5);
    expect(sideBySide(wide)).to.equal(true);
    const narrow = await threeIn('churn-alerts', 'display: flex; gap: 0', 90);
    for (const box of narrow) expect(box.width).to.be.closeTo(30, 0.5);
    expect(sideBySide(narrow)).to.equal(true);
  });
});
