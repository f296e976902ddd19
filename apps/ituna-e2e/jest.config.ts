// End-to-end suite: real Kafka and real Jaeger (brought up by the global setup when absent).
export default {
  displayName: 'ituna-e2e',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/src/support/setup-timeout.ts'],
};
