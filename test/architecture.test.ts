/**
 * The shape of src/, read from the files themselves: one meaning per file name, and no two folders
 * that import each other, directly or round a longer loop. eslint.config.js enforces the layers
 * file by file; this checks the whole graph.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The top folder of src/ a file is in; files at the top are the entry points. */
const folderOf = (file: string) => {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.split('/')[0]! : '(entry points)';
};

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

describe('the source tree', () => {
  const files = sources(SRC);

  it('gives each file name one meaning', () => {
    const byName = new Map<string, string[]>();
    for (const file of files) {
      if (basename(file) === 'index.ts') continue;
      byName.set(basename(file), [...(byName.get(basename(file)) ?? []), relative(SRC, file)]);
    }
    expect([...byName.values()].filter((paths) => paths.length > 1)).toEqual([]);
  });

  it('has no loop between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const file of files) {
      const from = folderOf(file);
      for (const target of importsOf(file)) {
        const to = folderOf(target);
        if (to !== from && to !== '(entry points)') edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    // Folders that are not an entry point must depend on something or be depended on: the graph is real.
    expect(edges.get('cli')).toEqual(new Set(['app', 'core']));
    const loops: string[] = [];
    const visit = (node: string, path: string[]) => {
      for (const next of edges.get(node) ?? []) {
        if (path.includes(next)) loops.push([...path.slice(path.indexOf(next)), next].join(' → '));
        else visit(next, [...path, next]);
      }
    };
    for (const node of edges.keys()) visit(node, [node]);
    expect(loops).toEqual([]);
  });

  it('keeps the command-line adapter and the MCP adapter apart', () => {
    for (const file of files) {
      const folder = folderOf(file);
      if (folder !== 'cli' && folder !== 'mcp') continue;
      const other = folder === 'cli' ? 'mcp' : 'cli';
      expect(
        importsOf(file).filter((t) => folderOf(t) === other),
        relative(SRC, file),
      ).toEqual([]);
    }
  });
});
