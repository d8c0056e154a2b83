// Engine tests talk to a live engine: give slow first requests (JIT warm-up on 2 cores) room.
jest.setTimeout(60_000);
