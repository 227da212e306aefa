// Reads a JSON list of {name, query} on stdin and prints, as JSON, each query's
// diagnostics from Neo4j's Cypher linter (syntax and semantic analysis).
// Undeclared $parameters are not errors here: the queries receive them at run time.
import { lintCypherQuery, isNotParamError } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const queries = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const out = queries.map(({ name, query }) => {
  const { diagnostics } = lintCypherQuery(query, {});
  return {
    name,
    diagnostics: diagnostics.filter(isNotParamError).map((d) => ({
      severity: d.severity, // 1 error, 2 warning, 3 information, 4 hint
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    })),
  };
});
process.stdout.write(JSON.stringify(out));
