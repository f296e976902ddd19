import { SERVICES, ServiceFleet, TopicWatcher, stopRunningLoads, type ServiceName } from '@ituna/testbed';

export { sleep } from '@ituna/testbed';

/**
 * The usual setup of an e2e file: a watcher on some topics (started first, so nothing is missed)
 * and the built services, both stopped after the file.
 */
export function useFleet(env: NodeJS.ProcessEnv, topics: string[], services: readonly ServiceName[] = SERVICES) {
  const fleet = new ServiceFleet(env);
  const watcher = new TopicWatcher(topics);
  beforeAll(async () => {
    await watcher.start();
    await fleet.start(services);
  });
  afterAll(async () => {
    await stopRunningLoads();
    await fleet.stop();
    await watcher.stop();
  });
  return { fleet, watcher };
}
