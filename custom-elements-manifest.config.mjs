/**
 * custom-elements.json for the widget kit (`npm run build:widgets`, also before Storybook):
 * `cem analyze --litelement --config custom-elements-manifest.config.mjs`, which reads the class
 * JSDoc (@summary, @fires, @csspart, @cssprop, @slot) and the Lit properties of every element.
 * Storybook's controls and docs (.storybook/preview.ts) are generated from it.
 */

/**
 * The kit registers tags with its guarded `Class.define('tag')` (widgets/<tag>/define.ts), not
 * `customElements.define`, so the analyzer would not know the tag names: this plugin reads those
 * calls, sets `tagName`/`customElement` on the class and adds the custom-element-definition export.
 * `--litelement` marks every LitElement subclass as a custom element, base classes (`RkElement`)
 * included: only the classes registered under a tag keep the mark.
 */
function rkDefinePlugin() {
  /** @type {{ tag: string, className: string, definePath: string }[]} */
  const definitions = [];
  return {
    name: 'rk-define',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node)) return;
      const callee = node.expression;
      const [tagArg] = node.arguments;
      if (
        ts.isPropertyAccessExpression(callee) &&
        callee.name.getText() === 'define' &&
        ts.isIdentifier(callee.expression) &&
        tagArg &&
        ts.isStringLiteral(tagArg) &&
        tagArg.text.includes('-')
      ) {
        definitions.push({ tag: tagArg.text, className: callee.expression.getText(), definePath: moduleDoc.path });
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      const modules = customElementsManifest.modules ?? [];
      const defined = new Set(definitions.map((d) => d.className));
      for (const declaration of modules.flatMap((m) => m.declarations ?? [])) {
        if (declaration.kind === 'class' && !defined.has(declaration.name)) delete declaration.customElement;
      }
      for (const { tag, className, definePath } of definitions) {
        const home = modules.find((m) => m.declarations?.some((d) => d.kind === 'class' && d.name === className));
        const declaration = home?.declarations.find((d) => d.kind === 'class' && d.name === className);
        if (!home || !declaration) {
          console.warn(`custom-elements-manifest: <${tag}>: class ${className} not found`);
          continue;
        }
        declaration.tagName = tag;
        declaration.customElement = true;
        const defineModule = modules.find((m) => m.path === definePath);
        if (defineModule) {
          defineModule.exports ??= [];
          if (!defineModule.exports.some((e) => e.kind === 'custom-element-definition' && e.name === tag)) {
            defineModule.exports.push({ kind: 'custom-element-definition', name: tag, declaration: { name: className, module: home.path } });
          }
        }
      }
    },
  };
}

export default {
  globs: ['widgets/**/*.ts'],
  exclude: ['widgets/loader.ts', 'widgets/**/*.test.ts'],
  outdir: 'dist/widgets',
  litelement: true,
  // Never write a `customElements` field into package.json.
  packagejson: false,
  plugins: [rkDefinePlugin()],
};
