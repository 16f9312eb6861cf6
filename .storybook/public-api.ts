/**
 * The public API of the kit's elements, as the docs pages and controls show it: the manifest
 * (dist/widgets/custom-elements.json) lists every member the analyzer found, private fields,
 * protected hooks and the base classes' plumbing included. The shipped manifest stays complete
 * (scripts/kit-typings.mjs and editors read it); only what Storybook is handed is narrowed.
 */
import type { ArgTypesEnhancer } from 'storybook/internal/types';

interface Member {
  kind: string;
  name: string;
  privacy?: string;
  static?: boolean;
  readonly?: boolean;
  attribute?: string;
  inheritedFrom?: { name: string };
}

interface Attribute {
  name: string;
  fieldName?: string;
}

interface Declaration {
  kind: string;
  tagName?: string;
  members?: Member[];
  attributes?: Attribute[];
  slots?: { name: string }[];
  cssParts?: { name: string }[];
}

export interface Manifest {
  modules: { declarations?: Declaration[] }[];
}

/**
 * A member is public API when it is public, not static (`define()` registers the tag, which the
 * kit's `define` modules do), not named as private (`_x`, `#x`), and, when inherited from the
 * kit's base classes, an attribute (`api`, `token`, `theme`…): their other members
 * (`apiClient`, `liveStore`, `emit()`…) are how the widgets talk to their controllers.
 */
export function isPublicMember(member: Member): boolean {
  if (member.privacy === 'private' || member.privacy === 'protected') return false;
  if (member.static || /^[_#]/.test(member.name)) return false;
  return !member.inheritedFrom || member.attribute !== undefined;
}

/** `::part(name)`: parts read as the CSS a page writes, and no longer share a name (and a table row) with an attribute or slot (`search`, `empty`). */
export const partName = (name: string) => `::part(${name})`;

/** Storybook drops a nameless entry, so the default slot (`@slot - …`) gets a name it can show. */
export const DEFAULT_SLOT = '(default slot)';

/** A copy of `manifest` whose elements list only their public API. */
export function publicApi<M extends Manifest>(manifest: M): M {
  const copy = structuredClone(manifest);
  for (const declaration of copy.modules.flatMap((module) => module.declarations ?? [])) {
    if (declaration.kind !== 'class' || !declaration.tagName) continue;
    const members = (declaration.members ?? []).filter(isPublicMember);
    const fields = new Set(members.map((member) => member.name));
    declaration.members = members;
    declaration.attributes = declaration.attributes?.filter((attribute) => !attribute.fieldName || fields.has(attribute.fieldName));
    declaration.slots = declaration.slots?.map((slot) => ({ ...slot, name: slot.name || DEFAULT_SLOT }));
    declaration.cssParts = declaration.cssParts?.map((part) => ({ ...part, name: partName(part.name) }));
  }
  return copy;
}

/** The docs table's categories that describe, with nothing a control could set on the story. */
const DESCRIBED_ONLY = new Set(['events', 'slots', 'css custom properties', 'css shadow parts']);

/**
 * Storybook gives every manifest entry without a string, number or boolean type an object
 * control ("Set object"), parts included: those rows are documentation, so they get none; nor
 * do read-only properties (`state`, `customers`…), which throw when a control sets them.
 */
export function describedOnly(manifest: Manifest): ArgTypesEnhancer {
  const readonly = new Map<string, Set<string>>();
  for (const declaration of manifest.modules.flatMap((module) => module.declarations ?? [])) {
    if (declaration.tagName) readonly.set(declaration.tagName, new Set(declaration.members?.filter((m) => m.readonly).map((m) => m.name)));
  }
  return ({ argTypes, component }) => {
    const getters = readonly.get(String(component)) ?? new Set<string>();
    return Object.fromEntries(
      Object.entries(argTypes).map(([name, argType]) => {
        const category = String(argType.table?.category);
        const described = DESCRIBED_ONLY.has(category) || (category === 'properties' && getters.has(name));
        return [name, described ? { ...argType, control: false as const } : argType];
      }),
    );
  };
}
