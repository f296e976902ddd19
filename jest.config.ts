import { getJestProjectsAsync } from '@nx/jest';

// One jest run over every Nx project with a jest target (unit libs, tools and the e2e suite),
// so `npm test` prints one total.
// One worker: the e2e files share Kafka, Jaeger and the services' ports, so they must not overlap.
export default async () => ({
  projects: await getJestProjectsAsync(),
  maxWorkers: 1,
});
