// batchsim's public API: everything the CLI does, a library user can do from here.
// One run (load, simulate, write outputs, report): api/run.ts, which the run command loads alone.
export * from './api/run.js';
export { missingReportInputs } from './report/charts/read.js';

// The planning layer: compare, replications, sweeps, plans, shards and merge (src/plan/).
export { prepareSweep, type SweepSetup } from './plan/setup.js';
export { sweepInto, planInto } from './plan/planner.js';
export { mergeSlices, MergeError } from './plan/merge.js';
export { SweepFolderError, type Shard } from './plan/sweep.js';
export { abandonCompare, prepareCompare, runCompare, COMPARE_FIGURES, type Comparison } from './plan/compare.js';
export { compareJson, compareTable, writeCompareOutputs } from './plan/compareOutputs.js';
export { decisionLines, planJson } from './plan/outputs.js';
export { AbortedError, executeRuns, UnfinishableRunError } from './plan/executor.js';
export { applyOverride, applyOverrides, type Override } from './plan/overrides.js';
export { loadSource, prepareRun, runSource, type ScenarioSource } from './plan/run.js';
export { formatFigure } from './report/format.js';
export { estimate, estimateIn, pairedDifference, type Estimate, type ValueRange } from './plan/stats.js';
export { FIXED_FIGURES, figureRange } from './plan/figures.js';
export { replicationFigures, replicationLines, replicationsCsv, replicationsJson } from './plan/replicate.js';

// Import: AWS documents and job history -> scenarios and traces (src/scenario/import/, src/plan/importing.ts).
export { AWS_CLI_SHAPES, importAwsCli } from './scenario/import/awsCli.js';
export { importCloudFormation } from './scenario/import/cloudformation.js';
export { importTerraform } from './scenario/import/terraform.js';
export { assembleScenario, type ImportedScenario } from './scenario/import/assemble.js';
export { emitScenarioYaml } from './scenario/import/emit.js';
export { noteText, hasImportErrors, type ImportNote, type AwsSetup, type SourceText } from './scenario/import/types.js';
export { resolveJobDefinitionRef, parseJobDefinitionRef, latestActive } from './scenario/import/jobDefinitionRef.js';
export { effectiveNodeRanges } from './scenario/import/nodeRanges.js';
export { finishImport, type FinishedImport } from './plan/import.js';
export { importSetup, importJobs, fileGivenTwice, writeTextFilesAtomically, type SetupImportKind, type SetupImportOptions, type JobsImportCallOptions } from './plan/importing.js';
export { readHistory, type JobsImportResult } from './plan/importJobs.js';
export type { HistoryJob } from './scenario/import/jobs/history.js';
export type { DefinitionFit } from './scenario/import/jobs/fit.js';
export { fitHistory } from './scenario/import/jobs/fit.js';
export { historyTrace } from './scenario/import/jobs/trace.js';
export { checkAgainst, type CheckReport } from './plan/runCheck.js';
export { describeJobsFromRun, historyFigures, compareFigures, type CheckRow, type CheckFigures } from './plan/check.js';
export { checkWaitCdfSpec } from './report/charts/checkCdf.js';
