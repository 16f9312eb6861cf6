/**
 * Placeholders: how the autoloader defines every tag of the kit at once while fetching an
 * element's code only when it first appears, so that a framework host sees the element's public
 * properties before that code arrives. React 19 (and Vue) pass a prop as a property only if
 * `prop in element` when they render; on an undefined element they would write the attribute
 * `data="[object Object]"` instead.
 *
 * A placeholder class is registered under the tag with the element's settable properties (as
 * plain prototype slots: setting one leaves an own property on the element, which the element
 * takes over when it upgrades, as Lit does for any property set before a definition) and its
 * observed attributes, both listed in element-members.ts (generated from custom-elements.json).
 * When the element's class arrives (its `define.ts` calls `RkElement.define`, which hands the class
 * to the placeholder) the placeholder becomes a subclass of it, so elements created from then on
 * are constructed as usual, and every element created before is upgraded in place: the class's
 * constructors run on it, then the attributes it has and its connection are replayed, as the
 * browser does when it upgrades an element.
 */

/** The static method of a placeholder class that upgrades it to the element's class (shared by every copy of the kit). */
export const UPGRADE = Symbol.for('retention-kit.upgrade');

/** What a placeholder declares: the element's settable properties and its observed attributes. */
export interface ElementMembers {
  readonly properties: readonly string[];
  readonly attributes: readonly string[];
}

/** A registered class, which may be a placeholder waiting for its element's class. */
export type MaybePlaceholder = CustomElementConstructor & { [UPGRADE]?: (element: CustomElementConstructor) => boolean };

type Lifecycle = 'connectedCallback' | 'disconnectedCallback' | 'attributeChangedCallback';
type Callbacks = Partial<Record<Lifecycle, (this: HTMLElement, ...args: unknown[]) => void>>;

/** The element being upgraded in place: what the constructors below see as `this`. */
let adoptee: HTMLElement | undefined;

/** Stands in for HTMLElement during an upgrade in place: the constructors run on an element that already exists. */
class Adopt {
  constructor() {
    return adoptee!;
  }
}

/** Runs the constructors of `elementClass` on `element`, an existing element (not yet constructed by them). */
function construct(element: HTMLElement, elementClass: CustomElementConstructor): void {
  // The class of the chain that extends HTMLElement itself (Lit's ReactiveElement).
  let root: object = elementClass;
  while (Object.getPrototypeOf(root) !== HTMLElement) {
    root = Object.getPrototypeOf(root) as object;
    if (root === null || root === Function.prototype) throw new TypeError(`${elementClass.name} does not extend HTMLElement`);
  }
  adoptee = element;
  Object.setPrototypeOf(root, Adopt);
  try {
    Reflect.construct(elementClass, []);
  } finally {
    Object.setPrototypeOf(root, HTMLElement);
    adoptee = undefined;
  }
}

/**
 * Registers a placeholder for `tag` (unless the tag is taken) that calls `load()` when one of its
 * elements is first connected, wherever (a document or a shadow root).
 */
export function definePlaceholder(tag: string, members: ElementMembers, load: () => void, registry: CustomElementRegistry = customElements): void {
  if (registry.get(tag)) return;
  /** Elements created before the upgrade, held weakly: one a host dropped unconnected is not kept. */
  const waiting = new Set<WeakRef<HTMLElement>>();
  let upgraded = false;

  /** Calls the element class's own callback, once there is one. */
  const forward = (element: HTMLElement, callback: Lifecycle, args: unknown[]) =>
    (Object.getPrototypeOf(Placeholder.prototype) as Callbacks)[callback]?.apply(element, args);

  class Placeholder extends HTMLElement {
    static get observedAttributes(): readonly string[] {
      return members.attributes;
    }

    /** Becomes a subclass of `elementClass` and upgrades the elements created so far; false when already upgraded. */
    static [UPGRADE](elementClass: CustomElementConstructor): boolean {
      if (upgraded) return false;
      upgraded = true;
      const observed = (elementClass as { observedAttributes?: readonly string[] }).observedAttributes ?? [];
      const unlisted = observed.filter((name) => !members.attributes.includes(name));
      if (unlisted.length > 0) console.warn(`retention-kit: <${tag}> observes attributes its placeholder does not list: ${unlisted.join(', ')}.`);
      for (const name of members.properties) delete (Placeholder.prototype as unknown as Record<string, unknown>)[name];
      Object.setPrototypeOf(Placeholder.prototype, elementClass.prototype);
      Object.setPrototypeOf(Placeholder, elementClass);
      for (const ref of waiting) {
        const element = ref.deref();
        if (!element) continue;
        try {
          construct(element, elementClass);
          for (const name of observed) {
            const value = element.getAttribute(name);
            if (value !== null) forward(element, 'attributeChangedCallback', [name, null, value]);
          }
          if (element.isConnected) forward(element, 'connectedCallback', []);
        } catch (error) {
          // As when the browser upgrades an element: one that fails does not stop the others.
          console.error(`retention-kit: could not upgrade a <${tag}>`, error);
        }
      }
      waiting.clear();
      return true;
    }

    constructor() {
      super();
      if (!upgraded) waiting.add(new WeakRef(this));
    }

    connectedCallback(): void {
      if (upgraded) forward(this, 'connectedCallback', []);
      else load();
    }

    disconnectedCallback(): void {
      if (upgraded) forward(this, 'disconnectedCallback', []);
    }

    attributeChangedCallback(...args: unknown[]): void {
      if (upgraded) forward(this, 'attributeChangedCallback', args);
    }
  }
  for (const name of members.properties) Object.defineProperty(Placeholder.prototype, name, { value: undefined, writable: true, configurable: true });
  registry.define(tag, Placeholder);
}
