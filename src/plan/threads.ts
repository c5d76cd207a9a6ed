// How many worker threads the commands that make many runs use when --jobs is not given: the cores
// Node may use. Its own module so that `run` can name it in its --jobs help without loading the
// executor and what it imports.
import { availableParallelism } from 'node:os';

export const defaultJobs = (): number => availableParallelism();
