import type { LoaderFunctionArgs } from "react-router";

/**
 * The arguments React Router hands a loader or action, for calling one directly in a test:
 * the request, its URL, the params and our load context. `pattern` (the matched route pattern,
 * used only for logging) is left empty.
 */
export function routeArgs(args: {
  request: Request;
  params?: LoaderFunctionArgs["params"];
  context?: LoaderFunctionArgs["context"];
}): LoaderFunctionArgs {
  return {
    request: args.request,
    url: new URL(args.request.url),
    pattern: "",
    params: args.params ?? {},
    context: args.context ?? {},
  };
}
