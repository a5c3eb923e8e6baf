import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { buildNodeFlags } from '../../src/cli/build-flags.ts';

describe('the Node flags npm run build gives Astro', () => {
  test('one collector thread per isolate on two cores or fewer, V8 defaults above', () => {
    expect(buildNodeFlags(1)).toEqual(['--single-threaded-gc']);
    expect(buildNodeFlags(2)).toEqual(['--single-threaded-gc']);
    expect(buildNodeFlags(4)).toEqual([]);
  });

  test('the pinned Node takes every flag before a script', () => {
    for (const cores of [2, 4]) {
      const flags = buildNodeFlags(cores);
      const run = spawnSync(process.execPath, [...flags, '-e', 'process.stdout.write(JSON.stringify(process.execArgv.filter((a) => a.startsWith("--"))))'], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual(flags);
    }
  });
});
