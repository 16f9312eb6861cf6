/**
 * The runnable examples of docs/: fenced code blocks whose info string names a file
 * (```` ```tsx src/CustomerSuccess.tsx ````). Tests write them out and build, type-check or run
 * them, so the documentation shows code that works.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const docsDir = fileURLToPath(new URL('../../../docs/', import.meta.url));

/** `{ path: source }` of the named code blocks of `docs/<page>`. */
export function docsExamples(page: string): Record<string, string> {
  const markdown = readFileSync(`${docsDir}${page}`, 'utf8');
  const files: Record<string, string> = {};
  for (const match of markdown.matchAll(/^```[a-z]+ ([\w./-]+)\n([\s\S]*?)^```$/gm)) {
    const [, path, source] = match;
    if (files[path!] !== undefined) throw new Error(`docs/${page} has two examples named ${path}`);
    files[path!] = source!;
  }
  return files;
}

/** The example `path` of `docs/<page>`; throws when the page has none. */
export function docsExample(page: string, path: string): string {
  const source = docsExamples(page)[path];
  if (source === undefined) throw new Error(`docs/${page} has no example named ${path}`);
  return source;
}
