// The core, as the README and the developers' guide name it: the modules that build searches and
// shape frames, which both hosts (browser and Go backend) run.
module.exports = { CORE_DIRS: ['query', 'response', 'session', 'replay', 'links'] };
