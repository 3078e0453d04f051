import { z } from 'zod';

/*
 * Imported first by the background entrypoint, before any schema is built. zod decides, as it builds each object
 * schema, whether to compile a parser with `new Function`, probing once whether eval is allowed; the service worker's
 * CSP forbids it, so the probe can only throw, and Chrome reports it as a CSP violation on every start of the worker
 * (an error on the extension's page, work on the path of the first answer). Parsing is the same without it.
 */
z.config({ jitless: true });
