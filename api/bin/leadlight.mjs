#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so the workspace needs no separate build step for the API.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
