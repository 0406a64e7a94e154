import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of a V8 `.cpuprofile` (Chrome DevTools format) this reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code came from, once the bundle's source map has been applied. */
export interface FrameOrigin {
  /** Original source path (`functions/adapters/outbox.ts`, `node_modules/pg/lib/client.js`), a `node:` module, or the bare url. */
  source: string;
  /** The top-level function of the original source enclosing the frame, when known. */
  enclosing?: string;
  functionName: string;
}

/**
 * Sums a profile's sampled time by `classify`, which sees each sample's stack from the root
 * to the leaf, frames mapped back to their original sources through the bundle's source map
 * (a minified bundle's names mean nothing; its source map does).
 */
export function attributeSamples(
  profile: CpuProfile,
  classify: (stack: readonly FrameOrigin[]) => string,
): Map<string, number> {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const origins = new OriginResolver();
  const categoryOf = new Map<number, string>();
  const category = (leaf: number): string => {
    const known = categoryOf.get(leaf);
    if (known !== undefined) return known;
    const stack: FrameOrigin[] = [];
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id);
      if (node) stack.unshift(origins.resolve(node.callFrame));
    }
    const found = classify(stack);
    categoryOf.set(leaf, found);
    return found;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((leaf, i) => {
    // A sample's time is the gap to the next one (V8 records the gap before each sample).
    const micros = profile.timeDeltas[i + 1] ?? 0;
    const name = category(leaf);
    totals.set(name, (totals.get(name) ?? 0) + micros / 1000);
  });
  return totals;
}

class OriginResolver {
  private readonly maps = new Map<string, SourceMap | null>();
  private readonly sources = new Map<string, string[]>();

  resolve(frame: CpuProfile['nodes'][number]['callFrame']): FrameOrigin {
    const { url, functionName, lineNumber, columnNumber } = frame;
    if (!url.startsWith('file://')) return { source: url, functionName };
    const map = this.mapOf(url);
    const entry = map?.findEntry(lineNumber, columnNumber);
    if (!map || !entry || !('originalSource' in entry)) {
      return { source: fileURLToPath(url), functionName };
    }
    // Sources are relative to the generated file; resolved, they say which package or folder.
    const original = entry.originalSource.startsWith('file://')
      ? fileURLToPath(entry.originalSource)
      : path.resolve(path.dirname(fileURLToPath(url)), entry.originalSource);
    const source = normalizeSource(original);
    return {
      source,
      functionName,
      enclosing: this.enclosingFunction(map, entry.originalSource, entry.originalLine),
    };
  }

  private mapOf(url: string): SourceMap | null {
    let map = this.maps.get(url);
    if (map === undefined) {
      try {
        const file = fileURLToPath(url);
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
      } catch {
        map = null;
      }
      this.maps.set(url, map);
    }
    return map;
  }

  /** The nearest top-level `function` or `const` declared at or above the line. */
  private enclosingFunction(map: SourceMap, source: string, line: number): string | undefined {
    let lines = this.sources.get(source);
    if (!lines) {
      const payload = map.payload as { sources: string[]; sourcesContent?: (string | null)[] };
      const content = payload.sourcesContent?.[payload.sources.indexOf(source)] ?? '';
      lines = content.split('\n');
      this.sources.set(source, lines);
    }
    for (let i = Math.min(line, lines.length - 1); i >= 0; i--) {
      const declared = /^(?:export )?(?:async )?(?:function\*? |const |class )(\w+)/.exec(
        lines[i] ?? '',
      );
      if (declared) return declared[1];
    }
    return undefined;
  }
}

/** `/work/x/functions/adapters/outbox.ts` -> `functions/adapters/outbox.ts`; node_modules alike. */
function normalizeSource(source: string): string {
  const at = source.search(/(?:^|\/)(functions|node_modules|local|bench)\//);
  return at < 0 ? source : source.slice(source[at] === '/' ? at + 1 : at);
}
