package plugin

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/grafana/sobek"
)

// coreJS is the plugin's TypeScript core (src/), bundled by tools/backend/bundleCore.ts: the same
// search builders and frame shaping the browser runs. This file only hosts it.
//
//go:embed core.js
var coreJS string

// Requester sends one request to the cluster and returns its status and body.
type Requester func(ctx context.Context, method, path string, body []byte) (int, []byte, error)

// Core runs the bundled core in a bounded pool of sobek runtimes, each with the bundle loaded once.
type Core struct {
	runtimes chan *sobek.Runtime
	timeout  time.Duration
}

var program = sobek.MustCompile("core.js", coreJS, true)

// NewCore makes a pool of at most size runtimes; a query running longer than timeout is interrupted.
func NewCore(size int, timeout time.Duration) *Core {
	c := &Core{runtimes: make(chan *sobek.Runtime, size), timeout: timeout}
	for i := 0; i < size; i++ {
		c.runtimes <- nil
	}
	return c
}

func newRuntime() (*sobek.Runtime, error) {
	vm := sobek.New()
	if _, err := vm.RunProgram(program); err != nil {
		return nil, fmt.Errorf("loading the core: %w", err)
	}
	return vm, nil
}

// RunQuery runs one query through the core's runQuery and returns its output as JSON.
func (c *Core) RunQuery(ctx context.Context, input []byte, request Requester) (json.RawMessage, error) {
	return c.call(ctx, "runQuery", input, request)
}

// CheckHealth runs the core's Save & test and returns its {status, message} as JSON.
func (c *Core) CheckHealth(ctx context.Context, input []byte, request Requester) (json.RawMessage, error) {
	return c.call(ctx, "checkHealth", input, request)
}

// CallResource answers one resource call through the core and returns its {status, body} as JSON.
func (c *Core) CallResource(ctx context.Context, input []byte, request Requester) (json.RawMessage, error) {
	return c.call(ctx, "callResource", input, request)
}

func (c *Core) call(ctx context.Context, name string, input []byte, request Requester) (json.RawMessage, error) {
	var vm *sobek.Runtime
	select {
	case vm = <-c.runtimes:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	interrupted := false
	defer func() {
		// An interrupted runtime may hold half-done state: it is dropped, and a fresh one made next time.
		if interrupted {
			vm = nil
		}
		c.runtimes <- vm
	}()
	if vm == nil {
		var err error
		if vm, err = newRuntime(); err != nil {
			return nil, err
		}
	}
	vm.ClearInterrupt()
	timer := time.AfterFunc(c.timeout, func() { vm.Interrupt("the query ran longer than the backend allows") })
	defer timer.Stop()
	stop := context.AfterFunc(ctx, func() { vm.Interrupt(ctx.Err()) })
	defer stop()

	core := vm.Get("sreCore").ToObject(vm)
	run, ok := sobek.AssertFunction(core.Get(name))
	if !ok {
		return nil, fmt.Errorf("the core bundle has no %s", name)
	}
	host := vm.NewObject()
	_ = host.Set("request", func(method, path string, body sobek.Value) *sobek.Promise {
		promise, resolve, reject := vm.NewPromise()
		var payload []byte
		if !sobek.IsUndefined(body) && !sobek.IsNull(body) {
			payload = []byte(body.String())
		}
		// Answered at once: the core awaits it, and its continuation runs before runQuery returns.
		status, answer, err := request(ctx, method, path, payload)
		if err != nil {
			_ = reject(vm.ToValue(map[string]any{"status": 0, "message": err.Error()}))
		} else {
			_ = resolve(vm.ToValue(map[string]any{"status": status, "body": string(answer)}))
		}
		return promise
	})
	result, err := run(core, vm.ToValue(string(input)), host)
	if err != nil {
		var interrupt *sobek.InterruptedError
		interrupted = errors.As(err, &interrupt)
		return nil, err
	}
	promise, ok := result.Export().(*sobek.Promise)
	if !ok {
		return nil, fmt.Errorf("%s did not return a promise", name)
	}
	switch promise.State() {
	case sobek.PromiseStateFulfilled:
		return json.RawMessage(promise.Result().String()), nil
	case sobek.PromiseStateRejected:
		return nil, fmt.Errorf("the core failed: %s", promise.Result().String())
	default:
		return nil, errors.New("the core did not finish")
	}
}
