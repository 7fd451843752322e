// The crash simulator lives in src/crash/ (shipped as eslint-plugin-durability/crash); the engines import it from here.
export * from '../../src/crash/simulate.js';
