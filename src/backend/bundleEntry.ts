import { installCore } from './hostEntry';

// The Go backend's bundle: the core, installed on the engine's global object as `sreCore`.
installCore(globalThis as unknown as Record<string, unknown>);
