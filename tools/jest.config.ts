export default {
  displayName: 'tools',
  preset: '../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  // tools/stack is a project of its own (the launcher), with its own jest config.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/stack/'],
};
