import { CliUsageError, parseCliCommand } from './cli-options';

describe('the insights command line', () => {
  it('reads trace with its order id', () => {
    expect(parseCliCommand(['trace', 'order-42'])).toEqual({ command: 'trace', orderId: 'order-42' });
  });

  it("reads report with its defaults, and --since in both of parseArgs' forms", () => {
    expect(parseCliCommand(['report'])).toEqual({ command: 'report', since: '15m', json: false });
    expect(parseCliCommand(['report', '--since', '2h', '--json'])).toEqual({
      command: 'report',
      since: '2h',
      json: true,
    });
    expect(parseCliCommand(['report', '--since=1h'])).toEqual({ command: 'report', since: '1h', json: false });
    expect(parseCliCommand(['report', '--since', '2026-11-27T05:00:00Z'])).toMatchObject({
      since: '2026-11-27T05:00:00Z',
    });
  });

  it.each([
    [['report', '--since'], /--since/],
    [['report', '--sinse', '1h'], /--sinse/],
    [['report', '--since', 'yesterday'], /--since: "yesterday" is not a duration/],
    [['report', 'extra'], /extra/],
    [['trace'], /needs an order id/],
    [['trace', 'a', 'b'], /one order id \(got 2\)/],
    [['trace', 'a', '--verbose'], /--verbose/],
    [['tarce', 'a'], /unknown command "tarce"/],
    [[], /no command/],
  ])('refuses %j, saying what is wrong', (argv, message) => {
    expect(() => parseCliCommand(argv)).toThrow(CliUsageError);
    expect(() => parseCliCommand(argv)).toThrow(message);
  });

  it('answers --help for either command', () => {
    expect(parseCliCommand(['report', '--help'])).toEqual({ command: 'help' });
    expect(parseCliCommand(['trace', '--help'])).toEqual({ command: 'help' });
  });
});
