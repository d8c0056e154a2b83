//go:build !linux

package pluginhost

import "os/exec"

// dieWithParent has no portable equivalent outside Linux; the host's own shutdown kills the plugin.
func dieWithParent(*exec.Cmd) {}
