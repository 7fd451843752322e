#!/usr/bin/env node
// durability-check: checks a whole project with the rules of eslint-plugin-durability (see docs/cli.md).
// From a clone (src/ and the tsx dev dependency present) it runs the TypeScript sources through tsx's ESM loader, with
// no build step; from a built package it runs dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli/main.ts', import.meta.url);
const built = new URL('../dist/src/cli/main.js', import.meta.url);

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
