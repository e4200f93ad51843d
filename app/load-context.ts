import "react-router";

declare module "react-router" {
  /** What server.ts hands every loader and action. */
  interface AppLoadContext {
    cspNonce: string;
    /** The client's address as Express sees it (behind a proxy: with TRUST_PROXY set). */
    clientIp: string;
    /** The id under which this request is logged (X-Request-Id). */
    requestId: string;
  }
}

export {};
