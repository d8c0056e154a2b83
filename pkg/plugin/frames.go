package plugin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// plainFrame is a frame as the core shapes it (a @grafana/data DataFrame in JSON). Config and meta
// carry Grafana's own JSON names, which the SDK's FieldConfig and FrameMeta read as they are.
type plainFrame struct {
	RefID  string          `json:"refId"`
	Name   string          `json:"name"`
	Fields []plainField    `json:"fields"`
	Meta   *data.FrameMeta `json:"meta"`
}

type plainField struct {
	Name   string            `json:"name"`
	Type   string            `json:"type"`
	Config *data.FieldConfig `json:"config"`
	Labels data.Labels       `json:"labels"`
	Values []json.RawMessage `json:"values"`
	Nanos  []int64           `json:"nanos"`
}

// toDataFrame turns one core frame into an SDK frame, field by field and value by value; no
// value is computed here.
func toDataFrame(raw json.RawMessage) (*data.Frame, error) {
	var plain plainFrame
	if err := json.Unmarshal(raw, &plain); err != nil {
		return nil, fmt.Errorf("reading a frame of the core: %w", err)
	}
	frame := data.NewFrame(plain.Name)
	frame.RefID = plain.RefID
	frame.Meta = plain.Meta
	for _, f := range plain.Fields {
		field, err := toDataField(f)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", f.Name, err)
		}
		frame.Fields = append(frame.Fields, field)
	}
	return frame, nil
}

func toDataField(f plainField) (*data.Field, error) {
	var field *data.Field
	switch f.Type {
	case "time":
		values := make([]*time.Time, len(f.Values))
		nulls := false
		for i, raw := range f.Values {
			var ms *float64
			if err := json.Unmarshal(raw, &ms); err != nil {
				return nil, err
			}
			if ms == nil {
				nulls = true
				continue
			}
			var nanos int64
			if i < len(f.Nanos) {
				nanos = f.Nanos[i]
			}
			t := time.UnixMilli(int64(*ms)).Add(time.Duration(nanos)).UTC()
			values[i] = &t
		}
		field = data.NewField(f.Name, f.Labels, values)
		if !nulls {
			// Grafana's series readers take only []time.Time ("no nullable time": grafana/dataplane
			// sdata/timeseries/util.go seriesCheckSelectTime); a nullable one fails every alert query.
			times := make([]time.Time, len(values))
			for i, t := range values {
				times[i] = *t
			}
			field = data.NewField(f.Name, f.Labels, times)
		}
	case "number":
		values, err := decodeAll[float64](f.Values)
		if err != nil {
			return nil, err
		}
		field = data.NewField(f.Name, f.Labels, values)
	case "boolean":
		values, err := decodeAll[bool](f.Values)
		if err != nil {
			return nil, err
		}
		field = data.NewField(f.Name, f.Labels, values)
	case "string":
		values, err := decodeAll[string](f.Values)
		if err != nil {
			return nil, err
		}
		field = data.NewField(f.Name, f.Labels, values)
	default:
		// "other" (a row's labels object, for instance) travels as JSON.
		values := make([]json.RawMessage, len(f.Values))
		for i, raw := range f.Values {
			var compact bytes.Buffer
			if err := json.Compact(&compact, raw); err != nil {
				return nil, err
			}
			values[i] = compact.Bytes()
		}
		field = data.NewField(f.Name, f.Labels, values)
	}
	field.Config = f.Config
	return field, nil
}

// decodeAll reads each JSON value as a nullable T.
func decodeAll[T any](raw []json.RawMessage) ([]*T, error) {
	values := make([]*T, len(raw))
	for i, r := range raw {
		if err := json.Unmarshal(r, &values[i]); err != nil {
			return nil, err
		}
	}
	return values, nil
}
