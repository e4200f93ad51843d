import type { Options } from "@node-rs/argon2";

/** argon2id with OWASP's minimum: 19 MiB of memory, two passes, one lane. */
export const ARGON2_OPTIONS: Options = {
  algorithm: 2, // Algorithm.Argon2id; the const enum cannot be imported under isolatedModules
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};
