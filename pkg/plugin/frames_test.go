package plugin

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func TestToDataFrameKeepsValuesNullsNanosLabelsAndConfig(t *testing.T) {
	frame, err := toDataFrame(json.RawMessage(`{
		"refId": "A", "name": "Session errors",
		"meta": {"type": "log-lines", "typeVersion": [0, 0], "preferredVisualisationType": "logs",
			"notices": [{"severity": "info", "text": "older lines remain"}]},
		"fields": [
			{"name": "timestamp", "type": "time", "config": {}, "values": [1795165290500, null], "nanos": [123000, 0]},
			{"name": "count", "type": "number", "config": {"displayNameFromDS": "error"}, "labels": {"level": "error"}, "values": [2, null]},
			{"name": "replay_url", "type": "string", "config": {"links": [{"title": "Open", "url": "${__value.raw:raw}", "targetBlank": true}]}, "values": ["https://r/1", null]},
			{"name": "labels", "type": "other", "config": {}, "values": [{"service": "api"}, {}]}
		]}`))
	if err != nil {
		t.Fatal(err)
	}
	if frame.RefID != "A" || frame.Meta.Type != data.FrameTypeLogLines || frame.Meta.Notices[0].Severity != data.NoticeSeverityInfo {
		t.Fatalf("meta lost: %+v", frame.Meta)
	}
	at := frame.Fields[0].At(0).(*time.Time)
	if at.UnixNano() != 1795165290500*int64(time.Millisecond)+123000 || frame.Fields[0].At(1).(*time.Time) != nil {
		t.Fatalf("time lost: %v", frame.Fields[0])
	}
	if *frame.Fields[1].At(0).(*float64) != 2 || frame.Fields[1].At(1).(*float64) != nil || frame.Fields[1].Labels["level"] != "error" {
		t.Fatalf("numbers or labels lost: %v", frame.Fields[1])
	}
	if frame.Fields[1].Config.DisplayNameFromDS != "error" || frame.Fields[2].Config.Links[0].URL != "${__value.raw:raw}" {
		t.Fatalf("config lost")
	}
	if frame.Fields[2].At(1).(*string) != nil || string(frame.Fields[3].At(0).(json.RawMessage)) != `{"service":"api"}` {
		t.Fatalf("strings or objects lost")
	}
}

// A series' time field must be []time.Time, never nullable, for Grafana's series readers
// (grafana/dataplane sdata/timeseries/util.go seriesCheckSelectTime: "Must have []time.Time field
// (no nullable time)"); alerting refuses a timeseries-multi frame without one.
func TestATimeFieldWithoutNullsIsNotNullable(t *testing.T) {
	frame, err := toDataFrame(json.RawMessage(`{
		"refId": "A", "name": "checkout", "meta": {"type": "timeseries-multi", "typeVersion": [0, 1]},
		"fields": [
			{"name": "time", "type": "time", "config": {}, "values": [1795165200000, 1795165260000]},
			{"name": "count", "type": "number", "config": {}, "labels": {"service": "checkout"}, "values": [3, 0]}
		]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := frame.TypeIndices(data.FieldTypeTime); len(got) != 1 || got[0] != 0 {
		t.Fatalf("want one []time.Time field, got %v (%s)", got, frame.Fields[0].Type())
	}
	if frame.Fields[0].At(1).(time.Time).UnixMilli() != 1795165260000 {
		t.Fatalf("time lost: %v", frame.Fields[0])
	}
	if frame.TimeSeriesSchema().Type != data.TimeSeriesTypeWide {
		t.Fatalf("want a series the SDK reads as one, got %v", frame.TimeSeriesSchema().Type)
	}
}
