// ESLint for the page's scripts (static/): ES modules in the browser, with sigma.js, graphology
// and its library loaded before them as classic scripts (`Sigma`, `graphology`,
// `graphologyLibrary`). static/vendor holds those libraries as published: not linted.
// Run from the repository's root: eslint -c tests/infra/js-lint/eslint.config.js static
import js from "@eslint/js";
import globals from "globals";

export default [
  {ignores: ["static/vendor/**"]},
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: {...globals.browser, Sigma: "readonly", graphology: "readonly",
        graphologyLibrary: "readonly"},
    },
    linterOptions: {reportUnusedDisableDirectives: "error"},
    rules: {
      "max-len": ["error", {code: 100}],
    },
  },
];
