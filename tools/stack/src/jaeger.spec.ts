import { existsSync } from 'node:fs';
import { jaegerLaunch } from './jaeger';
import * as paths from './paths';

describe('jaegerLaunch', () => {
  it('merges the Badger storage part over config.yaml by default, kept under .stack/jaeger/badger', () => {
    const { args, env } = jaegerLaunch({});
    expect(args).toEqual(['--config', paths.jaegerConfig, '--config', paths.jaegerStorageConfig('badger')]);
    expect(env.JAEGER_BADGER_DIR).toBe(paths.jaegerBadgerDir);
    for (const file of [paths.jaegerConfig, paths.jaegerStorageConfig('badger'), paths.jaegerStorageConfig('memory')])
      expect(existsSync(file)).toBe(true);
  });

  it("takes JAEGER_STORAGE=memory in any case, and the user's JAEGER_BADGER_DIR", () => {
    expect(jaegerLaunch({ JAEGER_STORAGE: ' Memory ' }).args.at(-1)).toBe(paths.jaegerStorageConfig('memory'));
    expect(jaegerLaunch({ JAEGER_BADGER_DIR: '/data/traces' }).env.JAEGER_BADGER_DIR).toBe('/data/traces');
  });

  it('refuses another storage, naming the variable and its value', () => {
    expect(() => jaegerLaunch({ JAEGER_STORAGE: 'cassandra' })).toThrow(
      'JAEGER_STORAGE must be badger or memory; got "cassandra"',
    );
  });
});
