import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/",
      ".react-router/",
      ".bench/",
      "node_modules/",
      "db/migrations/",
      "db/migrations-pg/",
      "tests/.tmp/",
      "test-results/",
      "playwright-report/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Every query is a promise now: one left unawaited would run after its transaction ended, or
    // lose its error.
    files: ["app/**/*.{ts,tsx}", "db/**/*.ts", "scripts/**/*.ts", "tests/**/*.ts", "server.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    settings: { react: { version: "detect" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      ...jsxA11y.configs.recommended.rules,
      "react/prop-types": "off",
      // A scrolling region must take the focus to be scrolled from the keyboard (ScrollRegion).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { roles: ["tabpanel", "region"], tags: [] }],
      // Every word a person reads goes through i18n: literal text in JSX is an error. Punctuation,
      // symbols and file-format names read the same in every language.
      "react/jsx-no-literals": [
        "error",
        {
          noStrings: false,
          ignoreProps: true,
          allowedStrings: ["·", "–", "—", "✓", "✗", ":", "%", "CSV", "Excel", "ID"],
        },
      ],
    },
  },
  {
    // Server-only code must never reach the browser bundle.
    files: ["app/routes/**/*.tsx", "app/components/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)db/(client|seed|migrations|schema(?!/enums$))",
              message: "Only *.server.ts modules may import the database; plain values live in db/schema/enums.",
            },
          ],
        },
      ],
    },
  },
  {
    // A model works on the handle it is given (the database or its caller's transaction), never on
    // one it opens itself: with a pool of connections, a statement on another handle would run
    // outside its caller's transaction. Routes, the server and scripts open the database.
    files: ["app/models/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/utils/db.server"],
              importNames: ["getDb", "closeDb"],
              message: "Models take the database or transaction handle they work on as a parameter.",
            },
            {
              group: ["**/db/client"],
              message: "Models take the database or transaction handle they work on as a parameter.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["scripts/**/*.mjs"],
    languageOptions: { globals: globals.node },
  },
);
