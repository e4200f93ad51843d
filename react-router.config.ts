import type { Config } from "@react-router/dev/config";

// Server rendering, every page a real document first: each works without JavaScript.
export default {
  appDirectory: "app",
  buildDirectory: "build",
  ssr: true,
} satisfies Config;
