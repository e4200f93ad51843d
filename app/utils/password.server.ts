import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { ARGON2_OPTIONS } from "./password-options";

// zxcvbn-ts's list of ~49,000 common passwords, maintained upstream rather than typed here.
const COMMON_PASSWORDS = new Set((dictionary["passwords-common"] ?? []).map((p) => p.toLowerCase()));

/** True when the password is among the most common ones (case ignored). */
export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Verifies against a stored argon2id hash; false (never a throw) for a malformed hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

// A real hash to verify against when the account does not exist, so a wrong e-mail address
// takes as long as a wrong password and timing does not reveal who has an account.
let decoyHash: Promise<string> | undefined;
export function getDecoyHash(): Promise<string> {
  decoyHash ??= hashPassword("decoy-password-that-matches-nothing");
  return decoyHash;
}
