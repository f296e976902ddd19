// testTimeout in a project's jest config is ignored when jest runs several projects at once
// (npm test), so the e2e suite sets its own here.
jest.setTimeout(120_000);
