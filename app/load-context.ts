import "@remix-run/node";

declare module "@remix-run/node" {
  /** What server.ts hands every loader and action. */
  interface AppLoadContext {
    cspNonce?: string;
    clientIp?: string;
    /** The id under which this request is logged (X-Request-Id). */
    requestId?: string;
  }
}

export {};
