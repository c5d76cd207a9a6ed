// The seam of the import stage: what an importer of src/scenario/import/ is. A leaf, so importers
// can name their type without importing parse.ts, which imports them (no cycle, type-only included).

/**
 * Maps a document to a document before it is read: an AWS configuration (describe-* output,
 * CloudFormation, terraform show -json) to the scenario shape. One that does not recognise its
 * input returns it unchanged. Pure.
 */
export type Importer = (document: unknown) => unknown;
