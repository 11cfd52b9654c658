#!/usr/bin/env node
// Palisade ships TypeScript sources and runs them through tsx, so `npx palisade` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
