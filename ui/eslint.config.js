import js from "@eslint/js";
import ts from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import { readdirSync } from "node:fs";

const tauriOnlyInIpc = {
  group: ["@tauri-apps/*"],
  message: "Only ui/src/ipc talks to Tauri; import from src/ipc instead.",
};

const sharedStaysShared = {
  group: ["**/features/**", "**/app/**"],
  message: "Shared code never depends on features or the app shell.",
};

/**
 * Features are independent: each may use src/lib and src/ipc, never another
 * feature. The list is read from the folder, so a new feature is covered the
 * moment it exists.
 */
const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default ts.config(
  { ignores: ["dist/", "node_modules/", "src/ipc/bindings/"] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: [".svelte"] } },
  },
  {
    files: ["src/**/*.{ts,svelte}"],
    ignores: ["src/ipc/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [tauriOnlyInIpc] }] },
  },
  ...[
    ["src/lib/**/*.{ts,svelte}", [tauriOnlyInIpc, sharedStaysShared]],
    ["src/ipc/**/*.ts", [sharedStaysShared]],
  ].map(([files, patterns]) => ({
    files: [files],
    rules: { "no-restricted-imports": ["error", { patterns }] },
  })),
  ...features.map((feature) => ({
    files: [`src/features/${feature}/**/*.{ts,svelte}`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            tauriOnlyInIpc,
            {
              group: features
                .filter((other) => other !== feature)
                .flatMap((other) => [`**/features/${other}`, `**/features/${other}/**`, `../${other}`, `../${other}/**`]),
              message: "Features never import other features; move shared code to src/lib.",
            },
          ],
        },
      ],
    },
  })),
  {
    files: ["*.config.{js,ts}"],
    languageOptions: { globals: { ...globals.node } },
  },
);
