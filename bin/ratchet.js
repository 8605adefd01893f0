#!/usr/bin/env node
// The `ratchet` command. Ratchet ships its TypeScript sources and runs them through tsx,
// so there is no build step between a checkout and a working CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
