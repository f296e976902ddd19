import { ratio, spread } from './spread';

describe('spread', () => {
  it('takes the middle round of an odd count, with the lowest and the highest', () => {
    expect(spread([448, 185, 571, 500, 300])).toEqual({ median: 448, min: 185, max: 571 });
  });

  it('takes the mean of the two middle rounds of an even count', () => {
    expect(spread([513, 605])).toEqual({ median: 559, min: 513, max: 605 });
  });

  it('leaves out rounds without the figure, and has none when no round has it', () => {
    expect(spread([Number.NaN, 2, 4, 3])).toEqual({ median: 3, min: 2, max: 4 });
    expect(spread([])).toEqual({ median: Number.NaN, min: Number.NaN, max: Number.NaN });
  });
});

describe('ratio', () => {
  it('divides, and has no value when the divisor is zero or missing', () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(3, Number.NaN)).toBeNaN();
  });
});
