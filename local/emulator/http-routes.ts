type Segment =
  | { kind: 'literal'; value: string }
  | { kind: 'parameter'; name: string }
  | { kind: 'greedy'; name: string };

interface CompiledRoute<T> {
  routeKey: string;
  method: string;
  /** `undefined` for the `$default` route. */
  segments?: Segment[];
  target: T;
}

export interface RouteMatch<T> {
  routeKey: string;
  target: T;
  pathParameters?: Record<string, string>;
}

/** Literal segments beat `{param}`, which beats `{proxy+}`: API Gateway's most-specific rule. */
const RANK = { literal: 3, parameter: 2, greedy: 1 } as const;

/**
 * The routes of an HTTP API, matched as API Gateway does: the most specific path wins, then
 * an exact method over ANY, and `$default` catches what nothing else does.
 */
export class RouteTable<T> {
  private readonly routes: CompiledRoute<T>[];

  constructor(routes: { routeKey: string; target: T }[]) {
    this.routes = routes.map(({ routeKey, target }) => compile(routeKey, target));
  }

  match(method: string, path: string): RouteMatch<T> | undefined {
    const parts = path.split('/').slice(1);
    let best:
      | {
          route: CompiledRoute<T>;
          score: number[];
          methodScore: number;
          parameters: Record<string, string>;
        }
      | undefined;
    for (const route of this.routes) {
      if (!route.segments) continue;
      if (route.method !== 'ANY' && route.method !== method) continue;
      const matched = matchSegments(route.segments, parts);
      if (!matched) continue;
      const score = route.segments.map((s) => RANK[s.kind]);
      const methodScore = route.method === 'ANY' ? 0 : 1;
      const comparison = best ? compareScores(score, best.score) : 1;
      if (!best || comparison > 0 || (comparison === 0 && methodScore > best.methodScore)) {
        best = { route, score, methodScore, parameters: matched };
      }
    }
    if (best) {
      const { route, parameters } = best;
      const hasParameters = Object.keys(parameters).length > 0;
      return {
        routeKey: route.routeKey,
        target: route.target,
        ...(hasParameters ? { pathParameters: parameters } : {}),
      };
    }
    const fallback = this.routes.find((r) => r.routeKey === '$default');
    return fallback ? { routeKey: '$default', target: fallback.target } : undefined;
  }
}

function compile<T>(routeKey: string, target: T): CompiledRoute<T> {
  if (routeKey === '$default') return { routeKey, method: 'ANY', target };
  const [method, path] = routeKey.split(' ');
  if (!method || !path?.startsWith('/')) throw new Error(`Route key "${routeKey}" is malformed`);
  const segments = path
    .split('/')
    .slice(1)
    .map((part, index, all): Segment => {
      const variable = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (variable === undefined) return { kind: 'literal', value: part };
      if (!variable.endsWith('+')) return { kind: 'parameter', name: variable };
      if (index !== all.length - 1)
        throw new Error(`Route key "${routeKey}": {${variable}} must be last`);
      return { kind: 'greedy', name: variable.slice(0, -1) };
    });
  return { routeKey, method: method.toUpperCase(), segments, target };
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const part = parts[index];
    if (segment.kind === 'greedy') {
      const rest = parts.slice(index);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      parameters[segment.name] = decode(rest.join('/'));
      return parameters;
    }
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (part !== segment.value) return undefined;
    } else {
      if (part === '') return undefined;
      parameters[segment.name] = decode(part);
    }
  }
  return parts.length === segments.length ? parameters : undefined;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
