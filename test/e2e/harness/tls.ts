import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TlsMaterial {
  cert: string;
  key: string;
}

/**
 * A throw-away self-signed certificate for the fixture server, made with openssl at test start so no key is ever
 * committed. Chromium runs with --ignore-certificate-errors, so only the names matter to a person reading it.
 */
export function createSelfSignedCertificate(dir: string, hostNames: readonly string[]): TlsMaterial {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  const altNames = [...hostNames, 'localhost'].map((name) => `DNS:${name}`).join(',');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=leadlight-e2e-fixtures',
      '-addext',
      `subjectAltName=${altNames},IP:127.0.0.1`,
    ],
    { stdio: 'pipe', timeout: 15_000 },
  );
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
}
