import type { LoaderFunctionArgs } from "react-router";

/**
 * The arguments React Router hands a loader or action, for calling one directly in a test:
 * the request, its URL, the params (typed as the route's own) and our load context. `pattern`
 * (the matched route pattern, used only for logging) is left empty.
 */
export function routeArgs<Params extends Record<string, string> = Record<string, never>>(args: {
  request: Request;
  params?: Params;
  context?: LoaderFunctionArgs["context"];
}): Omit<LoaderFunctionArgs, "params"> & { params: Params } {
  return {
    request: args.request,
    url: new URL(args.request.url),
    pattern: "",
    params: args.params ?? ({} as Params),
    context: args.context ?? { cspNonce: "test-nonce", clientIp: "192.0.2.10", requestId: "test-request" },
  };
}
