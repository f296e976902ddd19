import { parseSearchQuery } from './search-query';

describe('parseSearchQuery', () => {
  it('reads the form: tags as key=value pairs, a duration Jaeger takes, 20 results by default', () => {
    expect(
      parseSearchQuery({
        service: ' order-validation ',
        operation: 'validate-inventory',
        tags: 'ituna.order.channel=website  ituna.order.id=a=b',
        minDuration: '1.5s',
      }),
    ).toEqual({
      service: 'order-validation',
      operation: 'validate-inventory',
      tags: { 'ituna.order.channel': 'website', 'ituna.order.id': 'a=b' },
      minDuration: '1.5s',
      since: '1h',
      limit: 20,
    });
  });

  it('takes the first of a field given twice', () => {
    expect(parseSearchQuery({ service: 'kitchen-service', tags: ['a=1', 'b=2'] }).tags).toEqual({ a: '1' });
  });

  it.each([
    [{}, 'service: required'],
    [{ service: 's', tags: 'channel' }, 'tags: "channel" is not key=value'],
    [{ service: 's', tags: '=x' }, 'tags: "=x" is not key=value'],
    [{ service: 's', minDuration: 'fast' }, 'minDuration: "fast" is not a duration'],
    [{ service: 's', limit: '500' }, 'limit: must be a whole number from 1 to 100'],
    [{ service: 's', limit: '2.5' }, 'limit: must be a whole number from 1 to 100'],
  ])('refuses %j with what is wrong', (query, message) => {
    expect(() => parseSearchQuery(query)).toThrow(message);
  });
});
