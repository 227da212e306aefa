/* The vocabulary, as the server defines it (GET /api/vocabulary): node types with their
   display names, colours, shapes and properties; relationship types with theirs. */
import {api} from "./api.js";

let vocab = {nodes: [], relationships: [], internalProperties: [], defaultViewTypes: []};
let nodeByLabel = new Map();
let relByType = new Map();

/** Reads the vocabulary from the server; the other functions answer from it. */
export async function loadVocabulary() {
  vocab = await api("/api/vocabulary");
  nodeByLabel = new Map(vocab.nodes.map((n) => [n.label, n]));
  relByType = new Map(vocab.relationships.map((r) => [r.type, r]));
  return vocab;
}

export const nodeTypes = () => vocab.nodes;
export const relationshipTypes = () => vocab.relationships;
export const defaultViewTypes = () => [...vocab.defaultViewTypes];
export const internalProperties = () => vocab.internalProperties;

/** A node type's display name (its plural with `plural`), or the label itself if unknown. */
export function typeName(label, plural) {
  const n = nodeByLabel.get(label);
  return n ? (plural ? n.plural : n.display) : label;
}

/** A relationship type's display name ("works for"), or the type itself if unknown. */
export function relName(type) {
  return relByType.get(type)?.display ?? type;
}

/** Whether a relationship type reads one way (false for the symmetric ones). */
export function relDirected(type) {
  return relByType.get(type)?.directed ?? true;
}

/** A node type's properties' names, in the vocabulary's order. */
export function propNames(label) {
  return (nodeByLabel.get(label)?.properties ?? []).map((p) => p.name);
}

/** A property's display name on a node type ("Start date"), or its name if unknown. */
export function propName(label, name) {
  const p = nodeByLabel.get(label)?.properties.find((x) => x.name === name);
  return p?.display ?? name;
}
