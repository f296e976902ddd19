export default {
  displayName: 'tools',
  preset: '../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  // tools/stack, tools/testbed and tools/chaos are projects of their own, with their own jest configs.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/stack/', '<rootDir>/testbed/', '<rootDir>/chaos/'],
};
