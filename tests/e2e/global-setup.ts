import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { projectRoot, runAstro, runBuild } from '../helpers/run-astro.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    demoOut: string;
    siteOut: string;
    siteBuildLog: string;
    subPathOut: string;
    subPathBase: string;
    subPathBuildLog: string;
  }
}

/** The sub-path the fixture site is also built for, as a deployment under a folder of another site. */
const SUB_PATH = '/briefings-archive/';

/** Build the demo site and the fixture site (at the root and under a sub-path) once, with the real Astro CLI. */
export default function setup(project: TestProject): void {
  const out = path.join(projectRoot, 'tests/.out');
  rmSync(out, { recursive: true, force: true });
  const demoOut = path.join(out, 'demo');
  // The demo is built as `npm run build` builds it: Astro, then the search index once Astro has exited.
  const demo = runBuild(projectRoot, ['--outDir', demoOut]);
  if (demo.status !== 0) throw new Error(`demo build failed:\n${demo.stdout}\n${demo.stderr}`);
  if (!/search index: [\d,]+ records/.test(demo.stdout)) throw new Error(`the demo build did not index the site:\n${demo.stdout}`);
  const siteOut = path.join(out, 'site');
  // The fixture's first build starts without the formatted references of earlier runs; the second reuses them.
  rmSync(path.join(projectRoot, 'tests/fixtures/site/node_modules/.astro/attest'), { recursive: true, force: true });
  const site = runAstro(path.join(projectRoot, 'tests/fixtures/site'), ['build'], { ATTEST_OUT: siteOut });
  if (site.status !== 0) throw new Error(`fixture build failed:\n${site.stdout}\n${site.stderr}`);
  const subPathOut = path.join(out, 'sub-path');
  const sub = runAstro(path.join(projectRoot, 'tests/fixtures/site'), ['build'], { ATTEST_OUT: subPathOut, ATTEST_BASE: SUB_PATH });
  if (sub.status !== 0) throw new Error(`sub-path build failed:\n${sub.stdout}\n${sub.stderr}`);
  project.provide('demoOut', demoOut);
  project.provide('subPathOut', subPathOut);
  project.provide('subPathBase', SUB_PATH);
  project.provide('subPathBuildLog', sub.stdout + sub.stderr);
  project.provide('siteOut', siteOut);
  project.provide('siteBuildLog', site.stdout + site.stderr);
}
