import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/**
 * Row ids are UUIDv7 (RFC 9562): time-ordered, so a new row's id lands at the end of its primary-key index and of
 * the indexes that carry it (history's entity index), not on a random page. With random v4 ids every note dirtied two
 * more random index pages, each one more WAL frame to write at commit.
 */
export function createId(): string {
  return uuidv7();
}

/** A bearer token: 32 random bytes, prefixed so leaked tokens are recognisable by secret scanners. */
export function createToken(): string {
  return `ll_${randomBytes(32).toString('base64url')}`;
}

export function hashSha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
