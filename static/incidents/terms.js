// Stored English terms (ACLED types, statuses, actors, cited sources) in the interface language.
// The server sends the translations (labels.terms); a term it does not know is shown as stored.
export function term(labels, value) {
  return (value && labels.terms && labels.terms[value]) || value;
}
