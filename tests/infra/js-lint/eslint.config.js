// ESLint for the page's scripts (static/): ES modules in the browser, vis-network as `vis`.
// Run from the repository's root: eslint -c tests/infra/js-lint/eslint.config.js static
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: {...globals.browser, vis: "readonly"},
    },
    linterOptions: {reportUnusedDisableDirectives: "error"},
    rules: {
      "max-len": ["error", {code: 100}],
    },
  },
];
