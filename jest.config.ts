import { getJestProjectsAsync } from '@nx/jest';

// One jest run over every Nx project with a jest target (unit libs, tools and the e2e suite),
// so `npm test` prints one total.
export default async () => ({
  projects: await getJestProjectsAsync(),
});
