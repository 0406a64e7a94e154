import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#core/contract/openapi';
import { type ApiFunction, apiRoutes, routeKeyOf } from '#core/contract/routes';
import { createApp } from '../../../lib/create-app';

/** Synthesis bundles five functions with esbuild: a few seconds. */
const SYNTH_TIMEOUT_MS = 120_000;
const FUNCTIONS_DIR = path.resolve(import.meta.dirname, '../../../functions');

const outdir = mkdtempSync(path.join(tmpdir(), 'rename-feedback-contract-'));
let template: Template;

beforeAll(() => {
  template = Template.fromStack(createApp({ outdir, context: { stage: 'local' } }).stack);
}, SYNTH_TIMEOUT_MS);
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

type Resource = { Properties: Record<string, unknown> };

function resources(type: string): [string, Resource][] {
  return Object.entries(template.findResources(type) as Record<string, Resource>);
}

/** The logical id a `Ref` or `Fn::GetAtt` points at. */
function target(reference: unknown): string | undefined {
  if (reference === null || typeof reference !== 'object') return undefined;
  if ('Ref' in reference) return String(reference.Ref);
  if ('Fn::GetAtt' in reference && Array.isArray(reference['Fn::GetAtt'])) {
    return String(reference['Fn::GetAtt'][0]);
  }
  return undefined;
}

/** `METHOD path` of every operation the OpenAPI document describes. */
function documentedRouteKeys(): string[] {
  return Object.entries(buildOpenApiDocument().paths).flatMap(([route, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${route}`),
  );
}

/** What is in one list and not in the other, both ways. */
function difference(actual: Iterable<string>, expected: Iterable<string>) {
  const a = new Set(actual);
  const b = new Set(expected);
  return {
    missing: [...b].filter((key) => !a.has(key)).sort(),
    unexpected: [...a].filter((key) => !b.has(key)).sort(),
  };
}

/**
 * The route keys a handler module registers: the keys of the object literal it passes to
 * `createApiHandler`. Read from its source, because importing a handler runs it (it reads
 * its configuration and makes its clients at import time).
 */
function registeredRouteKeys(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const keys: string[] = [];
  let calls = 0;
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'createApiHandler'
    ) {
      calls += 1;
      const [routes] = node.arguments;
      if (!routes || !ts.isObjectLiteralExpression(routes)) {
        throw new Error(`${file}: createApiHandler must be given an object literal of routes`);
      }
      for (const property of routes.properties) {
        if (!property.name || !ts.isStringLiteral(property.name)) {
          throw new Error(`${file}: every route key must be a string literal`);
        }
        keys.push(property.name.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (calls !== 1) throw new Error(`${file}: expected one createApiHandler call, found ${calls}`);
  return keys;
}

describe('the API contract', () => {
  it('documents every route of the template, and only those', () => {
    const deployed = resources('AWS::ApiGatewayV2::Route').map(([, route]) =>
      String(route.Properties.RouteKey),
    );
    expect(deployed.length).toBeGreaterThan(0);
    const { missing, unexpected } = difference(deployed, documentedRouteKeys());
    expect({ undocumented: unexpected, documentedButNotDeployed: missing }).toEqual({
      undocumented: [],
      documentedButNotDeployed: [],
    });
  });

  it('sends each documented route to the function the registry names', () => {
    const functionOfIntegration = Object.fromEntries(
      resources('AWS::ApiGatewayV2::Integration').map(([id, integration]) => [
        id,
        target(integration.Properties.IntegrationUri),
      ]),
    );
    const deployedOwners = Object.fromEntries(
      resources('AWS::ApiGatewayV2::Route').map(([, route]) => {
        const join = (route.Properties.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
        const functionId = functionOfIntegration[target(join[1][1]) ?? ''] ?? '';
        // `Submit1A2B3C4D` is the function made from functions/submit.ts.
        return [route.Properties.RouteKey, functionId.replace(/[0-9A-F]{8}$/, '').toLowerCase()];
      }),
    );
    const documentedOwners = Object.fromEntries(
      apiRoutes.map((route) => [routeKeyOf(route), route.function]),
    );
    expect(deployedOwners).toEqual(documentedOwners);
  });

  const functions = [...new Set(apiRoutes.map((route) => route.function))];
  it.each(functions)('has functions/%s.ts serve exactly its documented routes', (name) => {
    const registered = registeredRouteKeys(path.join(FUNCTIONS_DIR, `${name}.ts`));
    const documented = apiRoutes
      .filter((route) => route.function === (name as ApiFunction))
      .map(routeKeyOf);
    const { missing, unexpected } = difference(registered, documented);
    expect({ notServed: missing, undocumented: unexpected }).toEqual({
      notServed: [],
      undocumented: [],
    });
    expect(registered).toHaveLength(new Set(registered).size);
  });
});
