// The seam of the import stage: what an importer of src/scenario/import/ is. A leaf, so importers
// can name their type without importing parse.ts, which imports them (no cycle, type-only included).

import type { Issue } from './issues.js';

/**
 * Maps a document to a document before it is read (job-definition revisions resolved, say), with
 * notes on what it changed. One that does not recognise its input returns it unchanged. Pure.
 */
export type Importer = (document: unknown) => { document: unknown; issues: Issue[] };
