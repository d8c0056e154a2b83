package pluginhost

import (
	"os/exec"
	"syscall"
)

// dieWithParent has Linux kill the plugin if its host dies without stopping it (a killed test
// runner), so no plugin process outlives the stand-in. Grafana does not do this: it is hygiene for
// tests, not part of the launch being imitated.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
