import { createHash, randomBytes, randomUUID } from 'node:crypto';

export function createId(): string {
  return randomUUID();
}

/** A bearer token: 32 random bytes, prefixed so leaked tokens are recognisable by secret scanners. */
export function createToken(): string {
  return `ll_${randomBytes(32).toString('base64url')}`;
}

export function hashSha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
