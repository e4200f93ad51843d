import type { Config } from "@react-router/dev/config";

// Server rendering, every page a real document first: each works without JavaScript.
export default {
  appDirectory: "app",
  buildDirectory: "build",
  ssr: true,
  // The v8 behaviours that need no change of ours, taken now (docs/decisions/0010-react-router-7.md
  // lists the two that do: v8_middleware and v8_passThroughRequests).
  future: {
    v8_splitRouteModules: true,
    v8_viteEnvironmentApi: true,
    v8_trailingSlashAwareDataRequests: true,
  },
} satisfies Config;
