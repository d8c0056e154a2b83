// Command corecheck runs queries through the Go host of the core against a cluster, for the test
// that compares its frames with the browser path's (tests/engine/backendCore.test.ts). It reads a
// JSON array of core inputs on stdin and writes the array of outputs.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/sessionreplay-errors/sessionreplay-errors-datasource/pkg/plugin"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: corecheck <cluster URL> < inputs.json")
		os.Exit(2)
	}
	base := os.Args[1]
	var inputs []json.RawMessage
	if err := json.NewDecoder(os.Stdin).Decode(&inputs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	core := plugin.NewCore(2, 30*time.Second)
	request := plugin.HTTPRequester(&http.Client{Timeout: 30 * time.Second}, base, "")
	outputs := make([]json.RawMessage, 0, len(inputs))
	for _, input := range inputs {
		output, err := core.RunQuery(context.Background(), input, request)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		outputs = append(outputs, output)
	}
	_ = json.NewEncoder(os.Stdout).Encode(outputs)
}
