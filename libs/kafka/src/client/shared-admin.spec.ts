import type { Admin } from 'kafkajs';
import { SharedAdmin } from './shared-admin';

function fakeAdmin(name: string, log: string[]) {
  return {
    connect: jest.fn(async () => void log.push(`${name} connect`)),
    disconnect: jest.fn(async () => void log.push(`${name} disconnect`)),
  } as unknown as Admin & { connect: jest.Mock; disconnect: jest.Mock };
}

describe('SharedAdmin', () => {
  it('connects once for many questions', async () => {
    const log: string[] = [];
    const shared = new SharedAdmin(() => fakeAdmin('a', log));
    await Promise.all([shared.use(async () => 1), shared.use(async () => 2)]);
    expect(log).toEqual(['a connect']);
  });

  it('replaces the admin after a failed question, and the next question gets a new one', async () => {
    const log: string[] = [];
    let n = 0;
    const shared = new SharedAdmin(() => fakeAdmin(`a${++n}`, log));
    await expect(
      shared.use(async () => {
        throw new Error('connection closed');
      }),
    ).rejects.toThrow('connection closed');
    await shared.use(async () => 'ok');
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['a1 connect', 'a1 disconnect', 'a2 connect']);
  });

  it('replaces an admin whose connection failed', async () => {
    let n = 0;
    const shared = new SharedAdmin(() => {
      n += 1;
      const admin = fakeAdmin(`a${n}`, []);
      if (n === 1) admin.connect.mockRejectedValue(new Error('no broker'));
      return admin;
    });
    await expect(shared.use(async () => 'never')).rejects.toThrow('no broker');
    await expect(shared.use(async () => 'second')).resolves.toBe('second');
    expect(n).toBe(2);
  });

  it('answers nothing once closed', async () => {
    const log: string[] = [];
    const shared = new SharedAdmin(() => fakeAdmin('a', log));
    await shared.use(async () => 1);
    await shared.close();
    await expect(shared.use(async () => 1)).rejects.toThrow('closed');
    expect(log).toEqual(['a connect', 'a disconnect']);
  });
});
