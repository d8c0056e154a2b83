// Command corecheck runs queries through the Go host of the core against a cluster, for the test
// that compares its frames with the browser path's (tests/engine/backendCore.test.ts). It reads a
// JSON array of core inputs on stdin and writes the array of outputs.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
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
	client := &http.Client{Timeout: 30 * time.Second}
	request := func(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
		req, err := http.NewRequestWithContext(ctx, method, base+path, bytes.NewReader(body))
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer res.Body.Close()
		answer, err := io.ReadAll(res.Body)
		return res.StatusCode, answer, err
	}
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
