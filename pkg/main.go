// The plugin's backend: Grafana launches it through hashicorp/go-plugin for what only a server can
// do (alerting, public dashboards, expressions). It hosts the TypeScript core (pkg/plugin/core.go).
package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/sessionreplay-errors/sessionreplay-errors-datasource/pkg/plugin"
)

func main() {
	if err := datasource.Manage("sessionreplay-errors-datasource", plugin.NewDatasource, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error(err.Error())
		os.Exit(1)
	}
}
