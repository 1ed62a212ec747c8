// Validate a JSON Resume from stdin with @jsonresume/schema's own validator; exit 1 when invalid.
const fs = require("fs");
const path = require("path");
const { validate } = require(path.join(__dirname, "node_modules", "@jsonresume", "schema"));
validate(JSON.parse(fs.readFileSync(0, "utf8")), (errors, valid) => {
  if (!valid) {
    console.error(JSON.stringify(errors.map((e) => `${e.property}: ${e.message}`), null, 1));
    process.exit(1);
  }
  console.log("valid");
});
