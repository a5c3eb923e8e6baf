import path from 'node:path';
import { expect, test } from 'vitest';
import { exactIds, idsUnder } from '../../src/integration/hook-filters.ts';
import { verdictGate } from '../../src/integration/verdict-gate.ts';

const briefings = path.resolve('/project/briefings');
const modules = ['\0virtual:attest/citations'];

type Hook = { filter: { id: RegExp[] }; handler: (id: string) => Promise<null> };
const hooks = (verdict: () => Promise<void> | undefined) => {
  const plugin = verdictGate({ briefings, modules, verdict });
  return { load: plugin.load as unknown as Hook, generateBundle: plugin.generateBundle as () => Promise<void> };
};

test('hook filters match their own ids and nothing else', () => {
  const exact = exactIds(['virtual:attest/config', '\0virtual:attest/claims']);
  expect(exact.test('virtual:attest/config')).toBe(true);
  expect(exact.test('\0virtual:attest/claims')).toBe(true);
  expect(exact.test('virtual:attest/configs')).toBe(false);
  expect(exact.test('xvirtual:attest/config')).toBe(false);
  const mdx = idsUnder(briefings, '.mdx');
  expect(mdx.test(path.join(briefings, 'a (1).mdx'))).toBe(true);
  expect(mdx.test(path.join(briefings, 'a.mdx?astroPropagatedAssets'))).toBe(false);
  expect(mdx.test(path.join(`${briefings}-old`, 'a.mdx'))).toBe(false);
  expect(idsUnder(briefings).test(path.join(briefings, 'a.mdx?astroPropagatedAssets'))).toBe(true);
});

test('a briefing and the check data wait for the verdict as they load; other modules do not', async () => {
  let pass!: () => void;
  const verdict = new Promise<void>((resolve) => (pass = resolve));
  const { load } = hooks(() => verdict);
  const order: string[] = [];
  const briefing = load.handler(path.join(briefings, 'a.mdx')).then(() => order.push('briefing'));
  const data = load.handler(modules[0]!).then(() => order.push('data'));
  await load.handler('/project/src/pages/index.astro').then(() => order.push('page'));
  expect(order).toEqual(['page']);
  pass();
  await Promise.all([briefing, data]);
  expect(order).toEqual(['page', 'briefing', 'data']);
  expect(load.filter.id.some((f) => f.test('/project/src/pages/index.astro'))).toBe(false);
  expect(load.filter.id.some((f) => f.test(modules[0]!))).toBe(true);
});

test('a failed check stops the bundle at the first briefing, and nothing is written', async () => {
  const failure = new Error('found 1 error in sources and briefings; see the lines above');
  const verdict = Promise.reject(failure);
  verdict.catch(() => undefined);
  const { load, generateBundle } = hooks(() => verdict);
  await expect(load.handler(path.join(briefings, 'a.mdx'))).rejects.toBe(failure);
  await expect(generateBundle()).rejects.toBe(failure);
});

test('outside a build (no verdict to wait for) modules load at once', async () => {
  const { load, generateBundle } = hooks(() => undefined);
  await expect(load.handler(path.join(briefings, 'a.mdx'))).resolves.toBeNull();
  await expect(generateBundle()).resolves.toBeUndefined();
});
