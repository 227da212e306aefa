// Reads a GEXF file with graphology-gexf (the parser Gephi Lite uses) and prints what it read
// as JSON: the graph's type, and every node and edge with its attributes and direction.
// Usage: node read.mjs FILE [strict]   ("strict": a mixed multi graph whose type must be kept)
import {readFileSync} from "node:fs";
import graphology from "graphology";
import gexf from "graphology-gexf";

const [file, mode] = process.argv.slice(2);
const xml = readFileSync(file, "utf8");
const graph = mode === "strict"
  ? gexf.parse(graphology.MultiGraph, xml, {respectInputGraphType: true})
  : gexf.parse(graphology.Graph, xml);
const out = {
  type: graph.type,
  multi: graph.multi,
  attributes: graph.getAttributes(),
  nodes: graph.mapNodes((id, attrs) => ({id, attrs})),
  edges: graph.mapEdges((id, attrs, source, target, _s, _t, undirected) =>
    ({id, source, target, undirected, attrs})),
};
process.stdout.write(JSON.stringify(out));
