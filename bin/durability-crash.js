#!/usr/bin/env node
// durability-crash: crash-tests a storage workload under the crash model (see docs/crash.md).
// From a clone (src/ and the tsx dev dependency present) it runs the TypeScript sources through tsx's ESM loader, with
// no build step; from a built package it runs dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/crash/cli.ts', import.meta.url);
const built = new URL('../dist/src/crash/cli.js', import.meta.url);

async function load() {
  if (existsSync(fileURLToPath(source))) {
    try {
      const { register } = await import('tsx/esm/api');
      register();
      return await import(source.href);
    } catch (error) {
      if (!existsSync(fileURLToPath(built)) || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
  }
  return import(built.href);
}

const { run } = await load();
process.exitCode = await run(process.argv.slice(2));
