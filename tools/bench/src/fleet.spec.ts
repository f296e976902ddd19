import { join } from 'node:path';
import { configurationsFor } from './configurations';
import { serviceNodeFlags } from './fleet';

const root = join(__dirname, '..', '..', '..');

describe('serviceNodeFlags', () => {
  it("runs a service with its serve target's heap limits, and a candidate's Node flags after them", () => {
    const [a, candidate] = configurationsFor(['A'], { BENCH_NODE_FLAGS: '--max-semi-space-size=16  --max-old-space-size=384' });
    expect(serviceNodeFlags(root, 'kitchen-service', a)).toEqual(['--max-old-space-size=256', '--max-semi-space-size=8']);
    expect(serviceNodeFlags(root, 'kitchen-service', candidate)).toEqual(['--max-old-space-size=256', '--max-semi-space-size=8', '--max-semi-space-size=16', '--max-old-space-size=384']);
  });
});
