import "react-router";

declare module "react-router" {
  /** What server.ts hands every loader and action. */
  interface AppLoadContext {
    cspNonce?: string;
    clientIp?: string;
    /** The id under which this request is logged (X-Request-Id). */
    requestId?: string;
  }
}

export {};
