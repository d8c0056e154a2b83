// The core, as the README and the developers' guide name it: the modules that build searches, shape
// frames and detect the log layout (Save & test), which both hosts (browser and Go backend) run.
module.exports = { CORE_DIRS: ['query', 'response', 'session', 'replay', 'links', 'layout'] };
