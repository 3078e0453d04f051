// Worker threads start without the test runner's TypeScript loader: register tsx, then run the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./fuzz-worker.ts');
