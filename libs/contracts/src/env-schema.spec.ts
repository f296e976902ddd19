import { z } from 'zod';
import { envBoolean, envChoice, envOptional, envWholeNumber, parseEnv } from './env-schema';

const Schema = z.object({
  COUNT: envOptional(envWholeNumber(1, 10)),
  ON: envOptional(envBoolean()),
  MODE: envOptional(envChoice(['fast', 'slow'])),
  DB_PASSWORD: envOptional(z.string().min(8, 'must be at least 8 characters')),
});

describe('parseEnv', () => {
  it('treats unset and empty variables as their defaults', () => {
    expect(parseEnv(Schema, { COUNT: '', ON: undefined })).toEqual({});
  });

  it('reads whole numbers, booleans and choices in the forms people write them', () => {
    expect(parseEnv(Schema, { COUNT: ' 3 ', ON: 'True', MODE: 'SLOW' })).toEqual({ COUNT: 3, ON: true, MODE: 'slow' });
  });

  it('names every bad variable with its value, except a secret one', () => {
    expect(() => parseEnv(Schema, { COUNT: '11', ON: 'on', MODE: 'x', DB_PASSWORD: 'hunter2' })).toThrow(
      'invalid configuration: COUNT must be a whole number from 1 to 10 (got "11"); ON must be true or false (got "on"); ' +
        'MODE must be fast or slow (got "x"); DB_PASSWORD must be at least 8 characters (got a value)',
    );
  });
});
