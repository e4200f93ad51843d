import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().min(1).default("./data/app.db"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** Express "trust proxy" setting (e.g. "loopback" behind nginx) so sign-in throttling sees the real address. */
  TRUST_PROXY: z.string().optional(),
  /** Worker processes serving on one port and one database file (node:cluster); 1 serves in-process. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** On SIGTERM, how long requests in flight may still run before their connections are cut. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(600).default(10),
});

export type Env = z.infer<typeof EnvSchema>;

/** Environment, validated once: a bad value stops the server at start, not at first use. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return parsed.data;
}
