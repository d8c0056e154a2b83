import { processCpuMs } from './queryData';

describe('processCpuMs', () => {
  it('reads the CPU a process used from /proc/<pid>/stat, as Node counts its own', () => {
    const node = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const [procBefore, nodeBefore] = [processCpuMs(process.pid), node()];
    // Busy until Node counts 300 ms of CPU (not wall time: the machine may be shared).
    let spin = 0;
    while (node() - nodeBefore < 300) {
      spin += Math.sqrt(spin + 1);
    }
    const [procUsed, nodeUsed] = [processCpuMs(process.pid) - procBefore, node() - nodeBefore];
    expect(spin).toBeGreaterThan(0);
    // /proc counts in clock ticks (10 ms at the usual 100 per second); this process's other threads add a little.
    expect(procUsed).toBeGreaterThan(nodeUsed - 30);
    expect(procUsed).toBeLessThan(nodeUsed + 100);
  });

  it('names a process that is gone', () => {
    expect(() => processCpuMs(2 ** 22 + 1)).toThrow(/is gone/);
  });
});
