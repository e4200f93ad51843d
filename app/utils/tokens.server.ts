import { sha256 } from "@oslojs/crypto/sha2";
import {
  encodeBase32LowerCaseNoPadding,
  encodeBase64urlNoPadding,
  decodeBase64urlIgnorePadding,
} from "@oslojs/encoding";

/** `bytes` of cryptographic randomness, base64url-encoded. */
export function randomSecret(bytes = 32): string {
  return encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** An 80-bit identifier in lower-case base32 (no look-alike padding), safe in URLs and cookies. */
export function randomId(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)));
}

/** SHA-256 of a secret's text. Secrets have ≥128 random bits, so a fast hash is enough. */
export function hashSecret(secret: string): Buffer {
  return Buffer.from(sha256(new TextEncoder().encode(secret)));
}

/** Decodes base64url text, or null when it is not valid base64url. */
export function decodeSecret(value: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return null;
  try {
    return decodeBase64urlIgnorePadding(value);
  } catch {
    return null;
  }
}
