package main

import (
	"io"

	"github.com/parquet-go/parquet-go"
)

// pqWriter writes the events of -format parquet: the CSV's columns, the
// strings dictionary-encoded, the times TIMESTAMP(MILLIS, UTC), pages
// compressed with Snappy (as pyarrow writes them by default).
type pqWriter struct {
	w     *parquet.GenericWriter[any]
	cols  map[string]int // column index by name
	rows  []parquet.Row
	start bool
}

func newPQWriter(out io.Writer, withStart bool) *pqWriter {
	str := func() parquet.Node { return parquet.Encoded(parquet.String(), &parquet.RLEDictionary) }
	g := parquet.Group{"case_id": str(), "activity": str(), "resource": str(), "timestamp": parquet.Timestamp(parquet.Millisecond)}
	if withStart {
		g["start_timestamp"] = parquet.Timestamp(parquet.Millisecond)
	}
	schema := parquet.NewSchema("events", g)
	p := &pqWriter{w: parquet.NewGenericWriter[any](out, schema, parquet.Compression(&parquet.Snappy)), cols: map[string]int{}, start: withStart}
	for i, path := range schema.Columns() {
		p.cols[path[0]] = i
	}
	return p
}

func (p *pqWriter) row(e *event) error {
	r := make(parquet.Row, len(p.cols))
	set := func(col string, v parquet.Value) { r[p.cols[col]] = v.Level(0, 0, p.cols[col]) }
	set("case_id", parquet.ByteArrayValue(caseID(nil, e.order)))
	set("activity", parquet.ByteArrayValue([]byte(activities[e.act])))
	set("resource", parquet.ByteArrayValue([]byte(e.res)))
	set("timestamp", parquet.Int64Value(e.end))
	if p.start {
		set("start_timestamp", parquet.Int64Value(e.start))
	}
	p.rows = append(p.rows, r)
	if len(p.rows) == 4096 {
		return p.flush()
	}
	return nil
}

func (p *pqWriter) flush() error {
	_, err := p.w.WriteRows(p.rows)
	p.rows = p.rows[:0]
	return err
}

func (p *pqWriter) close() error {
	if err := p.flush(); err != nil {
		return err
	}
	return p.w.Close()
}
