#!/usr/bin/env node
// Development entry point: runs the TypeScript sources without a build (needs ts-node).
import { execute } from '@oclif/core';

await execute({ development: true, dir: import.meta.url });
